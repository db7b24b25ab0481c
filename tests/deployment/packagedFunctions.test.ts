/**
 * What we deploy is what we test: `serverless package` for x86_64 (this machine's CPU), then each
 * function's zip unzipped and its handler run as the Lambda runtime would — a fresh Node process,
 * the module found by the template's Handler path — against a fresh S3 and DynamoDB Local. The
 * source never runs here: a module or native binary missing from a zip fails this test.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import JSZip from 'jszip';
import { corpusPath } from '../corpus';
import { phonePhoto } from '../system/phonePhotos';
import { serverlessPackage } from './serverlessPackage';
import { startEmulators, type Emulators } from './emulators';

const FUNCTIONS = ['uploader', 'processor', 'result', 'deleter'] as const;
type FunctionName = (typeof FUNCTIONS)[number];
/** Lambda's limit on a function's unzipped size. */
const LAMBDA_UNZIPPED_LIMIT = 250 * 1024 * 1024;

interface Packaged {
  dir: string;
  zips: Record<FunctionName, { path: string; entries: string[]; unzippedBytes: number; folder: string; handler: string; environment: Record<string, string> }>;
}

/** `serverless package` without AWS credentials, in its own esbuild work folder. */
async function packageFunctions(architecture: 'arm64' | 'x86_64'): Promise<Packaged> {
  const dir = mkdtempSync(join(tmpdir(), `packaged-${architecture}-`));
  // These zips are run anonymously: a stage that is public on purpose.
  const result = serverlessPackage({
    dir: join(dir, 'artifacts'),
    esbuildFolder: `.esbuild-packaged-${architecture}`,
    settings: { LAMBDA_ARCHITECTURE: architecture, PUBLIC_UPLOADS: 'true' },
  });
  if (result.status !== 0) throw new Error(`serverless package failed:\n${result.output}`);
  const template = JSON.parse(readFileSync(join(dir, 'artifacts', 'cloudformation-template-update-stack.json'), 'utf8')) as {
    Resources: Record<string, { Properties: { Handler: string; Architectures: string[]; Environment: { Variables: Record<string, string> } } }>;
  };
  const zips = {} as Packaged['zips'];
  for (const name of FUNCTIONS) {
    const fn = template.Resources[`${name[0]!.toUpperCase()}${name.slice(1)}LambdaFunction`]!.Properties;
    expect(fn.Architectures).toEqual([architecture]);
    const path = join(dir, 'artifacts', `${name}.zip`);
    const zip = await JSZip.loadAsync(readFileSync(path));
    const folder = join(dir, name);
    let unzippedBytes = 0;
    for (const entry of Object.values(zip.files)) {
      if (entry.dir) continue;
      const bytes = await entry.async('nodebuffer');
      unzippedBytes += bytes.length;
      mkdirSync(dirname(join(folder, entry.name)), { recursive: true });
      writeFileSync(join(folder, entry.name), bytes);
    }
    zips[name] = { path, entries: Object.keys(zip.files), unzippedBytes, folder, handler: fn.Handler, environment: fn.Environment.Variables };
  }
  return { dir, zips };
}

const nativeBinaries = (entries: string[]) => entries.filter((entry) => /\.(node|so(\.\d+)*)$/.test(entry)).sort();

