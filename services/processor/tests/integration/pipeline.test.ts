import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { bytesSource, extractMetadata } from '@image-pipeline/metadata';
import { mockClient } from 'aws-sdk-client-mock';
import { BUCKET, TABLE_NAME, documentClient, getRecord, inBatches, invoke, s3Client, upload, waitForFinal } from '../../../../tests/system/support';
import { BROKEN_FILES, corpusPath } from '../../../../tests/corpus';
import { jpeg } from '../../../../packages/metadata/tests/fixtures/images';
import { exifBlock, TYPE } from '../../../../packages/metadata/tests/fixtures/exifBlock';

const CORPUS = corpusPath();
const photo = readFileSync(join(CORPUS, 'ian_Canon_40D.jpg'));

const eventFor = (...keys: string[]) => ({
  Records: keys.map((key) => ({
    eventVersion: '2.0',
    eventSource: 'aws:s3',
    eventName: 'ObjectCreated:Put',
    s3: { bucket: { name: BUCKET }, object: { key } },
  })),
});

/**
 * An uploaded object whose record is back to PENDING, as if its event had not been handled yet.
 * The photo goes through the real API first and ends DONE, so no automatic event can race the test.
 */
async function pendingUpload(): Promise<{ id: string; item: Record<string, unknown> }> {
  const { body } = await upload(photo, 'photo.jpg');
  const id = body.id!;
  await waitForFinal(id);
  const now = new Date();
  const item = {
    Id: id,
    status: 'PENDING',
    filename: 'photo.jpg',
    size: photo.length,
    mimeType: 'image/jpeg',
    uploadedAt: now.toISOString(),
    expiresAt: Math.floor(now.getTime() / 1000) + 3600,
    staleAt: new Date(now.getTime() + 600_000).toISOString(),
  };
  await documentClient().send(new PutCommand({ TableName: TABLE_NAME, Item: item }));
  return { id, item };
}

describe('the processor against the local stack', () => {
  it('changes nothing when a DONE upload’s event is delivered again', async () => {
    const { body } = await upload(photo, 'again.jpg');
    await waitForFinal(body.id!);
    const before = await getRecord(body.id!);
    const { functionError } = await invoke('processor', eventFor(`uploads/${body.id}`));
    expect(functionError).toBeNull();
    expect(await getRecord(body.id!)).toEqual(before);
  });

  it('ends in one DONE when the same event arrives three times at once', async () => {
    const { id } = await pendingUpload();
    const results = await Promise.all([1, 2, 3].map(() => invoke('processor', eventFor(`uploads/${id}`))));
    expect(results.map((r) => r.functionError)).toEqual([null, null, null]);
    const item = await getRecord(id);
    expect(item).toMatchObject({ status: 'DONE', metadata: { camera: { model: 'Canon EOS 40D' } } });
  });

  it('records OBJECT_GONE for an event whose object was deleted', async () => {
    const { id } = await pendingUpload();
    await s3Client().send(new DeleteObjectCommand({ Bucket: BUCKET, Key: `uploads/${id}` }));
    await invoke('processor', eventFor(`uploads/${id}`));
    expect(await getRecord(id)).toMatchObject({ status: 'FAILED', error: { code: 'OBJECT_GONE' } });
  });

  it('stores a TIFF whose tags hold numbers DynamoDB numbers cannot (a float of -3.4e38, a double of 1.3e102): DONE, as the CLI reads it', async () => {
    const float = new Uint8Array(4);
    new DataView(float.buffer).setFloat32(0, -3.4e38, true);
    const double = new Uint8Array(8);
    new DataView(double.buffer).setFloat64(0, 1.3e102, true);
    const tiff = exifBlock({
      littleEndian: true,
      ifd0: [
        { tag: 0x0100, type: TYPE.SHORT, value: [16] },
        { tag: 0x0101, type: TYPE.SHORT, value: [16] },
        { tag: 0x0154, type: 11, value: float, count: 1 },
        { tag: 0x0155, type: 12, value: double, count: 1 },
      ],
    });
    const read = await extractMetadata(bytesSource(tiff));
    const { body } = await upload(tiff, 'extreme.tif');
    const result = await waitForFinal(body.id!);
    expect(result).toMatchObject({ status: 'DONE' });
    expect(result.metadata?.exif).toEqual(JSON.parse(JSON.stringify(read.exif)));
    expect(result.metadata?.exif.Image).toMatchObject({ SMinSampleValue: Math.fround(-3.4e38), SMaxSampleValue: 1.3e102 });
  });

  it('accepts s3:TestEvent and keys outside uploads/ without error or effect', async () => {
    const test = await invoke('processor', { Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: BUCKET });
    const outside = await invoke('processor', eventFor('thumbnails/whatever.jpg', 'elsewhere/file'));
    expect([test.functionError, outside.functionError]).toEqual([null, null]);
  });

  it('processes every record of an event, not only the first', async () => {
    const ids = (await Promise.all([pendingUpload(), pendingUpload(), pendingUpload()])).map((upload) => upload.id);
    const { functionError } = await invoke('processor', eventFor(...ids.map((id) => `uploads/${id}`)));
    expect(functionError).toBeNull();
    for (const id of ids) expect((await getRecord(id))?.status).toBe('DONE');
  });
});

