import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Agent } from 'node:http';

/**
 * Where the AWS clients point. `local` is set only under serverless-offline (IS_OFFLINE), so the
 * emulators' endpoints and credentials can never reach a deployed function.
 */
export interface AwsConfig {
  region: string;
  local: { s3Endpoint: string; dynamodbEndpoint: string } | null;
  /** How long a connection may take, how long a storage socket may stay silent before an attempt fails, and how many attempts (STORAGE_TIMEOUTS). */
  connectionTimeoutMs: number;
  requestTimeoutMs: number;
  maxAttempts: number;
}

type Env = Record<string, string | undefined>;

/**
 * A storage service that hangs must not hang a function: each attempt gives up when the connection
 * takes over a second or the socket stays silent for 1.5 s, and there are two attempts, so a call
 * fails within about 3.5 s, inside every function's timeout and far inside API Gateway's 29 s.
 * (The timeout is for silence, not total time: a 25 MB download that keeps flowing is not cut.)
 */
export const STORAGE_TIMEOUTS = { connectionTimeout: 1000, requestTimeout: 1500, maxAttempts: 2 } as const;

/**
 * Locally the emulators share one event loop with every function, and under a burst of uploads
 * they can be silent for seconds while still working, and slow to accept a connection: a cold
 * burst of 100 uploads met the 1 s connection timeout a dozen times (503s), and an aborted PUT
 * even leaves s3rver with a truncated object. So the local stack sets
 * AWS_STORAGE_REQUEST_TIMEOUT_MS (read only under IS_OFFLINE, like the endpoints): one patient
 * attempt, for connecting as for answering, instead of two quick ones (the emulators never
 * throttle). Deployed timeouts are unchanged.
 */
export function awsRequestHandler(config: AwsConfig) {
  // throwOnRequestTimeout: without it, this SDK only logs a warning when the socket stays silent.
  const handler = { connectionTimeout: config.connectionTimeoutMs, requestTimeout: config.requestTimeoutMs, throwOnRequestTimeout: true };
  // Locally, a connection per call: an emulator closes an idle kept-alive connection (s3rver after
  // 5 s), and a call that reuses it as it closes fails with "socket hang up", which the one local
  // attempt turned into a 503. On loopback a connection costs nothing; deployed, keep-alive stays.
  return config.local ? { ...handler, httpAgent: new Agent({ keepAlive: false }) } : handler;
}

/** The emulators' fixed credentials (s3rver checks them; DynamoDB Local accepts any). */
const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export function readAwsConfig(env: Env): AwsConfig {
  const region = env.AWS_REGION ?? 'us-east-1';
  const deployed = {
    connectionTimeoutMs: STORAGE_TIMEOUTS.connectionTimeout,
    requestTimeoutMs: STORAGE_TIMEOUTS.requestTimeout,
    maxAttempts: STORAGE_TIMEOUTS.maxAttempts,
  };
  if (env.IS_OFFLINE !== 'true') return { region, local: null, ...deployed };
  const localTimeout = Number(env.AWS_STORAGE_REQUEST_TIMEOUT_MS);
  return {
    region,
    ...(Number.isSafeInteger(localTimeout) && localTimeout > 0
      ? { connectionTimeoutMs: localTimeout, requestTimeoutMs: localTimeout, maxAttempts: 1 }
      : deployed),
    local: {
      s3Endpoint: env.AWS_ENDPOINT_URL_S3 ?? 'http://localhost:4569',
      dynamodbEndpoint: env.AWS_ENDPOINT_URL_DYNAMODB ?? 'http://localhost:8000',
    },
  };
}

export function createS3Client(config: AwsConfig, capture: <T>(client: T) => T = (client) => client): S3Client {
  return capture(
    new S3Client({
      region: config.region,
      requestHandler: awsRequestHandler(config),
      maxAttempts: config.maxAttempts,
      // Without this the SDK adds a CRC32 of the *empty* body to presigned PUT URLs, which S3 then
      // refuses for the real body; checksums stay on where an operation requires them.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      ...(config.local && { endpoint: config.local.s3Endpoint, forcePathStyle: true, credentials: LOCAL_CREDENTIALS }),
    }),
  );
}

/** How the document client marshals items (the adapters' items are built for exactly these). */
export const MARSHALL_OPTIONS = { removeUndefinedValues: true } as const;

/** `capture` wraps the low-level client (the tracer's captureAWSv3Client, deployed). */
export function createDocumentClient(config: AwsConfig, capture: <T>(client: T) => T = (client) => client): DynamoDBDocumentClient {
  const client = capture(
    new DynamoDBClient({
      region: config.region,
      requestHandler: awsRequestHandler(config),
      maxAttempts: config.maxAttempts,
      ...(config.local && { endpoint: config.local.dynamodbEndpoint, credentials: LOCAL_CREDENTIALS }),
    }),
  );
  return DynamoDBDocumentClient.from(client, { marshallOptions: MARSHALL_OPTIONS });
}
