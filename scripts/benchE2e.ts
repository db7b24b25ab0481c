/**
 * `pnpm bench:e2e`, each scenario on a fresh local stack on free ports:
 * - phone batch: 50 generated 12 MP JPEGs (3–5 MB, real EXIF) uploaded three at a time, as the page
 *   does, timed to DONE and to the thumbnail, with the event-loop delay of the process that serves
 *   the API and S3;
 * - 100 concurrent uploads of mixed corpus photos, timed from upload to DONE, once with the
 *   processor's ranged reads and once with a processor that downloads whole objects
 *   (services/processor/bench/wholeObjectHandler.ts, chosen through PROCESSOR_HANDLER).
 * BENCH_SCENARIOS=phone or =mixed runs one of them.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { phonePhoto } from '../tests/system/phonePhotos';
// @ts-expect-error: a plain ES module without types
import { freePort, startLocalStack } from './localStack.mjs';
import { corpusPath } from '../tests/corpus';

const UPLOADS = Number(process.env.BENCH_UPLOADS ?? 100);
const CORPUS = corpusPath();
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
  // The processor's log lines (one per upload) carry what it read; the whole-object variant logs
  // each download, which is what crossed the network.
  const processed: { reads: number; bytesRead: number }[] = [];
  const stack = await startLocalStack({
    onOutput: (text: string) => {
      const lines =
        mode === 'whole'
          ? text.matchAll(/"message":"Whole object downloaded".*?"bytes":(\d+)/g)
          : text.matchAll(/"message":"Upload processed".*?"reads":(\d+),"bytesRead":(\d+)/g);
      for (const match of lines)
        processed.push(mode === 'whole' ? { reads: 1, bytesRead: Number(match[1]) } : { reads: Number(match[1]), bytesRead: Number(match[2]) });
    },
    apiPort,
    lambdaPort,
    websocketPort,
    s3Port,
    dynamodbPort,
    s3Directory: join(dir, 's3'),
    esbuildFolder: `.esbuild-bench-${mode}`,
    env: mode === 'whole' ? { PROCESSOR_HANDLER: 'services/processor/bench/wholeObjectHandler.handler' } : {},
  });
  try {
    // One warm-up upload so that both runs start with warm functions.
    await uploadAndWait(stack.apiUrl, photos[0]!);
    const batch = Array.from({ length: UPLOADS }, (_, i) => photos[i % photos.length]!);
    const statuses: Record<number, number> = {};
    const started = performance.now();
    const outcomes = await Promise.all(
      batch.map(async (photo) => {
        const outcome = await uploadAndWait(stack.apiUrl, photo);
        statuses[outcome.status] = (statuses[outcome.status] ?? 0) + 1;
        if (outcome.problem) console.error(`${mode}: ${photo.name}: ${outcome.problem}`);
        return outcome;
      }),
    );
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
  if (response.status !== 202)
    return {
      id: `failed-${Math.random()}`,
      status: response.status,
      ms: performance.now() - started,
      problem: `upload ${response.status}: ${text.slice(0, 200)}`,
    };
  const { id } = JSON.parse(text) as { id: string };
  for (;;) {
    const result = await fetch(`${apiUrl}/result/${id}`);
    const body = await result.text();
    if (result.status !== 200) return { id, status: result.status, ms: performance.now() - started, problem: `result ${result.status}: ${body.slice(0, 200)}` };
    const status = (JSON.parse(body) as { status: string }).status;
    if (status === 'DONE' || status === 'FAILED')
      return { id, status: status === 'DONE' ? 202 : 299, ms: performance.now() - started, ...(status === 'FAILED' && { problem: body.slice(0, 300) }) };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const PHONE_PHOTOS = Number(process.env.BENCH_PHONE_PHOTOS ?? 50);
/** What the page sends through POST /upload; larger files go through a presigned PUT. */
const DIRECT_UPLOAD_LIMIT = 4 * 1024 * 1024;
const PAGE_CONCURRENCY = 3;

