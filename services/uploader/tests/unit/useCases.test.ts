import { fakeLogger, fakeMeasurements } from '../../../../tests/fakeLogger';
import {
  allows,
  hashDeleteToken,
  StorageUnavailableError,
  TRANSITIONS,
  type UploadError,
  type UploadEvent,
  type UploadRecord,
} from '@image-pipeline/service-kit';
import { acceptUpload } from '../../src/acceptUpload';
import { createUploadUrl } from '../../src/createUploadUrl';
import type { ObjectStore, UploadStore, UploadUrlSigner } from '../../src/ports';

const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
const ID = '0b8f6a2e-3c4d-4e5f-8a6b-7c8d9e0f1a2b';
const NOW = new Date('2026-11-25T10:00:00Z');

class FakeUploads implements UploadStore {
  readonly records = new Map<string, UploadRecord>();
  readonly events: string[] = [];
  failCreate = false;
  async createPending(record: UploadRecord) {
    if (this.failCreate) throw new StorageUnavailableError('ProvisionedThroughputExceededException: DynamoDB down');
    this.events.push('createPending');
    this.records.set(record.id, record);
  }
  async markStoreFailed(id: string, error: UploadError) {
    this.events.push('markStoreFailed');
    const record = this.records.get(id)!;
    if (!allows(TRANSITIONS.failStore, record)) return false;
    this.records.set(id, { ...record, status: TRANSITIONS.failStore.to, error });
    return true;
  }
}

class FakeObjects implements ObjectStore {
  readonly puts: { key: string; contentType: string; filename: string }[] = [];
  constructor(
    private readonly events: string[],
    private readonly fail = false,
  ) {}
  async putUpload(upload: { key: string; bytes: Uint8Array; contentType: string; filename: string }) {
    this.events.push('putUpload');
    if (this.fail) throw new StorageUnavailableError('SlowDown: S3 down');
    this.puts.push({ key: upload.key, contentType: upload.contentType, filename: upload.filename });
  }
}

const logger = fakeLogger();
const TOKEN = 'a-delete-token-that-only-the-uploader-sees';
const runtime = { now: () => NOW, newId: () => ID, newDeleteToken: () => ({ token: TOKEN, hash: hashDeleteToken(TOKEN) }) };

function setup(options: { failPut?: boolean } = {}) {
  const uploads = new FakeUploads();
  const objects = new FakeObjects(uploads.events, options.failPut);
  const published: UploadEvent[] = [];
  const events = { publish: async (event: UploadEvent) => void published.push(event) };
  const measure = fakeMeasurements();
  const deps = { uploads, objects, events, runtime, logger, measure, config: { maxUploadBytes: 1000, resultTtlDays: 30 } };
  return { uploads, objects, deps, published, measure };
}

describe('acceptUpload', () => {
  it('records PENDING before storing the object, under uploads/<id>, with the sniffed type', async () => {
    const { uploads, objects, deps } = setup();
    const answer = await acceptUpload(deps, { filename: '../x/Zoë.png', bytes: JPEG, private: false });
    expect(answer).toEqual({ id: ID, status: 'PENDING', resultUrl: `/result/${ID}`, deleteToken: TOKEN });
    expect(uploads.events).toEqual(['createPending', 'putUpload']);
    expect(deps.measure.recorded).toEqual([{ metric: 'UploadsAccepted', value: 1, unit: 'Count', dimensions: { Path: 'direct' } }]);
    expect(objects.puts).toEqual([{ key: `uploads/${ID}`, contentType: 'image/jpeg', filename: 'Zoë.png' }]);
    expect(uploads.records.get(ID)).toMatchObject({
      status: 'PENDING',
      filename: 'Zoë.png',
      size: JPEG.length,
      mimeType: 'image/jpeg',
      uploadedAt: NOW.toISOString(),
      expiresAt: NOW.getTime() / 1000 + 30 * 86400,
    });
  });

  it('stores the delete token’s hash and the private flag, never the token, and says the original is kept', async () => {
    const { uploads, deps } = setup();
    const answer = await acceptUpload(deps, { filename: 'a.jpg', bytes: JPEG, private: true });
    expect(answer).toEqual({ id: ID, status: 'PENDING', resultUrl: `/result/${ID}`, deleteToken: TOKEN, private: true, originalKept: true });
    const record = uploads.records.get(ID)!;
    expect(record).toMatchObject({ private: true, deleteTokenHash: hashDeleteToken(TOKEN) });
    expect(JSON.stringify(record)).not.toContain(TOKEN);
  });

  it('stores the caller as the owner when the API requires a token', async () => {
    const { uploads, deps } = setup();
    const answer = await acceptUpload(deps, { filename: 'a.jpg', bytes: JPEG, private: false }, 'alice');
    expect(uploads.records.get(ID)).toMatchObject({ owner: 'alice' });
    // Its owner deletes it: no delete token is made, shown or stored.
    expect(answer).not.toHaveProperty('deleteToken');
    expect(uploads.records.get(ID)).not.toHaveProperty('deleteTokenHash');
  });

  it('marks the record FAILED (UPLOAD_FAILED) and publishes Upload Failed, then fails as the store did, when the object cannot be stored', async () => {
    const { uploads, deps, published } = setup({ failPut: true });
    await expect(acceptUpload(deps, { filename: 'a.jpg', bytes: JPEG, private: false })).rejects.toBeInstanceOf(StorageUnavailableError);
    expect(uploads.records.get(ID)).toMatchObject({ status: 'FAILED', error: { code: 'UPLOAD_FAILED' } });
    expect(published).toEqual([
      expect.objectContaining({ detailType: 'Upload Failed', detail: expect.objectContaining({ id: ID, status: 'FAILED', errorCode: 'UPLOAD_FAILED' }) }),
    ]);
  });

  it('fails as the store did, and stores nothing, when the record cannot be written', async () => {
    const { objects, deps, uploads } = setup();
    uploads.failCreate = true;
    await expect(acceptUpload(deps, { filename: 'a.jpg', bytes: JPEG, private: false })).rejects.toBeInstanceOf(StorageUnavailableError);
    expect(objects.puts).toEqual([]);
  });

  it.each([
    ['an empty file', new Uint8Array(0), 'EMPTY_FILE'],
    ['a PDF named photo.jpg', new TextEncoder().encode('%PDF-1.4 '.repeat(8)), 'UNSUPPORTED_TYPE'],
    ['a file over the limit', new Uint8Array(1001).fill(0xff), 'FILE_TOO_LARGE'],
  ])('refuses %s with %s and records nothing', async (_name, bytes, code) => {
    const { uploads, deps } = setup();
    await expect(acceptUpload(deps, { filename: 'photo.jpg', bytes, private: false })).rejects.toMatchObject({ code });
    expect(uploads.events).toEqual([]);
  });
});

