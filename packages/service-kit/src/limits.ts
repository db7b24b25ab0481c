import { DEFAULT_MAX_PIXELS } from '@image-pipeline/metadata';

const MiB = 1024 * 1024;

/**
 * The one home of the services' default limits. serverless.yml passes each to the functions as an
 * environment variable with the same value (a template test checks that they agree); these are
 * what a function uses when the variable is unset.
 */
export const DEFAULT_LIMITS = {
  /** POST /upload: API Gateway and Lambda carry about 4.5 MB of body after base64. */
  maxUploadBytes: 4 * MiB,
  /** A presigned PUT; the processor refuses larger objects unread. */
  maxPresignedUploadBytes: 50 * MiB,
  /** Images whose header claims more are refused (TOO_MANY_PIXELS). */
  maxPixels: DEFAULT_MAX_PIXELS,
  /** Thumbnails, hashes and colours only for images under both. */
  visualMaxPixels: 40_000_000,
  visualMaxBytes: 25 * MiB,
  /** Days before a record and its objects expire. */
  resultTtlDays: 30,
  /** Lambda's retries of a failed processor event (maximumRetryAttempts). */
  processorRetries: 2,
} as const;
