import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Where the AWS clients point. `local` is set only under serverless-offline (IS_OFFLINE), so the
 * emulators' endpoints and credentials can never reach a deployed function.
 */
export interface AwsConfig {
  region: string;
  local: { s3Endpoint: string; dynamodbEndpoint: string } | null;
}

type Env = Record<string, string | undefined>;

/**
 * A storage service that hangs must not hang a function: each attempt gives up when the connection
 * takes over a second or the socket stays silent for 1.5 s, and there are two attempts, so a call
 * fails within about 3.5 s, inside the result function's 5 s and far inside API Gateway's 29 s.
 * (The timeout is for silence, not total time: a 25 MB download that keeps flowing is not cut.)
 */
export const STORAGE_TIMEOUTS = { connectionTimeout: 1000, requestTimeout: 1500, maxAttempts: 2 } as const;
// throwOnRequestTimeout: without it, this SDK only logs a warning when the socket stays silent.
const requestHandler = { connectionTimeout: STORAGE_TIMEOUTS.connectionTimeout, requestTimeout: STORAGE_TIMEOUTS.requestTimeout, throwOnRequestTimeout: true };

/** The emulators' fixed credentials (s3rver checks them; DynamoDB Local accepts any). */
const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export function readAwsConfig(env: Env): AwsConfig {
  const region = env.AWS_REGION ?? 'us-east-1';
  if (env.IS_OFFLINE !== 'true') return { region, local: null };
  return {
    region,
    local: {
      s3Endpoint: env.AWS_ENDPOINT_URL_S3 ?? 'http://localhost:4569',
      dynamodbEndpoint: env.AWS_ENDPOINT_URL_DYNAMODB ?? 'http://localhost:8000',
    },
  };
}

export function createS3Client(config: AwsConfig): S3Client {
  return new S3Client({
    region: config.region,
    requestHandler,
    maxAttempts: STORAGE_TIMEOUTS.maxAttempts,
    // Without this the SDK adds a CRC32 of the *empty* body to presigned PUT URLs, which S3 then
    // refuses for the real body; checksums stay on where an operation requires them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(config.local && { endpoint: config.local.s3Endpoint, forcePathStyle: true, credentials: LOCAL_CREDENTIALS }),
  });
}

export function createDocumentClient(config: AwsConfig): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    region: config.region,
    requestHandler,
    maxAttempts: STORAGE_TIMEOUTS.maxAttempts,
    ...(config.local && { endpoint: config.local.dynamodbEndpoint, credentials: LOCAL_CREDENTIALS }),
  });
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