/** The page's way: three uploads at a time, each polled until DONE and until its thumbnail. */
async function phoneBatch(): Promise<void> {
  const photos: { name: string; bytes: Buffer }[] = [];
  for (let n = 0; n < PHONE_PHOTOS; n++) photos.push({ name: `PXL_${n}.jpg`, bytes: await phonePhoto({ seed: n, quality: 76 + (n % 12) }) });
  const [apiPort, lambdaPort, websocketPort, s3Port, dynamodbPort] = await Promise.all(Array.from({ length: 5 }, freePort));
  const dir = mkdtempSync(join(tmpdir(), 'bench-phone-'));
  const report = join(dir, 'event-loop.json');
  const durations: number[] = [];
  const stack = await startLocalStack({
    onOutput: (text: string) => {
      for (const match of text.matchAll(/"message":"Upload processed".*?"durationMs":(\d+)/g)) durations.push(Number(match[1]));
    },
    apiPort,
    lambdaPort,
    websocketPort,
    s3Port,
    dynamodbPort,
    s3Directory: join(dir, 's3'),
    esbuildFolder: '.esbuild-bench-phone',
    env: { NODE_OPTIONS: `--require ${join(__dirname, 'eventLoopProbe.cjs')}`, EVENT_LOOP_REPORT: report },
  });
  try {
    await sendLikeThePage(stack.apiUrl, photos[0]!).then((upload) => waitFor(stack.apiUrl, upload.id, upload.started));
    durations.length = 0;
    process.kill(stack.pid, 'SIGUSR2'); // the event-loop window starts now
    const statuses: Record<number, number> = {};
    const waits: Promise<{ done: number; visual: number; status: string }>[] = [];
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: PAGE_CONCURRENCY }, async () => {
        while (next < photos.length) {
          const photo = photos[next++]!;
          const upload = await sendLikeThePage(stack.apiUrl, photo);
          statuses[upload.status] = (statuses[upload.status] ?? 0) + 1;
          if (upload.id) waits.push(waitFor(stack.apiUrl, upload.id, upload.started));
        }
      }),
    );
    const outcomes = await Promise.all(waits);
    const wallMs = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 300));
    const loop = JSON.parse(readFileSync(report, 'utf8')) as { p50: number; p99: number; max: number };
    const serverErrors = Object.entries(statuses)
      .filter(([status]) => Number(status) >= 500)
      .reduce((sum, [, count]) => sum + count, 0);
    const mb = photos.map((p) => p.bytes.length / 1024 / 1024);
    console.log(
      `\nPhone batch: ${PHONE_PHOTOS} generated 12 MP JPEGs of ${Math.min(...mb).toFixed(1)}–${Math.max(...mb).toFixed(1)} MB, ${PAGE_CONCURRENCY} uploads at a time (Node ${process.version})\n`,
    );
    console.log(
      '| uploads/s | p50 upload→DONE | p95 | p50 upload→thumbnail | p95 | event-loop delay p50 / p99 / max | upload answers | 5xx | DONE | processor p50 / p95 per photo |',
    );
    console.log('| ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |');
    const done = outcomes.filter((o) => o.status === 'DONE').length;
    const at = (values: number[], q: number) => seconds(percentile(values, q));
    const toDone = outcomes.map((o) => o.done);
    const toThumbnail = outcomes.map((o) => o.visual);
    console.log(
      `| ${(PHONE_PHOTOS / (wallMs / 1000)).toFixed(2)} | ${at(toDone, 50)} | ${at(toDone, 95)} | ${at(toThumbnail, 50)} | ${at(toThumbnail, 95)} | ${loop.p50} / ${loop.p99} / ${loop.max} ms | ${JSON.stringify(statuses)} | ${serverErrors} | ${done}/${PHONE_PHOTOS} | ${percentile(durations, 50)} / ${percentile(durations, 95)} ms |`,
    );
    if (done !== PHONE_PHOTOS || serverErrors > 0) process.exitCode = 1;
  } finally {
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** POST /upload up to 4 MB, else POST /upload-url and a PUT, as the page does. */
async function sendLikeThePage(apiUrl: string, photo: { name: string; bytes: Buffer }): Promise<{ id: string; status: number; started: number }> {
  const started = performance.now();
  if (photo.bytes.length <= DIRECT_UPLOAD_LIMIT) {
    const form = new FormData();
    form.append('file', new Blob([photo.bytes as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }), photo.name);
    const response = await fetch(`${apiUrl}/upload`, { method: 'POST', body: form });
    const body = (await response.json().catch(() => ({}))) as { id?: string };
    return { id: response.status === 202 ? body.id! : '', status: response.status, started };
  }
  const grant = await fetch(`${apiUrl}/upload-url`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ filename: photo.name, size: photo.bytes.length, contentType: 'image/jpeg' }),
  });
  if (grant.status !== 201) return { id: '', status: grant.status, started };
  const { id, uploadUrl, headers } = (await grant.json()) as { id: string; uploadUrl: string; headers: Record<string, string> };
  const put = await fetch(uploadUrl, { method: 'PUT', headers, body: photo.bytes as Uint8Array<ArrayBuffer> });
  return { id: put.ok ? id : '', status: put.ok ? grant.status : put.status, started };
}

