import { ApiError, type ResultsEntry, type UploadResult } from '../../src/api';
import { BatchPoller, StillProcessingError, type PollOptions } from '../../src/poll';

const id = (n: number) => `${String(n).padStart(8, '0')}-3c4d-4e5f-8a6b-7c8d9e0f1a2b`;
const result = (n: number, status: UploadResult['status'], visual: UploadResult['visual'] | null = { skipped: 'UNSUPPORTED_FORMAT' }): UploadResult => ({
  id: id(n),
  status,
  filename: 'a.jpg',
  uploadedAt: '',
  ...(status === 'DONE' && visual && { visual }),
});

type Answer = { results: ResultsEntry[]; retryAfter: number | null } | ApiError;

/** A fake API answering GET /results from a script of answers (the last one repeats), recording each request's ids. */
function fakeApi(script: ((ids: string[]) => Answer)[]) {
  const requests: string[][] = [];
  const api = {
    results: async (ids: string[]) => {
      requests.push(ids);
      const answer = script[Math.min(requests.length - 1, script.length - 1)]!(ids);
      if (answer instanceof ApiError) throw answer;
      return answer;
    },
  };
  return { api, requests };
}

function options(waits: number[], overrides: Partial<PollOptions> = {}): PollOptions {
  return { timeoutMs: 60_000, maxDelayMs: 4000, maxBackoffMs: 15_000, sleep: async (ms) => void waits.push(ms), random: () => 0.5, ...overrides };
}

describe('BatchPoller', () => {
  it('honours Retry-After, backs off, and resolves each upload when it is final', async () => {
    const waits: number[] = [];
    const { api } = fakeApi([
      () => ({ results: [result(1, 'PENDING')], retryAfter: 1 }),
      () => ({ results: [result(1, 'PROCESSING')], retryAfter: 1 }),
      () => ({ results: [result(1, 'DONE', null)], retryAfter: 1 }),
      () => ({ results: [result(1, 'DONE')], retryAfter: null }),
    ]);
    const updates: string[] = [];
    const final = await new BatchPoller(api, options(waits)).watch(id(1), new AbortController().signal, (update) => updates.push(update.status));
    expect(final.visual).toEqual({ skipped: 'UNSUPPORTED_FORMAT' });
    expect(updates).toEqual(['PENDING', 'PROCESSING', 'DONE', 'DONE']);
    expect(waits).toEqual([1000, 1500, 2250]);
  });

  it('polls every watched upload with one request per cycle, 25 ids at most per request', async () => {
    const { api, requests } = fakeApi([(ids) => ({ results: ids.map((i) => ({ ...result(0, 'DONE'), id: i })), retryAfter: null })]);
    const poller = new BatchPoller(api, options([]));
    const signal = new AbortController().signal;
    const all = await Promise.all(Array.from({ length: 30 }, (_, n) => poller.watch(id(n), signal, () => undefined)));
    expect(all).toHaveLength(30);
    expect(requests.map((ids) => ids.length)).toEqual([25, 5]);
  });

  it.each([429, 503, 504])('keeps polling through HTTP %i, with a jittered backoff, and never fails the card for it', async (status) => {
    const waits: number[] = [];
    const busy = () => new ApiError(`HTTP_${status}`, 'busy', status);
    const { api } = fakeApi([busy, busy, busy, () => ({ results: [result(1, 'DONE')], retryAfter: null })]);
    const final = await new BatchPoller(api, options(waits)).watch(id(1), new AbortController().signal, () => undefined);
    expect(final.status).toBe('DONE');
    // 500 ms doubling per failure, times a jitter between 0.5 and 1 (0.75 here).
    expect(waits).toEqual([750, 1500, 3000]);
  });

  it('rejects an id the server does not know with NOT_FOUND, and keeps polling the others', async () => {
    const { api } = fakeApi([
      () => ({ results: [{ id: id(1), error: { code: 'NOT_FOUND', message: 'No upload has this id.' } }, result(2, 'PROCESSING')], retryAfter: 1 }),
      () => ({ results: [result(2, 'DONE')], retryAfter: null }),
    ]);
    const poller = new BatchPoller(api, options([]));
    const signal = new AbortController().signal;
    const [unknown, known] = await Promise.allSettled([poller.watch(id(1), signal, () => undefined), poller.watch(id(2), signal, () => undefined)]);
    expect(unknown).toMatchObject({ status: 'rejected', reason: { code: 'NOT_FOUND' } });
    expect(known).toMatchObject({ status: 'fulfilled', value: { status: 'DONE' } });
  });

  it('gives up on an upload after its time limit, with the last answer', async () => {
    const { api } = fakeApi([() => ({ results: [result(1, 'PROCESSING')], retryAfter: 1 })]);
    let clock = Date.now();
    const spy = jest.spyOn(Date, 'now').mockImplementation(() => clock);
    try {
      const polling = new BatchPoller(api, options([], { timeoutMs: 10_000, sleep: async (ms) => void (clock += ms) })).watch(
        id(1),
        new AbortController().signal,
        () => undefined,
      );
      await expect(polling).rejects.toBeInstanceOf(StillProcessingError);
      await expect(polling).rejects.toMatchObject({ last: { status: 'PROCESSING' } });
    } finally {
      spy.mockRestore();
    }
  });

  it('stops polling an upload whose card is removed', async () => {
    const controller = new AbortController();
    const { api, requests } = fakeApi([() => ({ results: [result(1, 'PROCESSING')], retryAfter: 1 })]);
    const polling = new BatchPoller(api, options([])).watch(id(1), controller.signal, () => controller.abort());
    await expect(polling).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(requests).toHaveLength(1);
  });
});
