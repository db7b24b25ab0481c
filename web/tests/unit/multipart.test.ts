import { ApiError } from '../../src/api';
import { uploadInParts, type MultipartApi } from '../../src/multipart';

const MiB = 1024 * 1024;

/** An API whose storage keeps the parts, fails the parts named in `failures` that many times, and records every call. */
function fakeApi(options: { size: number; partSize: number; failures?: Record<number, number>; failForGood?: number }) {
  const calls: string[] = [];
  const stored = new Map<number, number>();
  let inFlight = 0;
  let mostInFlight = 0;
  const failures = { ...options.failures };
  const api: MultipartApi = {
    async startMultipart() {
      calls.push('start');
      return {
        id: 'u1',
        status: 'PENDING',
        resultUrl: '/result/u1',
        deleteToken: 'tok',
        partSize: options.partSize,
        partCount: Math.ceil(options.size / options.partSize),
        expiresAt: '',
      };
    },
    async signParts(_id, partNumbers, token) {
      expect(token).toBe('tok');
      return partNumbers.map((partNumber) => ({ partNumber, url: `part:${partNumber}`, headers: {} }));
    },
    async putPart(part, data, onProgress, signal) {
      const partNumber = Number(part.url.split(':')[1]);
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      try {
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (signal.aborted) throw new ApiError('CANCELLED', 'Upload cancelled.');
        if (partNumber === options.failForGood) throw new ApiError('STORAGE_REFUSED', 'refused', 400);
        if ((failures[partNumber] ?? 0) > 0) {
          failures[partNumber]! -= 1;
          calls.push(`drop ${partNumber}`);
          throw new ApiError('NETWORK', 'dropped');
        }
        onProgress(0.5);
        onProgress(1);
        stored.set(partNumber, data.size);
        return `"etag-${partNumber}"`;
      } finally {
        inFlight -= 1;
      }
    },
    async completeMultipart(_id, parts) {
      calls.push(`complete ${parts.map((p) => `${p.partNumber}=${p.etag}`).join(',')}`);
    },
    async abortMultipart() {
      calls.push('abort');
    },
  };
  return { api, calls, stored, mostInFlight: () => mostInFlight };
}

const file = (size: number) => new File([new Uint8Array(size)], 'big.mov', { type: 'video/quicktime' });
const settings = { concurrency: 4, retries: 3, retryDelayMs: 1 };

describe('uploading in parts', () => {
  it('sends every part, a few at a time, the last the rest, and completes with their ETags in order', async () => {
    const size = 50 * MiB + 123;
    const { api, calls, stored, mostInFlight } = fakeApi({ size, partSize: 8 * MiB });
    const progress: number[] = [];
    await expect(uploadInParts(api, file(size), { private: false }, (f) => progress.push(f), new AbortController().signal, settings)).resolves.toEqual({
      id: 'u1',
      deleteToken: 'tok',
    });
    expect([...stored.keys()].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(stored.get(7)).toBe(2 * MiB + 123);
    expect(mostInFlight()).toBe(4);
    expect(calls.at(-1)).toBe(`complete ${[1, 2, 3, 4, 5, 6, 7].map((n) => `${n}="etag-${n}"`).join(',')}`);
    expect(progress.at(-1)).toBe(1);
  });

  it('survives a dropped part: it is sent again, and the upload completes', async () => {
    const { api, calls } = fakeApi({ size: 20 * MiB, partSize: 8 * MiB, failures: { 2: 2 } });
    await uploadInParts(api, file(20 * MiB), { private: false }, () => undefined, new AbortController().signal, settings);
    expect(calls.filter((c) => c === 'drop 2')).toHaveLength(2);
    expect(calls.at(-1)).toMatch(/^complete 1=.*,2=.*,3=/);
    expect(calls).not.toContain('abort');
  });

  it('aborts the upload (nothing half-stored) when a part keeps failing or storage refuses it', async () => {
    const dropped = fakeApi({ size: 20 * MiB, partSize: 8 * MiB, failures: { 3: 99 } });
    await expect(uploadInParts(dropped.api, file(20 * MiB), { private: false }, () => undefined, new AbortController().signal, settings)).rejects.toMatchObject(
      { code: 'NETWORK' },
    );
    expect(dropped.calls.at(-1)).toBe('abort');
    const refused = fakeApi({ size: 20 * MiB, partSize: 8 * MiB, failForGood: 1 });
    await expect(uploadInParts(refused.api, file(20 * MiB), { private: false }, () => undefined, new AbortController().signal, settings)).rejects.toMatchObject(
      { code: 'STORAGE_REFUSED' },
    );
    expect(refused.calls.at(-1)).toBe('abort');
  });

  it('cancels: the parts in flight stop, the upload is aborted, and nothing completes', async () => {
    const { api, calls } = fakeApi({ size: 80 * MiB, partSize: 8 * MiB });
    const controller = new AbortController();
    const upload = uploadInParts(api, file(80 * MiB), { private: false }, (fraction) => fraction > 0 && controller.abort(), controller.signal, settings);
    await expect(upload).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(calls).toContain('abort');
    expect(calls.some((c) => c.startsWith('complete'))).toBe(false);
  });

  it('cancelled while the start is in flight: the start is not cut short, and the upload it created is aborted', async () => {
    const { api, calls } = fakeApi({ size: 80 * MiB, partSize: 8 * MiB });
    const controller = new AbortController();
    const start = api.startMultipart.bind(api);
    let startSignal: AbortSignal | undefined;
    api.startMultipart = async (f, options, signal) => {
      startSignal = signal;
      controller.abort(); // Cancel, pressed while the server creates the upload
      await new Promise((resolve) => setTimeout(resolve, 5));
      return start(f, options, signal);
    };
    const upload = uploadInParts(api, file(80 * MiB), { private: false }, () => undefined, controller.signal, settings);
    await expect(upload).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(startSignal?.aborted).toBe(false);
    expect(calls).toEqual(['start', 'abort']);
  });
});
