/** Helpers for tests that run against the local stack started by globalSetup.mjs. */
import { createHash } from 'node:crypto';
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

export const TABLE_NAME = 'image-metadata-pipeline-local-uploads';
export const BUCKET = 'uploads';
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the system tests through Jest's "system" project (pnpm test), which starts the local stack.`);
  return value;
}

export const apiUrl = () => required('PIPELINE_API_URL');
export const webUrl = () => required('PIPELINE_WEB_URL');
export const lambdaUrl = () => required('PIPELINE_LAMBDA_URL');

let s3: S3Client | undefined;
let documents: DynamoDBDocumentClient | undefined;

export function s3Client(): S3Client {
  s3 ??= new S3Client({ region: 'us-east-1', endpoint: required('PIPELINE_S3_ENDPOINT'), forcePathStyle: true, credentials });
  return s3;
}

export function documentClient(): DynamoDBDocumentClient {
  documents ??= DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1', endpoint: required('PIPELINE_DYNAMODB_ENDPOINT'), credentials }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return documents;
}

/** The stored upload, as the services read it (the adapters' own mapping from the item), or undefined. */
export async function getRecord(id: string): Promise<UploadRecord | undefined> {
  const { Item } = await documentClient().send(new GetCommand({ TableName: TABLE_NAME, Key: { Id: id }, ConsistentRead: true }));
  return Item ? fromItem(Item) : undefined;
}

export async function objectBytes(key: string): Promise<Uint8Array> {
  const response = await s3Client().send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return response.Body!.transformToByteArray();
}

export async function objectHead(key: string) {
  return s3Client().send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
}

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** POST /upload with one file part (and the `private` field, when given). */
export async function upload(bytes: Uint8Array, filename: string, options: { field?: string; type?: string; private?: boolean } = {}) {
  const form = new FormData();
  if (options.private !== undefined) form.append('private', String(options.private));
  form.append(options.field ?? 'file', new Blob([bytes as Uint8Array<ArrayBuffer>], { type: options.type ?? 'application/octet-stream' }), filename);
  const send = () => fetch(`${apiUrl()}/upload`, { method: 'POST', body: form, headers: { Origin: webUrl() } });
  // A connection dropped under the client (EPIPE, ECONNRESET: seen once on a stack busy starting
  // up) is tried once more, as the page does with a network failure; an HTTP answer never is.
  const response = await send().catch((error: unknown) => {
    if (!(error instanceof TypeError)) throw error;
    return send();
  });
  return {
    response,
    body: (await response.json()) as Record<string, unknown> & { id?: string; deleteToken?: string; error?: { code: string; message: string } },
  };
}

/** What GET /result/{id} answers: the API's one declaration, in the service kit. */
export type { ResultBody } from '../../packages/service-kit/src/upload';
import { isFinal, type ResultBody, type UploadRecord } from '../../packages/service-kit/src/upload';
import { fromItem } from '../../packages/service-kit/src/uploadItem';

/** Polls GET /result/{id} until FAILED, or DONE with its visual features (honouring Retry-After), within a deadline. */
export async function waitForFinal(id: string, timeoutMs = 30_000): Promise<ResultBody> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(`${apiUrl()}/result/${id}`);
    const body = (await response.json()) as ResultBody;
    if (isFinal(body)) return body;
    if (Date.now() > deadline) throw new Error(`Upload ${id} still ${body.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, Math.min(200, Number(response.headers.get('retry-after') ?? 1) * 1000)));
  }
}

/** Invokes a function through serverless-offline's Lambda API, as S3 would. */
export async function invoke(functionName: string, event: unknown): Promise<{ status: number; payload: unknown; functionError: string | null }> {
  const response = await fetch(`${lambdaUrl()}/2015-03-31/functions/image-metadata-pipeline-local-${functionName}/invocations`, {
    method: 'POST',
    body: JSON.stringify(event),
  });
  const text = await response.text();
  return { status: response.status, payload: text ? JSON.parse(text) : null, functionError: response.headers.get('x-amz-function-error') };
}

/** Runs tasks with at most `limit` in flight. */
export async function inBatches<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await task(items[index]!);
      }
    }),
  );
  return results;
}

/** Resolves once `check` is true, or fails after `timeoutMs` (polling, not sleeping a fixed time). */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
