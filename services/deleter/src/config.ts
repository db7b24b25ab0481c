import { corsOrigin, requireString } from '@image-pipeline/service-kit';
import { readAwsConfig, readEventsConfig, type AwsConfig, type EventsConfig } from '@image-pipeline/service-kit/aws';

/** The deleter's configuration, read and validated once at cold start. */
export interface DeleterConfig {
  aws: AwsConfig;
  events: EventsConfig;
  tableName: string;
  bucket: string;
  corsOrigin: string;
}

export function readConfig(env: Record<string, string | undefined> = process.env): DeleterConfig {
  return {
    aws: readAwsConfig(env),
    events: readEventsConfig(env),
    tableName: requireString(env, 'TABLE_NAME'),
    bucket: requireString(env, 'UPLOADS_BUCKET'),
    corsOrigin: corsOrigin(env),
  };
}