describe('createUploadUrl', () => {
  const signer: UploadUrlSigner = {
    signPut: async (request) => ({ url: `https://signed/${request.key}?size=${request.size}`, headers: { 'Content-Type': request.contentType } }),
  };
  const deps = () => {
    const uploads = new FakeUploads();
    return {
      uploads,
      deps: {
        uploads,
        signer,
        runtime,
        logger,
        measure: fakeMeasurements(),
        config: { maxPresignedUploadBytes: 50_000_000, uploadUrlTtlSeconds: 300, resultTtlDays: 30 },
      },
    };
  };

  it('records PENDING and returns a PUT URL that expires in five minutes', async () => {
    const { uploads, deps: d } = deps();
    const answer = await createUploadUrl(d, { filename: 'big.heic', size: 20_000_000, contentType: 'image/heic' });
    expect(answer).toEqual({
      id: ID,
      status: 'PENDING',
      resultUrl: `/result/${ID}`,
      deleteToken: TOKEN,
      method: 'PUT',
      uploadUrl: `https://signed/uploads/${ID}?size=20000000`,
      headers: { 'Content-Type': 'image/heic' },
      expiresAt: '2026-11-25T10:05:00.000Z',
    });
    expect(uploads.records.get(ID)).toMatchObject({ status: 'PENDING', staleAt: '2026-11-25T10:15:00.000Z' });
  });

  it('takes "private": true, and keeps only the token’s hash', async () => {
    const { uploads, deps: d } = deps();
    const answer = await createUploadUrl(d, { filename: 'a.jpg', size: 10, contentType: 'image/jpeg', private: true });
    expect(answer).toMatchObject({ private: true, originalKept: true, deleteToken: TOKEN });
    expect(uploads.records.get(ID)).toMatchObject({ private: true, deleteTokenHash: hashDeleteToken(TOKEN) });
  });

  it.each([
    [{ filename: 'a.jpg', size: 60_000_000, contentType: 'image/jpeg' }, 'FILE_TOO_LARGE'],
    [{ filename: 'a.jpg', size: 0, contentType: 'image/jpeg' }, 'EMPTY_FILE'],
    [{ filename: 'a.pdf', size: 10, contentType: 'application/pdf' }, 'UNSUPPORTED_TYPE'],
    [{ filename: 'a.jpg', size: '10', contentType: 'image/jpeg' }, 'INVALID_REQUEST'],
    [null, 'INVALID_REQUEST'],
    [{ filename: 'a.jpg', size: 10, contentType: 'image/jpeg', private: 'yes' }, 'INVALID_REQUEST'],
    [[{ filename: 'a.jpg', size: 10, contentType: 'image/jpeg' }], 'INVALID_REQUEST'],
    [{ filename: 'a.jpg', size: 10, contentType: 'constructor' }, 'UNSUPPORTED_TYPE'],
  ])('refuses %j with %s', async (request, code) => {
    const { uploads, deps: d } = deps();
    await expect(createUploadUrl(d, request)).rejects.toMatchObject({ code });
    expect(uploads.records.size).toBe(0);
  });
});
