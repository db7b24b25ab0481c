import { ApiError, type ApiClient, type UploadResult } from './api';

export interface PollOptions {
  /** Give up after this long without a final status. */
  timeoutMs: number;
  /** Longest wait between two polls. */
  maxDelayMs: number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export const DEFAULT_POLL: PollOptions = { timeoutMs: 60_000, maxDelayMs: 4_000 };

/** Thrown when polling gives up: the upload may still finish, and can be checked again. */
export class StillProcessing extends Error {
  constructor(readonly last: UploadResult | null) {
    super('Still processing');
  }
}

/** Nothing more will change: FAILED, or DONE with its visual features. */
export function isFinal(result: UploadResult): boolean {
  return result.status === 'FAILED' || (result.status === 'DONE' && result.visual !== undefined);
}

/**
 * Polls until final (see isFinal): waits what Retry-After asks, backing off towards maxDelayMs, and gives
 * up after timeoutMs. Stops at once when the signal aborts (the card was removed).
 */
export async function pollResult(api: ApiClient, id: string, signal: AbortSignal, onUpdate: (result: UploadResult) => void, options: PollOptions = DEFAULT_POLL): Promise<UploadResult> {
  const sleep = options.sleep ?? abortableSleep;
  const started = Date.now();
  let delay = 500;
  let last: UploadResult | null = null;
  for (;;) {
    if (signal.aborted) throw new ApiError('CANCELLED', 'Cancelled.');
    const { result, retryAfter } = await api.result(id, signal);
    last = result;
    onUpdate(result);
    if (isFinal(result)) return result;
    if (Date.now() - started > options.timeoutMs) throw new StillProcessing(last);
    delay = Math.min(options.maxDelayMs, Math.max(retryAfter ? retryAfter * 1000 : 0, delay * 1.5));
    await sleep(delay, signal);
  }
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
