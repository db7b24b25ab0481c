import type { ApiClient, UploadResult } from '../../src/api';
import { pollResult, StillProcessing } from '../../src/poll';

const ID = '0b8f6a2e-3c4d-4e5f-8a6b-7c8d9e0f1a2b';
const answer = (status: UploadResult['status'], retryAfter: number | null = 1, visual: UploadResult['visual'] | null = { skipped: 'UNSUPPORTED_FORMAT' }) => ({
  result: { id: ID, status, filename: 'a.jpg', uploadedAt: '', ...(status === 'DONE' && visual && { visual }) },
  retryAfter,
});

function fakeApi(answers: ReturnType<typeof answer>[]) {
  let calls = 0;
  const api = { result: async () => answers[Math.min(calls++, answers.length - 1)]! } as unknown as ApiClient;
  return { api, calls: () => calls };
}

describe('pollResult', () => {
  it('honours Retry-After, backs off, and stops at DONE', async () => {
    const waits: number[] = [];
    const { api } = fakeApi([answer('PENDING'), answer('PROCESSING'), answer('PROCESSING'), answer('DONE', null)]);
    const result = await pollResult(api, ID, new AbortController().signal, () => undefined, { timeoutMs: 60_000, maxDelayMs: 4000, sleep: async (ms) => void waits.push(ms) });
    expect(result.status).toBe('DONE');
    expect(waits).toEqual([1000, 1500, 2250]);
  });

  it('keeps polling a DONE upload until its visual features arrive', async () => {
    const { api, calls } = fakeApi([answer('DONE', 1, null), answer('DONE', 1, null), answer('DONE', null)]);
    const result = await pollResult(api, ID, new AbortController().signal, () => undefined, { timeoutMs: 60_000, maxDelayMs: 4000, sleep: async () => undefined });
    expect(result.visual).toEqual({ skipped: 'UNSUPPORTED_FORMAT' });
    expect(calls()).toBe(3);
  });

  it('gives up after its time limit with the last answer', async () => {
    const { api } = fakeApi([answer('PROCESSING')]);
    const now = Date.now();
    const spy = jest.spyOn(Date, 'now');
    let clock = now;
    spy.mockImplementation(() => clock);
    await expect(
      pollResult(api, ID, new AbortController().signal, () => undefined, { timeoutMs: 10_000, maxDelayMs: 4000, sleep: async (ms) => void (clock += ms) }),
    ).rejects.toBeInstanceOf(StillProcessing);
    spy.mockRestore();
  });

  it('stops when the card is removed', async () => {
    const controller = new AbortController();
    const { api, calls } = fakeApi([answer('PROCESSING')]);
    const polling = pollResult(api, ID, controller.signal, () => controller.abort(), { timeoutMs: 60_000, maxDelayMs: 4000, sleep: async () => undefined });
    await expect(polling).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(calls()).toBe(1);
  });
});