/** Polls one upload every 200 ms: when it was DONE, and when its visual features were there. */
async function waitFor(apiUrl: string, id: string, started: number): Promise<{ done: number; visual: number; status: string }> {
  let done = 0;
  for (;;) {
    const response = await fetch(`${apiUrl}/result/${id}`);
    const body = (await response.json()) as { status: string; visual?: unknown };
    if (body.status === 'FAILED') return { done: performance.now() - started, visual: performance.now() - started, status: 'FAILED' };
    if (body.status === 'DONE' && !done) done = performance.now() - started;
    if (body.status === 'DONE' && body.visual) return { done, visual: performance.now() - started, status: 'DONE' };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function main() {
  const scenarios = (process.env.BENCH_SCENARIOS ?? 'phone,mixed').split(',');
  if (scenarios.includes('phone')) await phoneBatch();
  if (!scenarios.includes('mixed')) return;
  const photos = readdirSync(CORPUS)
    .filter((name) => /\.(jpe?g|png|webp|heic|avif|tiff?|gif)$/i.test(name) && !name.startsWith('brk_'))
    .sort()
    .map((name) => ({ name, bytes: readFileSync(join(CORPUS, name)) }));
  const results: RunResult[] = [];
  for (const mode of ['ranged', 'whole'] as const) results.push(await run(mode, photos));

  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  console.log(
    `\n${UPLOADS} concurrent uploads of mixed corpus photos through the local API (Node ${process.version}); latency = POST /upload until GET /result says DONE\n`,
  );
  console.log(
    '| processor | throughput | p50 | p95 | HTTP statuses | distinct ids | objects | DONE items | processor reads | processor bytes read (of uploaded) |',
  );
  console.log('| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of results) {
    console.log(
      `| ${r.mode === 'ranged' ? 'ranged reads' : 'whole object'} | ${(UPLOADS / (r.wallMs / 1000)).toFixed(1)} uploads/s | ${percentile(r.latencies, 50).toFixed(0)} ms | ${percentile(r.latencies, 95).toFixed(0)} ms | ${JSON.stringify(r.statuses)} | ${r.distinctIds} | ${r.objects} | ${r.done} | ${r.processorReads} | ${mb(r.processorBytesRead)} (of ${mb(r.uploadedBytes)}) |`,
    );
  }
  const [ranged, whole] = results as [RunResult, RunResult];
  console.log(
    `\nRanged / whole: p50 ${(percentile(ranged.latencies, 50) / percentile(whole.latencies, 50)).toFixed(2)}×, p95 ${(percentile(ranged.latencies, 95) / percentile(whole.latencies, 95)).toFixed(2)}×, bytes read ${(ranged.processorBytesRead / whole.processorBytesRead).toFixed(3)}×, throughput ${(UPLOADS / ranged.wallMs / (UPLOADS / whole.wallMs)).toFixed(2)}×`,
  );
  const problems = results.filter(
    (r) => r.distinctIds !== UPLOADS || r.objects !== UPLOADS || r.done !== UPLOADS || Object.keys(r.statuses).some((s) => Number(s) >= 500),
  );
  if (problems.length) {
    console.error(`\nNot every upload ended DONE: ${problems.map((p) => p.mode).join(', ')}`);
    process.exitCode = 1;
  }
}

void main();
