import { booleanFlag, positiveInteger, requireString } from '@image-pipeline/service-kit';
import { readAwsConfig, type AwsConfig } from '@image-pipeline/service-kit/aws';
import type { VisualLimits } from './visual/visualFeatures';

/** The processor's configuration, read and validated once at cold start. */
export interface ProcessorConfig {
  aws: AwsConfig;
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
  /** Benchmark only: download whole objects instead of ranged reads (PROCESSOR_READ_WHOLE_OBJECT). */
  readWholeObject: boolean;
  /** Images are decoded for thumbnails only under these limits (VISUAL_MAX_PIXELS, VISUAL_MAX_BYTES). */
  visualLimits: VisualLimits;
}

export function readConfig(env: Record<string, string | undefined> = process.env): ProcessorConfig {
  const aws = readAwsConfig(env);
  return {
    aws,
    bucket: requireString(env, 'UPLOADS_BUCKET'),
    tableName: requireString(env, 'TABLE_NAME'),
    maxObjectBytes: positiveInteger(env, 'MAX_PRESIGNED_UPLOAD_BYTES', 50 * 1024 * 1024),
    maxPixels: positiveInteger(env, 'MAX_PIXELS', 100_000_000),
    redactLocation: booleanFlag(env, 'REDACT_LOCATION', false),
    maxAttempts: positiveInteger(env, 'MAX_ATTEMPTS', 3),
    eventKeysUrlEncoded: aws.local === null,
    readWholeObject: booleanFlag(env, 'PROCESSOR_READ_WHOLE_OBJECT', false),
    visualLimits: {
      maxPixels: positiveInteger(env, 'VISUAL_MAX_PIXELS', 40_000_000),
      maxBytes: positiveInteger(env, 'VISUAL_MAX_BYTES', 25 * 1024 * 1024),
    },
  };
}
