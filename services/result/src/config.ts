import { corsOrigin, requireString } from '@image-pipeline/service-kit';
import { readAwsConfig, type AwsConfig } from '@image-pipeline/service-kit/aws';

/** The result service's configuration, read and validated once at cold start. */
export interface ResultConfig {
  aws: AwsConfig;
  tableName: string;
  bucket: string;
  corsOrigin: string;
}

export function readConfig(env: Record<string, string | undefined> = process.env): ResultConfig {
  return {
    aws: readAwsConfig(env),
    tableName: requireString(env, 'TABLE_NAME'),
    bucket: requireString(env, 'UPLOADS_BUCKET'),
    corsOrigin: corsOrigin(env),
  };
}
