/**
 * `pnpm bench:e2e`: 100 concurrent uploads of mixed corpus photos through the local API, timed from
 * upload to DONE — once with the processor's ranged reads, once with a processor that downloads
 * whole objects (PROCESSOR_READ_WHOLE_OBJECT=true), each on a fresh local stack on free ports.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
// @ts-expect-error: a plain ES module without types
import { freePort, startLocalStack } from './localStack.mjs';

const UPLOADS = Number(process.env.BENCH_UPLOADS ?? 100);
const CORPUS = join(__dirname, '..', '..', 'shared', 'corpus');
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

interface RunResult {
  mode: string;
  wallMs: number;
  latencies: number[];
  statuses: Record<number, number>;
  distinctIds: number;
  objects: number;
  done: number;
  processorBytesRead: number;
  processorReads: number;
  uploadedBytes: number;
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;

async function run(mode: 'ranged' | 'whole', photos: { name: string; bytes: Buffer }[]): Promise<RunResult> {
  const [apiPort, lambdaPort, websocketPort, s3Port, dynamodbPort] = await Promise.all(Array.from({ length: 5 }, freePort));
  const dir = mkdtempSync(join(tmpdir(), 'bench-e2e-'));
  // The processor's log lines (one per upload) carry what it read.
  const processed: { reads: number; bytesRead: number }[] = [];
  const stack = await startLocalStack({
    onOutput: (text: string) => {
      for (const match of text.matchAll(/"message":"Upload processed".*?"reads":(\d+),"bytesRead":(\d+)/g)) processed.push({ reads: Number(match[1]), bytesRead: Number(match[2]) });
    },
    apiPort, lambdaPort, websocketPort, s3Port, dynamodbPort,
    s3Directory: join(dir, 's3'),
    esbuildFolder: `.esbuild-bench-${mode}`,
    env: { PROCESSOR_READ_WHOLE_OBJECT: String(mode === 'whole') },
  });
  try {
    // One warm-up upload so that both runs start with warm functions.
    await uploadAndWait(stack.apiUrl, photos[0]!);
    const batch = Array.from({ length: UPLOADS }, (_, i) => photos[i % photos.length]!);
    const statuses: Record<number, number> = {};
    const started = performance.now();
    const outcomes = await Promise.all(batch.map(async (photo) => {
      const outcome = await uploadAndWait(stack.apiUrl, photo);
      statuses[outcome.status] = (statuses[outcome.status] ?? 0) + 1;
      if (outcome.problem) console.error(`${mode}: ${photo.name}: ${outcome.problem}`);
      return outcome;
    }));
    const wallMs = performance.now() - started;
    const s3 = new S3Client({ region: 'us-east-1', endpoint: stack.s3Endpoint, forcePathStyle: true, credentials });
    let objects = 0;
    let token: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: 'uploads', Prefix: 'uploads/', ContinuationToken: token }));
      objects += page.KeyCount ?? 0;
      token = page.NextContinuationToken;
    } while (token);
    const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1', endpoint: stack.dynamodbEndpoint, credentials }));
    const items = (await documents.send(new ScanCommand({ TableName: 'image-metadata-pipeline-local-uploads' }))).Items ?? [];
    return {
      mode,
      wallMs,
      latencies: outcomes.map((o) => o.ms),
      statuses,
      distinctIds: new Set(outcomes.map((o) => o.id)).size,
      objects: objects - 1, // the warm-up upload
      done: items.filter((item) => item.status === 'DONE').length - 1,
      processorReads: processed.slice(1).reduce((sum, p) => sum + p.reads, 0),
      processorBytesRead: processed.slice(1).reduce((sum, p) => sum + p.bytesRead, 0),
      uploadedBytes: batch.reduce((sum, p) => sum + p.bytes.length, 0),
    };
  } finally {
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function uploadAndWait(apiUrl: string, photo: { name: string; bytes: Buffer }): Promise<{ id: string; status: number; ms: number; problem?: string }> {
  const started = performance.now();
  const form = new FormData();
  form.append('file', new Blob([photo.bytes as Uint8Array<ArrayBuffer>]), photo.name);
  const response = await fetch(`${apiUrl}/upload`, { method: 'POST', body: form });
  const text = await response.text();
  if (response.status !== 202) return { id: `failed-${Math.random()}`, status: response.status, ms: performance.now() - started, problem: `upload ${response.status}: ${text.slice(0, 200)}` };
  const { id } = JSON.parse(text) as { id: string };
  for (;;) {
    const result = await fetch(`${apiUrl}/result/${id}`);
    const body = await result.text();
    if (result.status !== 200) return { id, status: result.status, ms: performance.now() - started, problem: `result ${result.status}: ${body.slice(0, 200)}` };
    const status = (JSON.parse(body) as { status: string }).status;
    if (status === 'DONE' || status === 'FAILED') return { id, status: status === 'DONE' ? 202 : 299, ms: performance.now() - started, ...(status === 'FAILED' && { problem: body.slice(0, 300) }) };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function main() {
  const photos = readdirSync(CORPUS)
    .filter((name) => /\.(jpe?g|png|webp|heic|avif|tiff?|gif)$/i.test(name) && !name.startsWith('brk_'))
    .sort()
    .map((name) => ({ name, bytes: readFileSync(join(CORPUS, name)) }));
  const results: RunResult[] = [];
  for (const mode of ['ranged', 'whole'] as const) results.push(await run(mode, photos));

  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  console.log(`\n${UPLOADS} concurrent uploads of mixed corpus photos through the local API (Node ${process.version}); latency = POST /upload until GET /result says DONE\n`);
  console.log('| processor | throughput | p50 | p95 | HTTP statuses | distinct ids | objects | DONE items | processor reads | processor bytes read (of uploaded) |');
  console.log('| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of results) {
    console.log(`| ${r.mode === 'ranged' ? 'ranged reads' : 'whole object'} | ${(UPLOADS / (r.wallMs / 1000)).toFixed(1)} uploads/s | ${percentile(r.latencies, 50).toFixed(0)} ms | ${percentile(r.latencies, 95).toFixed(0)} ms | ${JSON.stringify(r.statuses)} | ${r.distinctIds} | ${r.objects} | ${r.done} | ${r.processorReads} | ${mb(r.processorBytesRead)} (of ${mb(r.uploadedBytes)}) |`);
  }
  const [ranged, whole] = results as [RunResult, RunResult];
  console.log(`\nRanged / whole: p50 ${(percentile(ranged.latencies, 50) / percentile(whole.latencies, 50)).toFixed(2)}×, p95 ${(percentile(ranged.latencies, 95) / percentile(whole.latencies, 95)).toFixed(2)}×, bytes read ${(ranged.processorBytesRead / whole.processorBytesRead).toFixed(3)}×, throughput ${((UPLOADS / ranged.wallMs) / (UPLOADS / whole.wallMs)).toFixed(2)}×`);
  const problems = results.filter((r) => r.distinctIds !== UPLOADS || r.objects !== UPLOADS || r.done !== UPLOADS || Object.keys(r.statuses).some((s) => Number(s) >= 500));
  if (problems.length) {
    console.error(`\nNot every upload ended DONE: ${problems.map((p) => p.mode).join(', ')}`);
    process.exitCode = 1;
  }
}

void main();
