import type { MultipartPartUrls, MultipartStarted } from '@image-pipeline/service-kit';
import { ApiError, type Accepted, type Progress, type UploadOptions } from './api';

/** The calls a multipart upload makes (ApiClient's; a test's fake). */
export interface MultipartApi {
  startMultipart(file: File, options: UploadOptions, signal: AbortSignal): Promise<MultipartStarted>;
  signParts(id: string, partNumbers: number[], deleteToken: string | null, signal: AbortSignal): Promise<MultipartPartUrls['parts']>;
  putPart(part: { url: string; headers: Record<string, string> }, data: Blob, onProgress: Progress, signal: AbortSignal): Promise<string>;
  completeMultipart(id: string, parts: { partNumber: number; etag: string }[], deleteToken: string | null, signal: AbortSignal): Promise<void>;
  abortMultipart(id: string, deleteToken: string | null): Promise<void>;
}

export interface PartSettings {
  /** Parts in flight at once. */
  concurrency: number;
  /** Further attempts of a failed part before the upload fails. */
  retries: number;
  /** The pause before a part's first retry, doubled after each. */
  retryDelayMs: number;
}

export const PART_SETTINGS: PartSettings = { concurrency: 4, retries: 4, retryDelayMs: 500 };

/**
 * Sends a file as the server cut it (`partSize` bytes a part, a few in flight), each part to a URL
 * the server signed for its exact length; a failed part is sent again (after a pause that doubles),
 * progress counts every byte across the parts, and the server completes the upload with each
 * part's ETag. Cancel (the signal), or a part that keeps failing, aborts the upload: its parts are
 * removed and nothing is left half-stored.
 *
 * Written here rather than with @uppy/aws-s3: its current major (6) signs raw S3 requests that the
 * browser sends itself, completion included, so the API could neither check the parts nor keep the
 * upload's record; the four-callback API that fits ours is only in its superseded major (5).
 */
export async function uploadInParts(
  api: MultipartApi,
  file: File,
  options: UploadOptions,
  onProgress: Progress,
  signal: AbortSignal,
  settings: PartSettings = PART_SETTINGS,
): Promise<Accepted> {
  // Cancel does not cut the start short: the server may have created the upload already, and
  // only the answer names it. A Cancel meanwhile aborts it as soon as it is known, so a cancelled
  // upload is always recorded FAILED (CANCELLED), never left PENDING.
  const started = await api.startMultipart(file, options, new AbortController().signal);
  const token = started.deleteToken ?? null;
  if (signal.aborted) {
    await api.abortMultipart(started.id, token).catch(() => undefined);
    throw new ApiError('CANCELLED', 'Upload cancelled.');
  }
  const { partSize, partCount } = started;
  const loaded = new Array<number>(partCount).fill(0);
  const report = () => onProgress(loaded.reduce((sum, bytes) => sum + bytes, 0) / file.size);
  const etags: string[] = [];
  let next = 1;
  // Stops every part in flight: on Cancel, and when one part has failed for good.
  const stop = new AbortController();
  const onCancel = () => stop.abort();
  signal.addEventListener('abort', onCancel, { once: true });
  try {
    const sendPart = async (partNumber: number) => {
      const data = file.slice((partNumber - 1) * partSize, Math.min(file.size, partNumber * partSize));
      for (let attempt = 0; ; attempt++) {
        try {
          // Signed just before it is sent: a URL is valid minutes, a slow upload takes longer.
          const [url] = await api.signParts(started.id, [partNumber], token, stop.signal);
          etags[partNumber - 1] = await api.putPart(url!, data, (fraction) => ((loaded[partNumber - 1] = fraction * data.size), report()), stop.signal);
          loaded[partNumber - 1] = data.size;
          report();
          return;
        } catch (error) {
          loaded[partNumber - 1] = 0;
          if (stop.signal.aborted || !(error instanceof ApiError) || !retryable(error) || attempt >= settings.retries) throw error;
          await pause(settings.retryDelayMs * 2 ** attempt, stop.signal);
        }
      }
    };
    const worker = async () => {
      while (next <= partCount && !stop.signal.aborted) await sendPart(next++);
    };
    await Promise.all(
      Array.from({ length: Math.min(settings.concurrency, partCount) }, () =>
        worker().catch((error: unknown) => {
          stop.abort();
          throw error;
        }),
      ),
    );
    if (stop.signal.aborted) throw new ApiError('CANCELLED', 'Upload cancelled.');
    await api.completeMultipart(
      started.id,
      etags.map((etag, i) => ({ partNumber: i + 1, etag })),
      token,
      signal,
    );
  } catch (error) {
    stop.abort();
    // Whatever stopped it, the parts go: the upload is recorded FAILED (CANCELLED), not left PENDING.
    await api.abortMultipart(started.id, token).catch(() => undefined);
    throw signal.aborted ? new ApiError('CANCELLED', 'Upload cancelled.') : error;
  } finally {
    signal.removeEventListener('abort', onCancel);
  }
  return { id: started.id, deleteToken: started.deleteToken };
}

/** A network failure, a storage hiccup (5xx, 429) or an expired URL (403 from storage): worth sending the part again. */
function retryable(error: ApiError): boolean {
  return error.transient || error.code === 'STORAGE_REFUSED';
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
