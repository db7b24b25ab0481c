/**
 * A fresh S3 (s3rver) and DynamoDB Local for tests that run the packaged functions: no
 * serverless-offline, so nothing but the test invokes them.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
// @ts-expect-error: s3rver ships no types
import S3rver from 's3rver';

const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { dynamodbLocalCommand, DYNAMODB_LOCAL_ENV } = require('../../scripts/dynamodbLocal.cjs') as {
  dynamodbLocalCommand(port: number): { command: string; args: string[]; cwd: string };
  DYNAMODB_LOCAL_ENV: Record<string, string>;
};
const STARTUP_TIMEOUT_MS = 60_000;

/** A free port (a twin of scripts/localStack.mjs's freePort: Jest's CommonJS transform cannot load that .mjs). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface Emulators {
  s3Endpoint: string;
  dynamodbEndpoint: string;
  s3: S3Client;
  /** Freezes DynamoDB Local (SIGSTOP): it accepts connections and never answers, as a hung service does. */
  pauseDynamoDb(): void;
  resumeDynamoDb(): void;
  stop(): Promise<void>;
}

export async function startEmulators(bucket: string, tableName: string): Promise<Emulators> {
  const dir = mkdtempSync(join(tmpdir(), 'packaged-emulators-'));
  const [s3Port, dynamodbPort] = (await Promise.all([freePort(), freePort()])) as [number, number];
  const s3rver = new S3rver({ port: s3Port, address: 'localhost', silent: true, directory: join(dir, 's3') });
  await s3rver.run();
  const dynamodbEndpoint = `http://localhost:${dynamodbPort}`;
  const dynamodbLocal = dynamodbLocalCommand(dynamodbPort);
  const java = spawn(dynamodbLocal.command, dynamodbLocal.args, { cwd: dynamodbLocal.cwd, env: { ...process.env, ...DYNAMODB_LOCAL_ENV }, stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => java.once('exit', () => resolve()));
  const stop = async () => {
    java.kill('SIGCONT');
    java.kill('SIGKILL');
    await Promise.all([s3rver.close(), exited]);
    rmSync(dir, { recursive: true, force: true });
    rmSync(dynamodbLocal.cwd, { recursive: true, force: true });
  };
  try {
    const deadline = Date.now() + STARTUP_TIMEOUT_MS;
    // Any HTTP answer means it listens (it answers 400 to a bare GET).
    while (
      !(await fetch(dynamodbEndpoint).then(
        () => true,
        () => false,
      ))
    ) {
      if (java.exitCode !== null || Date.now() > deadline) throw new Error(`DynamoDB Local did not start on port ${dynamodbPort}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const s3Endpoint = `http://localhost:${s3Port}`;
    const s3 = new S3Client({ region: 'us-east-1', endpoint: s3Endpoint, forcePathStyle: true, credentials });
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const dynamodb = new DynamoDBClient({ region: 'us-east-1', endpoint: dynamodbEndpoint, credentials });
    await dynamodb.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'Id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'Id', KeyType: 'HASH' }],
      }),
    );
    return { s3Endpoint, dynamodbEndpoint, s3, stop, pauseDynamoDb: () => void java.kill('SIGSTOP'), resumeDynamoDb: () => void java.kill('SIGCONT') };
  } catch (error) {
    await stop();
    throw error;
  }
}
