import { NO_TRACING, StorageUnavailableError, type UploadEvent } from '@image-pipeline/service-kit';
import { fakeMeasurements } from '../../../../tests/fakeLogger';
import { processUpload, TransientProcessingError } from '../../src/processUpload';
import { handleS3Event } from '../../src/handleS3Event';
import { exifBlock, TYPE } from '../../../../packages/metadata/tests/fixtures/exifBlock';
import { jpeg as jpegFixture } from '../../../../packages/metadata/tests/fixtures/images';
import { nef } from '../../../../packages/metadata/tests/fixtures/cameraFiles';
import sharp from 'sharp';
import { FakeObjects, FakeRecords, fakeLogger, pending } from './fakes';

const ID = '0b8f6a2e-3c4d-4e5f-8a6b-7c8d9e0f1a2b';
const KEY = `uploads/${ID}`;
// A minimal 64x48 JPEG, and an EXIF block with GPS (10° N, 20° E), from the core's fixture builders.
const jpeg = (exif?: Uint8Array) => jpegFixture({ width: 64, height: 48, exif: exif ? [exif] : [] });
const gpsExif = exifBlock({
  gps: [
    { tag: 0x0001, type: TYPE.ASCII, value: 'N' },
    {
      tag: 0x0002,
      type: TYPE.RATIONAL,
      value: [
        [10, 1],
        [0, 1],
        [0, 1],
      ],
    },
    { tag: 0x0003, type: TYPE.ASCII, value: 'E' },
    {
      tag: 0x0004,
      type: TYPE.RATIONAL,
      value: [
        [20, 1],
        [0, 1],
        [0, 1],
      ],
    },
  ],
});

function setup(bytes: Uint8Array | null = jpeg(), options: { redactLocation?: boolean; maxAttempts?: number } = {}) {
  const objects = new FakeObjects();
  const records = new FakeRecords();
  if (bytes) objects.objects.set(KEY, bytes);
  records.records.set(ID, { ...pending(ID), size: bytes?.length ?? 1 });
  const logger = fakeLogger();
  const published: UploadEvent[] = [];
  const deps = {
    objects,
    thumbnails: objects,
    records,
    events: { publish: async (event: UploadEvent) => void published.push(event) },
    logger,
    measure: fakeMeasurements(),
    trace: NO_TRACING,
    now: () => new Date('2026-11-25T10:00:01Z'),
    config: {
      maxObjectBytes: 1000,
      maxPixels: 1_000_000,
      redactLocation: false,
      maxAttempts: 3,
      visualLimits: { maxPixels: 1_000_000, maxBytes: 1000 },
      ...options,
    },
  };
  return { objects, records, deps, logger, published };
}

