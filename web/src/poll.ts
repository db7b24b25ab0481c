import { isFinal, LIFECYCLE } from '@image-pipeline/service-kit/upload';
import { ApiError, type ApiClient, type UploadResult } from './api';

export interface PollOptions {
  /** Give up on an upload after this long without a final status. */
  timeoutMs: number;
  /** Longest wait between two polls while the server answers. */
  maxDelayMs: number;
  /** Longest wait between two polls while the server is throttling or unavailable. */
  maxBackoffMs: number;
  sleep?: (ms: number) => Promise<void>;
  /** 0 ≤ x < 1, for jitter. */
  random?: () => number;
}

export const DEFAULT_POLL: PollOptions = { timeoutMs: 90_000, maxDelayMs: 4_000, maxBackoffMs: 15_000 };
/** Ids per GET /results request (the server's limit). */
const IDS_PER_REQUEST = LIFECYCLE.resultsPerRequest;
const FIRST_DELAY_MS = 500;

/** Thrown when polling gives up: the upload may still finish, and can be checked again. */
export class StillProcessingError extends Error {
  constructor(readonly last: UploadResult | null) {
    super('Still processing');
    this.name = 'StillProcessingError';
  }
}

interface Watch {
  onUpdate: (result: UploadResult) => void;
  resolve: (result: UploadResult) => void;
  reject: (error: unknown) => void;
  started: number;
  last: UploadResult | null;
  /** Stops listening to the caller's signal once the watch is settled. */
  detach: () => void;
}

/**
 * Polls every watched upload with one GET /results per cycle (25 ids a request), however many
 * cards there are: 50 cards polling on their own would be throttled by the API's 20 requests/s.
 * Honours Retry-After and backs off towards maxDelayMs; on throttling (429), 502/503/504 or a
 * network failure it backs off with jitter and keeps going, so no card fails for that.
 */
export class BatchPoller {
  private readonly watched = new Map<string, Watch>();
  private running = false;
  private delay = FIRST_DELAY_MS;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(
    private readonly api: Pick<ApiClient, 'results'>,
    private readonly options: PollOptions = DEFAULT_POLL,
  ) {
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
  }

  /** Resolves once the upload is final (see isFinal); rejects with StillProcessingError after timeoutMs, or CANCELLED when the signal aborts. */
  watch(id: string, signal: AbortSignal, onUpdate: (result: UploadResult) => void): Promise<UploadResult> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(new ApiError('CANCELLED', 'Cancelled.'));
      const onAbort = () => this.settle(id, (watch) => watch.reject(new ApiError('CANCELLED', 'Cancelled.')));
      this.watched.set(id, { onUpdate, resolve, reject, started: Date.now(), last: null, detach: () => signal.removeEventListener('abort', onAbort) });
      signal.addEventListener('abort', onAbort, { once: true });
      this.delay = FIRST_DELAY_MS; // a new upload is worth an early look
      if (!this.running) {
        this.running = true;
        // After the current task, so that uploads watched together share the first request.
        queueMicrotask(() => void this.run());
      }
    });
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.watched.size > 0) {
      let retryAfter = 0;
      try {
        const ids = [...this.watched.keys()];
        for (let start = 0; start < ids.length; start += IDS_PER_REQUEST) {
          const answer = await this.api.results(ids.slice(start, start + IDS_PER_REQUEST), new AbortController().signal);
          retryAfter = Math.max(retryAfter, answer.retryAfter ?? 0);
          for (const entry of answer.results) this.deliver(entry);
        }
        failures = 0;
        this.delay = Math.min(this.options.maxDelayMs, Math.max(retryAfter * 1000, this.delay * 1.5));
      } catch (error) {
        if (!(error instanceof ApiError && error.transient)) {
          for (const id of [...this.watched.keys()]) this.settle(id, (watch) => watch.reject(error));
          break;
        }
        failures += 1;
        // Exponential backoff with full jitter, so that many pages do not come back in step.
        const ceiling = Math.min(this.options.maxBackoffMs, FIRST_DELAY_MS * 2 ** failures);
        this.delay = Math.max(retryAfter * 1000, ceiling * (0.5 + this.random() / 2));
      }
      const now = Date.now();
      for (const [id, watch] of this.watched) {
        if (now - watch.started > this.options.timeoutMs) this.settle(id, (w) => w.reject(new StillProcessingError(watch.last)));
      }
      if (this.watched.size > 0) await this.sleep(this.delay);
    }
    this.running = false;
  }

  private deliver(entry: UploadResult | { id: string; error: { code: string; message: string } }): void {
    const watch = this.watched.get(entry.id);
    if (!watch) return;
    if (!('status' in entry)) {
      this.settle(entry.id, (w) => w.reject(new ApiError(entry.error.code, entry.error.message, 404)));
      return;
    }
    watch.last = entry;
    watch.onUpdate(entry);
    if (isFinal(entry)) this.settle(entry.id, (w) => w.resolve(entry));
  }

  private settle(id: string, how: (watch: Watch) => void): void {
    const watch = this.watched.get(id);
    if (!watch) return;
    this.watched.delete(id);
    watch.detach();
    how(watch);
  }
}
