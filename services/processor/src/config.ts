import { booleanFlag, DEFAULT_LIMITS, positiveInteger, requireString, wholeNumber } from '@image-pipeline/service-kit';
import { readAwsConfig, readEventsConfig, type AwsConfig, type EventsConfig } from '@image-pipeline/service-kit/aws';
import type { VisualLimits } from './visual/visualFeatures';

/** The processor's configuration, read and validated once at cold start. */
export interface ProcessorConfig {
  aws: AwsConfig;
  events: EventsConfig;
  bucket: string;
  tableName: string;
  /** Objects above this size are refused without being read (the presigned upload limit). */
  maxObjectBytes: number;
  maxPixels: number;
  redactLocation: boolean;
  /** Deliveries of one event before a transient failure is recorded as FAILED (1 + Lambda's retries). */
  maxAttempts: number;
  /** On AWS, S3 event keys are URL-encoded; the local emulator sends them raw. */
  eventKeysUrlEncoded: boolean;
  /** Images are decoded for thumbnails only under these limits (VISUAL_MAX_PIXELS, VISUAL_MAX_BYTES). */
  visualLimits: VisualLimits;
}

export function readConfig(env: Record<string, string | undefined> = process.env): ProcessorConfig {
  const aws = readAwsConfig(env);
  return {
    aws,
    events: readEventsConfig(env),
    bucket: requireString(env, 'UPLOADS_BUCKET'),
    tableName: requireString(env, 'TABLE_NAME'),
    // The largest object any upload path stores: a multipart upload's.
    maxObjectBytes: positiveInteger(env, 'MAX_MULTIPART_UPLOAD_BYTES', DEFAULT_LIMITS.maxMultipartUploadBytes),
    maxPixels: positiveInteger(env, 'MAX_PIXELS', DEFAULT_LIMITS.maxPixels),
    redactLocation: booleanFlag(env, 'REDACT_LOCATION', false),
    // Lambda's first delivery plus its retries (maximumRetryAttempts, passed as PROCESSOR_RETRIES).
    maxAttempts: 1 + wholeNumber(env, 'PROCESSOR_RETRIES', DEFAULT_LIMITS.processorRetries),
    eventKeysUrlEncoded: aws.local === null,
    visualLimits: {
      maxPixels: positiveInteger(env, 'VISUAL_MAX_PIXELS', DEFAULT_LIMITS.visualMaxPixels),
      maxBytes: positiveInteger(env, 'VISUAL_MAX_BYTES', DEFAULT_LIMITS.visualMaxBytes),
    },
  };
}
