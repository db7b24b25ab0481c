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
  /** A presigned PUT; larger files go to storage as a multipart upload. */
  maxPresignedUploadBytes: 50 * MiB,
  /** A multipart upload (S3's single-object limit is 5 TiB; 5 GiB covers any camera file); the processor refuses larger objects unread. */
  maxMultipartUploadBytes: 5 * 1024 * MiB,
  /** Each part of a multipart upload (the last may be smaller): above S3's 5 MiB minimum, few enough round trips. */
  multipartPartBytes: 8 * MiB,
  /** How long a multipart upload may take to arrive; the bucket's lifecycle rule aborts what is left after a day. */
  multipartWindowHours: 24,
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