describe('processUpload', () => {
  it('extracts the metadata and ends DONE, reporting what it read', async () => {
    const { records, deps } = setup(jpeg(gpsExif));
    const result = await processUpload(deps, ID);
    expect(result).toMatchObject({ id: ID, outcome: 'DONE', reads: 1, visual: 'error:DECODE_FAILED' });
    expect(records.records.get(ID)).toMatchObject({
      status: 'DONE',
      metadata: { image: { width: 64, height: 48 }, location: { latitude: 10, longitude: 20 } },
      redacted: [],
    });
  });

  it('makes a RAW’s thumbnail from one ranged read of its preview, never downloading the RAW (declared as TIFF, read as NEF)', async () => {
    const preview = await sharp({ create: { width: 600, height: 400, channels: 3, background: '#3366cc' } })
      .jpeg()
      .toBuffer();
    const raw = nef({ preview: new Uint8Array(preview), orientation: 6, rawDataBytes: 8 * 1024 * 1024 });
    const { records, deps, objects } = setup(raw, {
      maxObjectBytes: 64 * 1024 * 1024,
      maxPixels: 100_000_000,
      visualLimits: { maxPixels: 1_000_000, maxBytes: 1024 * 1024 },
    } as never);
    records.records.set(ID, { ...pending(ID), size: raw.length, mimeType: 'image/tiff' });
    objects.failWholeReads = new Error('the whole RAW must not be read');
    const ranges: number[] = [];
    const byteSource = objects.byteSource.bind(objects);
    objects.byteSource = (key: string) => {
      const source = byteSource(key);
      return { size: source.size, read: async (offset: number, length: number) => (ranges.push(length), source.read(offset, length)) };
    };
    const result = await processUpload(deps, ID);
    expect(result).toMatchObject({ outcome: 'DONE', visual: 'ok' });
    expect(records.records.get(ID)).toMatchObject({
      metadata: { file: { format: 'nef', mimeType: 'image/x-nikon-nef' }, image: { width: 4288, height: 2848, orientation: 6 } },
      visual: { fromEmbeddedPreview: true, thumbnailWidth: 213, thumbnailHeight: 320 },
    });
    expect(ranges.at(-1)).toBe(preview.length);
    expect(ranges.reduce((sum, length) => sum + length, 0)).toBeLessThan(raw.length / 20);
  });

  it('changes nothing for a duplicate delivery of a DONE upload', async () => {
    const { records, deps } = setup();
    await processUpload(deps, ID);
    const done = records.records.get(ID);
    expect(await processUpload(deps, ID)).toEqual({ id: ID, outcome: 'DUPLICATE' });
    expect(records.records.get(ID)).toBe(done);
  });

  it('ends in one DONE when two deliveries run at once', async () => {
    const { records, deps } = setup();
    const outcomes = await Promise.all([processUpload(deps, ID), processUpload(deps, ID)]);
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['DONE', 'DUPLICATE']);
    expect(records.records.get(ID)?.status).toBe('DONE');
  });

  it('records OBJECT_GONE for an event whose object was deleted', async () => {
    const { records, deps } = setup(null);
    expect(await processUpload(deps, ID)).toMatchObject({ outcome: 'FAILED', code: 'OBJECT_GONE' });
    expect(records.records.get(ID)).toMatchObject({ status: 'FAILED', error: { code: 'OBJECT_GONE' } });
  });

  it('refuses an object above the size limit without reading it', async () => {
    const { objects, records, deps } = setup(new Uint8Array(1001));
    objects.failReads = new Error('must not read');
    expect(await processUpload(deps, ID)).toMatchObject({ outcome: 'FAILED', code: 'FILE_TOO_LARGE' });
    expect(records.records.get(ID)?.error?.code).toBe('FILE_TOO_LARGE');
  });

  it.each([
    ['not an image', new TextEncoder().encode('hello, this is text'), 'UNSUPPORTED_TYPE'],
    ['a truncated JPEG', jpeg().subarray(0, 6), 'CORRUPT_IMAGE'],
    ['an image above the pixel limit', Uint8Array.from([0xff, 0xd8, 0xff, 0xc0, 0, 11, 8, 0x27, 0x10, 0x27, 0x10, 1, 1, 0x11, 0]), 'TOO_MANY_PIXELS'],
  ])('records %s as FAILED %s and returns normally', async (_name, bytes, code) => {
    const { records, deps } = setup(bytes);
    expect(await processUpload(deps, ID)).toMatchObject({ outcome: 'FAILED', code });
    expect(records.records.get(ID)).toMatchObject({ status: 'FAILED', error: { code } });
  });

  it('rethrows a transient S3 error and leaves the record for the retry to resume', async () => {
    const { objects, records, deps } = setup();
    objects.failReads = new StorageUnavailableError('SlowDown: Please reduce your request rate.');
    await expect(processUpload(deps, ID)).rejects.toBeInstanceOf(TransientProcessingError);
    expect(records.records.get(ID)).toMatchObject({ status: 'PROCESSING', attempts: 1 });
    objects.failReads = null;
    expect(await processUpload(deps, ID)).toMatchObject({ outcome: 'DONE' });
  });

  it('records FAILED on the last attempt, and still rethrows so the event is dead-lettered', async () => {
    const { objects, records, deps } = setup(jpeg(), { maxAttempts: 2 });
    objects.failReads = new StorageUnavailableError('ThrottlingException: throttled');
    await expect(processUpload(deps, ID)).rejects.toBeInstanceOf(TransientProcessingError);
    await expect(processUpload(deps, ID)).rejects.toBeInstanceOf(TransientProcessingError);
    expect(records.records.get(ID)).toMatchObject({
      status: 'FAILED',
      error: { code: 'STORAGE_UNAVAILABLE', message: 'Storage did not answer in 2 attempts; upload the file again later.' },
    });
  });

  it('knows its last attempt even when the answer to an earlier claim was lost (the write had succeeded)', async () => {
    const { objects, records, deps } = setup(jpeg(), { maxAttempts: 2 });
    // The first delivery's claim was written, but its answer timed out: the record counts it, the delivery never learnt it.
    const claim = records.claim.bind(records);
    records.claim = async (...args) => {
      await claim(...args);
      throw new StorageUnavailableError('TimeoutError: socket hang up');
    };
    await expect(processUpload(deps, ID)).rejects.toBeInstanceOf(TransientProcessingError);
    expect(records.records.get(ID)).toMatchObject({ status: 'PROCESSING', attempts: 1 });
    objects.failReads = new StorageUnavailableError('SlowDown');
    // The second (last) delivery's claim answer is lost too: it still records FAILED rather than strand the upload.
    await expect(processUpload(deps, ID)).rejects.toBeInstanceOf(TransientProcessingError);
    expect(records.records.get(ID)).toMatchObject({ status: 'FAILED', error: { code: 'STORAGE_UNAVAILABLE' } });
  });

  it('records FAILED for an unexpected error, never retries it, and logs its cause first', async () => {
    const { objects, records, deps, logger } = setup();
    objects.failReads = new TypeError("Cannot read properties of undefined (reading 'x')");
    expect(await processUpload(deps, ID)).toEqual({ id: ID, outcome: 'FAILED', code: 'PROCESSING_FAILED' });
    expect(records.records.get(ID)).toMatchObject({ status: 'FAILED', error: { code: 'PROCESSING_FAILED' } });
    expect(logger.lines).toEqual([
      {
        level: 'error',
        message: 'Unexpected error; recording FAILED',
        fields: { id: ID, attempt: 1, cause: expect.stringContaining('TypeError: Cannot read properties') },
      },
    ]);
    expect(records.records.get(ID)?.error?.message).toBe('An error on our side stopped the processing of this file; it has been logged.');
  });

  it('logs, and does not hide, a failure to record FAILED', async () => {
    const { objects, records, deps, logger } = setup();
    objects.failReads = new TypeError('a bug');
    records.fail = async () => {
      throw new Error('AccessDeniedException: not allowed');
    };
    expect(await processUpload(deps, ID)).toMatchObject({ outcome: 'FAILED' });
    expect(logger.lines.map((line) => [line.message, line.fields.cause])).toEqual([
      ['Unexpected error; recording FAILED', expect.stringContaining('a bug')],
      ['Could not record FAILED', expect.stringContaining('AccessDeniedException')],
    ]);
  });

  it('records VISUAL_FAILED, and logs why, when the visual step meets an unexpected error; the upload stays DONE', async () => {
    const { objects, records, deps, logger } = setup();
    objects.failWholeReads = new RangeError('bad length');
    expect(await processUpload(deps, ID)).toMatchObject({ outcome: 'DONE', visual: 'error:VISUAL_FAILED' });
    expect(records.records.get(ID)).toMatchObject({ status: 'DONE', visual: { error: 'VISUAL_FAILED' } });
    expect(logger.lines).toEqual([expect.objectContaining({ level: 'error', fields: { id: ID, cause: expect.stringContaining('RangeError: bad length') } })]);
  });

  it('resumes the visual step of a DONE upload that has none (the retry after a transient failure there)', async () => {
    const { objects, records, deps } = setup();
    objects.failWholeReads = new StorageUnavailableError('SlowDown');
    await expect(processUpload(deps, ID)).rejects.toBeInstanceOf(TransientProcessingError);
    expect(records.records.get(ID)).toMatchObject({ status: 'DONE' });
    expect(records.records.get(ID)?.visual).toBeUndefined();
    objects.failWholeReads = null;
    expect(await processUpload(deps, ID)).toEqual({ id: ID, outcome: 'DUPLICATE', visual: 'error:DECODE_FAILED', visualMs: expect.any(Number) });
    expect(records.records.get(ID)).toMatchObject({ status: 'DONE', visual: { error: 'DECODE_FAILED' } });
  });

  it.each([
    ['more bytes than declared', (record: { size: number }) => ({ size: record.size - 10 }), /bytes, not the/],
    ['another type than declared', () => ({ mimeType: 'image/png' }), /image\/jpeg, not the image\/png/],
  ])('ends FAILED with UPLOAD_MISMATCH for an object of %s', async (_name, declared, message) => {
    const { records, deps } = setup(jpeg(gpsExif));
    records.records.set(ID, { ...records.records.get(ID)!, ...declared(records.records.get(ID)!) });
    expect(await processUpload(deps, ID)).toMatchObject({ outcome: 'FAILED', code: 'UPLOAD_MISMATCH' });
    expect(records.records.get(ID)).toMatchObject({ status: 'FAILED', error: { code: 'UPLOAD_MISMATCH', message: expect.stringMatching(message) } });
  });

  it('redacts the location when asked: no coordinates, no GPS tags', async () => {
    const { records, deps } = setup(jpeg(gpsExif), { redactLocation: true });
    await processUpload(deps, ID);
    const record = records.records.get(ID)!;
    expect(record).toMatchObject({ status: 'DONE', redacted: ['location'], metadata: { location: null } });
    expect(record.metadata?.exif.GPSInfo).toBeUndefined();
  });

  it('redacts a private upload from its record’s flag, on the first delivery and on a retried one', async () => {
    const { records, objects, deps } = setup(jpeg(gpsExif));
    records.records.set(ID, { ...records.records.get(ID)!, private: true });
    objects.failReads = new StorageUnavailableError('SlowDown: Please reduce your request rate.');
    await expect(processUpload(deps, ID)).rejects.toBeInstanceOf(TransientProcessingError);
    objects.failReads = null;
    await processUpload(deps, ID);
    const record = records.records.get(ID)!;
    expect(record).toMatchObject({ status: 'DONE', private: true, redacted: ['location'], metadata: { location: null } });
    expect(record.metadata?.exif.GPSInfo).toBeUndefined();
  });

  it('keeps the location of an upload that is not private', async () => {
    const { records, deps } = setup(jpeg(gpsExif));
    await processUpload(deps, ID);
    expect(records.records.get(ID)).toMatchObject({ redacted: [], metadata: { location: { latitude: 10 } } });
  });

  it('removes an object whose record is gone (deleted before a presigned PUT arrived): nothing outlives its upload', async () => {
    const { objects, records, deps } = setup(jpeg(gpsExif));
    records.records.clear();
    expect(await processUpload(deps, ID)).toEqual({ id: ID, outcome: 'NO_RECORD' });
    expect(objects.objects.has(KEY)).toBe(false);
  });

  it('keeps, with a refused file, what the core could still read of it (error.metadata)', async () => {
    const { records, deps } = setup(jpeg().subarray(0, 6));
    await processUpload(deps, ID);
    expect(records.records.get(ID)).toMatchObject({
      status: 'FAILED',
      error: { code: 'CORRUPT_IMAGE', metadata: { file: { format: 'jpeg', mimeType: 'image/jpeg' } } },
    });
  });

  describe('completion events', () => {
    it('publishes one "Upload Processed" when DONE with its visual features, without the location, and none for a duplicate delivery', async () => {
      const { deps, published } = setup(jpeg(gpsExif));
      await processUpload(deps, ID);
      await processUpload(deps, ID);
      expect(published).toEqual([
        {
          source: 'image-metadata-pipeline',
          detailType: 'Upload Processed',
          detail: expect.objectContaining({
            id: ID,
            status: 'DONE',
            format: 'jpeg',
            mimeType: 'image/jpeg',
            width: 64,
            height: 48,
            errorCode: null,
            thumbnailKey: null,
          }),
        },
      ]);
      expect(JSON.stringify(published)).not.toMatch(/latitude|GPS|serial/i);
    });

    it('publishes one "Upload Failed" for a refused file', async () => {
      const { deps, published } = setup(jpeg().subarray(0, 6));
      await processUpload(deps, ID);
      await processUpload(deps, ID);
      expect(published).toEqual([
        expect.objectContaining({
          detailType: 'Upload Failed',
          detail: expect.objectContaining({ id: ID, status: 'FAILED', errorCode: 'CORRUPT_IMAGE', format: 'jpeg' }),
        }),
      ]);
    });

    it('logs a publish that fails, and leaves the upload DONE', async () => {
      const { deps, records, logger } = setup();
      deps.events.publish = async () => {
        throw new Error('EventBridge: ServiceUnavailable');
      };
      expect(await processUpload(deps, ID)).toMatchObject({ outcome: 'DONE' });
      expect(records.records.get(ID)?.status).toBe('DONE');
      expect(logger.lines).toContainEqual(
        expect.objectContaining({ level: 'error', fields: expect.objectContaining({ code: 'EVENT_NOT_PUBLISHED', id: ID, detailType: 'Upload Processed' }) }),
      );
    });
  });

  describe('metrics (handleS3Event records them for each upload)', () => {
    const event = { Records: [{ s3: { object: { key: `uploads/${ID}` } } }] };

    it('records a DONE upload: outcome, bytes and reads, processing and visual time, a skipped visual step, upload-to-DONE latency', async () => {
      const { deps } = setup(jpeg(gpsExif));
      await handleS3Event(deps, { eventKeysUrlEncoded: false })(event);
      const recorded = deps.measure.recorded;
      expect(recorded.map((r) => r.metric).sort()).toEqual(
        ['HeaderBytesRead', 'ProcessingTime', 'ReadsPerImage', 'UploadToDoneLatency', 'UploadsProcessed', 'VisualSkipped', 'VisualStepTime'].sort(),
      );
      expect(recorded).toEqual(
        expect.arrayContaining([
          { metric: 'UploadsProcessed', value: 1, unit: 'Count', dimensions: { Outcome: 'DONE' } },
          { metric: 'ReadsPerImage', value: 1, unit: 'Count' },
          { metric: 'HeaderBytesRead', value: jpeg(gpsExif).length, unit: 'Bytes' },
          { metric: 'VisualSkipped', value: 1, unit: 'Count', dimensions: { Reason: 'DECODE_FAILED' } },
          { metric: 'UploadToDoneLatency', value: 1000, unit: 'Milliseconds' },
        ]),
      );
    });

    it('records a refused file as FAILED with its code, and keys every line about it by its upload id', async () => {
      const { deps, logger } = setup(jpeg().subarray(0, 6));
      await handleS3Event(deps, { eventKeysUrlEncoded: false })(event);
      expect(deps.measure.recorded).toEqual(
        expect.arrayContaining([
          { metric: 'UploadsProcessed', value: 1, unit: 'Count', dimensions: { Outcome: 'FAILED' } },
          { metric: 'UploadsFailed', value: 1, unit: 'Count', dimensions: { Code: 'CORRUPT_IMAGE' } },
        ]),
      );
      expect(logger.lines.length).toBeGreaterThan(0);
      for (const line of logger.lines) expect(line.fields.uploadId).toBe(ID);
    });
  });
});
