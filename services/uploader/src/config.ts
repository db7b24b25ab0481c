import { corsOrigin, DEFAULT_LIMITS, positiveInteger, requireString } from '@image-pipeline/service-kit';
import { readAwsConfig, readEventsConfig, type AwsConfig, type EventsConfig } from '@image-pipeline/service-kit/aws';

/** The uploader's configuration, read and validated once at cold start. */
export interface UploaderConfig {
  aws: AwsConfig;
  events: EventsConfig;
  bucket: string;
  tableName: string;
  corsOrigin: string;
  /** Largest file accepted through POST /upload (API Gateway carries about 4.5 MB after base64). */
  maxUploadBytes: number;
  /** Largest file accepted through a presigned PUT. */
  maxPresignedUploadBytes: number;
  /** Largest file accepted as a multipart upload. */
  maxMultipartUploadBytes: number;
  /** Least size of a multipart upload's parts. */
  multipartPartBytes: number;
  /** How long a multipart upload may take to complete. */
  multipartWindowHours: number;
  /** How long a presigned PUT URL stays valid. */
  uploadUrlTtlSeconds: number;
  resultTtlDays: number;
}

export function readConfig(env: Record<string, string | undefined> = process.env): UploaderConfig {
  return {
    aws: readAwsConfig(env),
    events: readEventsConfig(env),
    bucket: requireString(env, 'UPLOADS_BUCKET'),
    tableName: requireString(env, 'TABLE_NAME'),
    corsOrigin: corsOrigin(env),
    maxUploadBytes: positiveInteger(env, 'MAX_UPLOAD_BYTES', DEFAULT_LIMITS.maxUploadBytes),
    maxPresignedUploadBytes: positiveInteger(env, 'MAX_PRESIGNED_UPLOAD_BYTES', DEFAULT_LIMITS.maxPresignedUploadBytes),
    maxMultipartUploadBytes: positiveInteger(env, 'MAX_MULTIPART_UPLOAD_BYTES', DEFAULT_LIMITS.maxMultipartUploadBytes),
    multipartPartBytes: DEFAULT_LIMITS.multipartPartBytes,
    multipartWindowHours: DEFAULT_LIMITS.multipartWindowHours,
    uploadUrlTtlSeconds: positiveInteger(env, 'UPLOAD_URL_TTL_SECONDS', 300),
    resultTtlDays: positiveInteger(env, 'RESULT_TTL_DAYS', DEFAULT_LIMITS.resultTtlDays),
  };
}
