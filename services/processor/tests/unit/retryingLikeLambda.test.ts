import { retryingLikeLambda } from '../../src/handleS3Event';

describe('retryingLikeLambda (the local stack: the emulator delivers an event once)', () => {
  it('delivers a failed event again, as Lambda would, until it succeeds', async () => {
    let calls = 0;
    const handler = retryingLikeLambda(
      async () => {
        calls += 1;
        if (calls < 3) throw new Error('SlowDown');
      },
      2,
      0,
    );
    await handler({});
    expect(calls).toBe(3);
  });

  it('gives up after as many retries as Lambda makes, with the last error', async () => {
    let calls = 0;
    const handler = retryingLikeLambda(
      async () => {
        calls += 1;
        throw new Error(`attempt ${calls}`);
      },
      2,
      0,
    );
    await expect(handler({})).rejects.toThrow('attempt 3');
    expect(calls).toBe(3);
  });
});
