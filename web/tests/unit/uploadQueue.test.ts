import { UploadQueue } from '../../src/uploadQueue';

const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('UploadQueue', () => {
  it('runs at most its limit at once and hands slots on in the order asked', async () => {
    const queue = new UploadQueue(3);
    const signal = new AbortController().signal;
    const started: number[] = [];
    const releases = new Map<number, () => void>();
    for (let n = 0; n < 5; n++) void queue.acquire(signal).then((release) => (started.push(n), releases.set(n, release)));
    await settled();
    expect(started).toEqual([0, 1, 2]);
    releases.get(1)!();
    releases.get(1)!(); // a second release of the same slot frees nothing more
    await settled();
    expect(started).toEqual([0, 1, 2, 3]);
    releases.get(0)!();
    await settled();
    expect(started).toEqual([0, 1, 2, 3, 4]);
  });

  it('drops a waiting upload that is cancelled, without taking a slot', async () => {
    const queue = new UploadQueue(1);
    const release = await queue.acquire(new AbortController().signal);
    const cancelled = new AbortController();
    const waiting = queue.acquire(cancelled.signal);
    const next = queue.acquire(new AbortController().signal);
    cancelled.abort();
    await expect(waiting).rejects.toBeDefined();
    release();
    await expect(next).resolves.toBeInstanceOf(Function);
  });
});
