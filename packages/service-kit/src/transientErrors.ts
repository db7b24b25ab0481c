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