describe('visual features against the local stack', () => {
  it('stores a thumbnail outside uploads/ and serves it through a short-lived link', async () => {
    const { body } = await upload(readFileSync(join(CORPUS, 'ian_gps_DSCN0010.jpg')), 'thumb.jpg');
    const result = await waitForFinal(body.id!);
    expect(result.visual).toMatchObject({
      thumbnailKey: `thumbnails/${body.id}.jpg`,
      thumbnailWidth: 320,
      thumbnailHeight: 240,
      perceptualHash: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    const thumbnail = await fetch(result.thumbnailUrl as string);
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers.get('content-type')).toBe('image/jpeg');
    expect([...new Uint8Array(await thumbnail.arrayBuffer()).subarray(0, 2)]).toEqual([0xff, 0xd8]);
  });

  it.each([
    ['a WebP', 'mei_webpvp8.webp'],
    ['an AVIF', 'exifr_Irvine_CA.avif'],
  ])('makes a thumbnail of %s too', async (_name, file) => {
    const { body } = await upload(readFileSync(join(CORPUS, file)), file);
    expect(await waitForFinal(body.id!)).toMatchObject({ status: 'DONE', visual: { thumbnailKey: `thumbnails/${body.id}.jpg` } });
  });

  it('makes a thumbnail of an iPhone HEIC (heic-decode in a worker thread), turned as its irot says', async () => {
    const { body } = await upload(readFileSync(join(CORPUS, 'ian_heic_iphone_13_pro_max.heic')), 'IMG_0001.HEIC');
    expect(await waitForFinal(body.id!)).toMatchObject({
      status: 'DONE',
      visual: { thumbnailKey: `thumbnails/${body.id}.jpg`, thumbnailWidth: 240, thumbnailHeight: 320 },
    });
  });

  it('skips a 48 MP image from its header, and a tiny file claiming 36 MP as a bomb', async () => {
    const claimed = (width: number, height: number, padding: number) => jpeg({ width, height, padding });
    const big = await upload(claimed(8000, 6000, 100_000), 'big.jpg');
    expect(await waitForFinal(big.body.id!)).toMatchObject({ status: 'DONE', visual: { skipped: 'TOO_LARGE' } });
    const bomb = await upload(claimed(6000, 6000, 0), 'bomb.jpg');
    expect(await waitForFinal(bomb.body.id!)).toMatchObject({ status: 'DONE', visual: { skipped: 'SUSPICIOUS_COMPRESSION' } });
  });
});

describe('injected faults (the handler in-process, against the local DynamoDB)', () => {
  let handler: typeof import('../../src/handler').processEvent;
  let localHandler: typeof import('../../src/handler').handler;
  beforeAll(async () => {
    Object.assign(process.env, {
      IS_OFFLINE: 'true',
      UPLOADS_BUCKET: BUCKET,
      TABLE_NAME,
      AWS_ENDPOINT_URL_S3: process.env.PIPELINE_S3_ENDPOINT,
      AWS_ENDPOINT_URL_DYNAMODB: process.env.PIPELINE_DYNAMODB_ENDPOINT,
      AWS_REGION: 'us-east-1',
    });
    // One delivery, as Lambda makes each attempt; and the local stack's handler, which retries.
    ({ processEvent: handler, handler: localHandler } = await import('../../src/handler'));
  });

  /** Runs `deliver` while every S3 read of the upload's bytes is throttled (SlowDown, 503). */
  async function withThrottledReads(id: string, deliver: () => Promise<void>): Promise<void> {
    const real = await s3Client().send(new HeadObjectCommand({ Bucket: BUCKET, Key: `uploads/${id}` }));
    const s3 = mockClient(S3Client);
    s3.on(HeadObjectCommand).resolves({ ContentLength: real.ContentLength, ETag: real.ETag });
    s3.on(GetObjectCommand).rejects(Object.assign(new Error('Please reduce your request rate.'), { name: 'SlowDown', $metadata: { httpStatusCode: 503 } }));
    try {
      await deliver();
    } finally {
      s3.restore();
    }
  }

  it('rethrows a throttled S3 read, leaves the record for the retry, and the retry ends DONE', async () => {
    const { id } = await pendingUpload();
    await withThrottledReads(id, () => expect(handler(eventFor(`uploads/${id}`))).rejects.toThrow(/Transient failures for uploads/));
    expect(await getRecord(id)).toMatchObject({ status: 'PROCESSING', attempts: 1 });
    await handler(eventFor(`uploads/${id}`));
    expect(await getRecord(id)).toMatchObject({ status: 'DONE', attempts: 2 });
  });

  it('on the local stack, delivers a failed event again as Lambda would: a lasting fault ends FAILED, never PROCESSING', async () => {
    const { id } = await pendingUpload();
    await withThrottledReads(id, () => expect(localHandler(eventFor(`uploads/${id}`))).rejects.toThrow(/Transient failures for uploads/));
    // The first delivery and PROCESSOR_RETRIES (2) more; the last records FAILED.
    expect(await getRecord(id)).toMatchObject({ status: 'FAILED', attempts: 3 });
  });

  it('rethrows a throttled DynamoDB write and the retry still ends DONE', async () => {
    const { id, item } = await pendingUpload();
    const dynamo = mockClient(DynamoDBDocumentClient);
    dynamo.on(GetCommand).resolves({ Item: item });
    dynamo
      .on(UpdateCommand)
      .rejects(Object.assign(new Error('Throughput exceeded'), { name: 'ProvisionedThroughputExceededException', $metadata: { httpStatusCode: 400 } }));
    try {
      await expect(handler(eventFor(`uploads/${id}`))).rejects.toThrow(/Transient failures/);
    } finally {
      dynamo.restore();
    }
    expect((await getRecord(id))?.status).toBe('PENDING');
    await handler(eventFor(`uploads/${id}`));
    expect((await getRecord(id))?.status).toBe('DONE');
  });
});

describe('the whole corpus through the pipeline', () => {
  const names = readdirSync(CORPUS)
    .filter((name) => !name.endsWith('.json') && !name.endsWith('.md') && !name.endsWith('.tsv'))
    .sort();
  it(`uploads all ${names.length} files; each ends as the core reads it, or refused with its code`, async () => {
    expect(names).toHaveLength(120);
    const outcomes = await inBatches(names, 8, async (name) => {
      const bytes = readFileSync(join(CORPUS, name));
      expect(statSync(join(CORPUS, name)).size).toBeLessThan(4 * 1024 * 1024);
      const { response, body } = await upload(bytes, name);
      if (BROKEN_FILES[name]?.refusedAtUpload) return { name, refused: body.error?.code, status: response.status };
      expect(response.status).toBe(202);
      const result = await waitForFinal(body.id!, 60_000);
      return { name, result, bytes };
    });
    for (const outcome of outcomes) {
      if ('refused' in outcome) {
        expect({ name: outcome.name, code: outcome.refused }).toEqual({ name: outcome.name, code: BROKEN_FILES[outcome.name]!.refusedAtUpload });
        continue;
      }
      const { name, result, bytes } = outcome as { name: string; result: Awaited<ReturnType<typeof waitForFinal>>; bytes: Buffer };
      if (BROKEN_FILES[name]) {
        expect({ name, status: result.status, code: result.error?.code }).toEqual({ name, status: 'FAILED', code: BROKEN_FILES[name]!.code });
        continue;
      }
      const { warnings, ...expected } = await extractMetadata(bytesSource(bytes));
      expect({ name, status: result.status, filename: result.filename }).toEqual({ name, status: 'DONE', filename: name });
      expect({ name, metadata: result.metadata }).toEqual({ name, metadata: expected });
      expect({ name, warnings: result.warnings }).toEqual({ name, warnings });
    }
  }, 240_000);
});