describe('the packaged functions', () => {
  let packaged: Packaged;
  let emulators: Emulators;
  const timings: string[] = [];

  beforeAll(async () => {
    packaged = await packageFunctions('x86_64');
    const { environment } = packaged.zips.processor;
    emulators = await startEmulators(environment.UPLOADS_BUCKET!, environment.TABLE_NAME!);
  }, 180_000);

  afterAll(async () => {
    await emulators?.stop();
    if (packaged) rmSync(packaged.dir, { recursive: true, force: true });
    if (timings.length) console.log(`Packaged functions (x86_64):\n${timings.join('\n')}`);
  });

  /** One invocation in a fresh process, with the function's environment from the template (not blocking: S3 runs in this process). */
  async function invoke(name: FunctionName, event: unknown): Promise<{ initMs: number; result: Record<string, unknown> | null }> {
    const zip = packaged.zips[name];
    const eventFile = join(packaged.dir, `${name}-event.json`);
    writeFileSync(eventFile, JSON.stringify(event));
    const run = await promisify(execFile)(process.execPath, [join(__dirname, 'lambdaRuntime.cjs'), zip.folder, zip.handler, eventFile], {
      cwd: zip.folder,
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        PATH: process.env.PATH,
        ...zip.environment,
        // The emulators reach the functions only this way, as under serverless-offline.
        IS_OFFLINE: 'true',
        AWS_ENDPOINT_URL_S3: emulators.s3Endpoint,
        AWS_ENDPOINT_URL_DYNAMODB: emulators.dynamodbEndpoint,
        AWS_REGION: 'us-east-1', // DynamoDB Local keeps one database per region
      },
    });
    const last = run.stdout.trim().split('\n').pop() ?? '';
    const outcome = JSON.parse(last.startsWith('{') ? last : '{}') as { initMs?: number; result?: Record<string, unknown>; error?: string };
    if (outcome.error || outcome.initMs === undefined) throw new Error(`${name} failed: ${outcome.error ?? ''}\n${run.stderr.slice(-3000)}`);
    return { initMs: outcome.initMs, result: outcome.result ?? null };
  }

  const apiEvent = (
    method: string,
    resource: string,
    path: string,
    options: { body?: Buffer; contentType?: string; pathParameters?: Record<string, string>; query?: Record<string, string> } = {},
  ) => ({
    resource,
    path,
    httpMethod: method,
    headers: options.contentType ? { 'Content-Type': options.contentType } : {},
    multiValueHeaders: {},
    queryStringParameters: options.query ?? null,
    pathParameters: options.pathParameters ?? null,
    requestContext: { requestId: `request-${Math.random()}`, resourcePath: resource, httpMethod: method, stage: 'prod' },
    body: options.body ? options.body.toString('base64') : null,
    isBase64Encoded: Boolean(options.body),
  });

  /** What S3 sends for a new object: the key URL-encoded. */
  const objectCreated = (key: string, size: number) => ({
    Records: [
      {
        eventSource: 'aws:s3',
        eventName: 'ObjectCreated:Put',
        s3: { bucket: { name: packaged.zips.processor.environment.UPLOADS_BUCKET }, object: { key: encodeURIComponent(key).replace(/%2F/g, '/'), size } },
      },
    ],
  });

  function multipart(bytes: Buffer, filename: string, type = 'image/jpeg'): { body: Buffer; contentType: string } {
    const boundary = '----packaged-test-boundary';
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`);
    return { body: Buffer.concat([head, bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
  }

  async function processAndRead(id: string, size: number) {
    const processed = await invoke('processor', objectCreated(`uploads/${id}`, size));
    const single = await invoke('result', apiEvent('GET', '/result/{id}', `/result/${id}`, { pathParameters: { id } }));
    const many = await invoke('result', apiEvent('GET', '/results', '/results', { query: { ids: id } }));
    return {
      processed,
      single: JSON.parse(single.result!.body as string) as Record<string, never>,
      many: JSON.parse(many.result!.body as string) as { results: Record<string, never>[] },
      initMs: single.initMs,
    };
  }

  it('carries only its own architecture’s native binaries: sharp for x86_64 in the processor, none in the others', () => {
    const binaries = nativeBinaries(packaged.zips.processor.entries);
    expect(binaries).toEqual([
      expect.stringMatching(/^node_modules\/@img\/sharp-libvips-linux-x64\/lib\/libvips-cpp\.so/),
      'node_modules/@img/sharp-linux-x64/lib/sharp-linux-x64.node',
    ]);
    console.log(`processor zip, native binaries:\n  ${binaries.join('\n  ')}`);
    for (const name of ['uploader', 'result', 'deleter'] as const)
      expect(packaged.zips[name].entries.filter((entry) => /sharp|@img|jimp|heic|libheif/.test(entry))).toEqual([]);
    // heic-decode is loaded by path in a worker thread, so it travels unbundled, libheif with it.
    expect(packaged.zips.processor.entries).toEqual(
      expect.arrayContaining(['node_modules/heic-decode/index.js', 'node_modules/libheif-js/libheif-wasm/libheif-bundle.js']),
    );
    for (const name of FUNCTIONS) {
      const zip = packaged.zips[name];
      expect(zip.unzippedBytes).toBeLessThan(LAMBDA_UNZIPPED_LIMIT);
      timings.push(`  ${name}: ${(statSync(zip.path).size / 1024 / 1024).toFixed(1)} MB zipped, ${(zip.unzippedBytes / 1024 / 1024).toFixed(1)} MB unzipped`);
    }
  });

  it('takes a multipart POST /upload, processes its S3 event to DONE with visual features, serves it on GET /result and GET /results, and deletes it', async () => {
    const photo = await phonePhoto({ seed: 7, width: 1600, height: 1200 });
    const { body, contentType } = multipart(photo, 'packaged.jpg');
    const uploaded = await invoke('uploader', apiEvent('POST', '/upload', '/upload', { body, contentType }));
    expect(uploaded.result).toMatchObject({ statusCode: 202 });
    const { id, deleteToken } = JSON.parse(uploaded.result!.body as string) as { id: string; deleteToken: string };

    const { single, many, initMs } = await processAndRead(id, photo.length);
    expect(single).toMatchObject({
      id,
      status: 'DONE',
      filename: 'packaged.jpg',
      metadata: { camera: { make: 'Google', model: 'Pixel 8' } },
      visual: { thumbnailKey: `thumbnails/${id}.jpg` },
    });
    expect(many.results).toEqual([{ ...single, thumbnailUrl: expect.any(String) }]);
    const thumbnail = await emulators.s3.send(
      new HeadObjectCommand({ Bucket: packaged.zips.processor.environment.UPLOADS_BUCKET, Key: `thumbnails/${id}.jpg` }),
    );
    expect(thumbnail.ContentLength).toBeGreaterThan(1000);

    const deleted = await invoke('deleter', {
      ...apiEvent('DELETE', '/result/{id}', `/result/${id}`, { pathParameters: { id } }),
      headers: { Authorization: `Bearer ${deleteToken}` },
    });
    expect(deleted.result).toMatchObject({ statusCode: 204 });
    await expect(
      emulators.s3.send(new HeadObjectCommand({ Bucket: packaged.zips.processor.environment.UPLOADS_BUCKET, Key: `uploads/${id}` })),
    ).rejects.toMatchObject({ name: 'NotFound' });
    timings.push(
      `  module initialisation in a fresh process: uploader ${uploaded.initMs.toFixed(0)} ms, result ${initMs.toFixed(0)} ms, deleter ${deleted.initMs.toFixed(0)} ms`,
    );
  });

  it('makes the thumbnail of an iPhone HEIC from the zip: heic-decode found by path in a worker thread', async () => {
    const photo = readFileSync(corpusPath('exifr_heic-iphone7.heic'));
    const { body, contentType } = multipart(photo, 'IMG_0007.HEIC', 'image/heic');
    const uploaded = await invoke('uploader', apiEvent('POST', '/upload', '/upload', { body, contentType }));
    expect(uploaded.result).toMatchObject({ statusCode: 202 });
    const { id } = JSON.parse(uploaded.result!.body as string) as { id: string };
    const { single } = await processAndRead(id, photo.length);
    expect(single).toMatchObject({ id, status: 'DONE', metadata: { file: { format: 'heif' } }, visual: { thumbnailKey: `thumbnails/${id}.jpg` } });
  });

  it('takes the presigned path: POST /upload-url, a PUT of the bytes, then the S3 event', async () => {
    const photo = await phonePhoto({ seed: 8, width: 1200, height: 900 });
    const granted = await invoke(
      'uploader',
      apiEvent('POST', '/upload-url', '/upload-url', {
        body: Buffer.from(JSON.stringify({ filename: 'presigned.jpg', size: photo.length, contentType: 'image/jpeg' })),
        contentType: 'application/json',
      }),
    );
    expect(granted.result).toMatchObject({ statusCode: 201 });
    const { id, uploadUrl, headers } = JSON.parse(granted.result!.body as string) as { id: string; uploadUrl: string; headers: Record<string, string> };
    const put = await fetch(uploadUrl, { method: 'PUT', headers, body: new Uint8Array(photo) });
    expect(put.status).toBe(200);

    const started = performance.now();
    const { processed, single } = await processAndRead(id, photo.length);
    expect(single).toMatchObject({ id, status: 'DONE', filename: 'presigned.jpg', visual: { thumbnailKey: `thumbnails/${id}.jpg` } });
    timings.push(
      `  module initialisation in a fresh process: processor ${processed.initMs.toFixed(0)} ms (with sharp; the whole invoke, result reads included, ${((performance.now() - started) / 1000).toFixed(1)} s)`,
    );
  });

  it('answers 503 UNAVAILABLE with Retry-After and CORS within 10 s when DynamoDB hangs, and stores nothing half-done', async () => {
    const bucket = packaged.zips.processor.environment.UPLOADS_BUCKET;
    const objectsBefore = (await emulators.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'uploads/' }))).KeyCount;
    const photo = await phonePhoto({ seed: 9, width: 640, height: 480 });
    const { body, contentType } = multipart(photo, 'hung.jpg');
    emulators.pauseDynamoDb();
    try {
      for (const [name, event] of [
        ['uploader', apiEvent('POST', '/upload', '/upload', { body, contentType })],
        [
          'result',
          apiEvent('GET', '/result/{id}', '/result/7b8f6a2e-3c4d-4e5f-8a6b-7c8d9e0f1a2b', { pathParameters: { id: '7b8f6a2e-3c4d-4e5f-8a6b-7c8d9e0f1a2b' } }),
        ],
      ] as const) {
        const started = performance.now();
        const { result } = await invoke(name, event);
        const seconds = (performance.now() - started) / 1000;
        expect({ name, statusCode: result!.statusCode, code: (JSON.parse(result!.body as string) as { error: { code: string } }).error.code }).toEqual({
          name,
          statusCode: 503,
          code: 'UNAVAILABLE',
        });
        expect(result!.headers).toMatchObject({ 'Retry-After': '2', 'Access-Control-Allow-Origin': '*' });
        expect(seconds).toBeLessThan(10);
        timings.push(`  with DynamoDB hung: ${name} answered 503 in ${seconds.toFixed(1)} s`);
      }
    } finally {
      emulators.resumeDynamoDb();
    }
    // The uploader wrote its record first, and that never completed: no object without a record.
    expect((await emulators.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'uploads/' }))).KeyCount).toBe(objectsBefore);
  }, 60_000);
});
