import { StorageUnavailableError } from './errors';

const TRANSIENT_NAMES = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'InternalServerError',
  'InternalError',
  'ServiceUnavailable',
  'SlowDown',
  'RequestTimeout',
  'TimeoutError',
  'TransactionConflictException',
]);

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/** True for throttling, server-side and network errors: worth a retry, never a verdict on the file. */
export function isTransientAwsError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const meta = (error as { $metadata?: { httpStatusCode?: number }; $retryable?: unknown; code?: string }).$metadata;
  if (TRANSIENT_NAMES.has(error.name)) return true;
  if ((error as { $retryable?: unknown }).$retryable) return true;
  if (meta?.httpStatusCode !== undefined && meta.httpStatusCode >= 500) return true;
  const code = (error as { code?: string }).code;
  return code !== undefined && NETWORK_CODES.has(code);
}

/** An SDK error as the ports know it: StorageUnavailableError when transient, else unchanged. */
export function storageError(error: unknown): unknown {
  return isTransientAwsError(error) ? new StorageUnavailableError(`${(error as Error).name}: ${(error as Error).message}`, { cause: error }) : error;
}

/** Runs a storage call; a transient failure comes out as StorageUnavailableError, anything else as it was. */
export async function translateStorageErrors<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw storageError(error);
  }
}
