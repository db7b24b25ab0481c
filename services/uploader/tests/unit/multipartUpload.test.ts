import { createHash } from 'node:crypto';
import { fakeLogger, fakeMeasurements } from '../../../../tests/fakeLogger';
import { allows, hashDeleteToken, TRANSITIONS, type UploadError, type UploadRecord } from '@image-pipeline/service-kit';
import { abortMultipart, completeMultipart, partSizeFor, signParts, startMultipart, type MultipartDeps } from '../../src/multipartUpload';
import type { MultipartStorage, MultipartUploadStore, PartsCompletion } from '../../src/ports';

const ID = '0b8f6a2e-3c4d-4e5f-8a6b-7c8d9e0f1a2b';
const OTHER = '1c9f7b3f-4d5e-4f60-9b7c-8d9e0f1a2b3c';
const NOW = new Date('2026-11-25T10:00:00Z');
const MiB = 1024 * 1024;
const TOKEN = 'a-delete-token-that-only-the-uploader-sees';
const md5 = (text: string) => `"${createHash('md5').update(text).digest('hex')}"`;

/** Records in memory, changed only where the lifecycle's table allows, as in DynamoDB. */
class FakeUploads implements MultipartUploadStore {
  readonly records = new Map<string, UploadRecord>();
  async createPending(record: UploadRecord) {
    this.records.set(record.id, record);
  }
  async get(id: string) {
    return this.records.get(id) ?? null;
  }
  private apply(id: string, transition: (typeof TRANSITIONS)[keyof typeof TRANSITIONS], change: Partial<UploadRecord>) {
    const record = this.records.get(id) ?? null;
    if (!allows(transition, record)) return false;
    this.records.set(id, { ...record!, ...change, status: transition.to });
    return true;
  }
  async markPartsCompleted(id: string, at: string) {
    return this.apply(id, TRANSITIONS.completeParts, { partsCompletedAt: at });
  }
  async markCancelled(id: string, error: UploadError, at: string) {
    return this.apply(id, TRANSITIONS.cancel, { error, processedAt: at });
  }
  async markStoreFailed(id: string, error: UploadError) {
    return this.apply(id, TRANSITIONS.failStore, { error });
  }
}

/** S3 as it judges a completion: each listed part uploaded, with its own ETag, in order, all but the last ≥ 5 MiB. */
class FakeStorage implements MultipartStorage {
  readonly uploads = new Map<string, Map<number, { etag: string; size: number }>>();
  readonly completed = new Set<string>();
  async create() {
    const id = `s3-${this.uploads.size + 1}`;
    this.uploads.set(id, new Map());
    return id;
  }
  async signPart(request: { s3UploadId: string; partNumber: number; length: number }) {
    return { url: `https://s3/${request.s3UploadId}/${request.partNumber}?length=${request.length}`, headers: {} };
  }
  put(s3UploadId: string, partNumber: number, size: number) {
    this.uploads.get(s3UploadId)!.set(partNumber, { etag: md5(`${partNumber}:${size}`), size });
  }
  async complete(request: { s3UploadId: string; parts: { partNumber: number; etag: string }[] }): Promise<PartsCompletion> {
    const parts = this.uploads.get(request.s3UploadId);
    if (!parts) return { completed: false, reason: 'NO_SUCH_UPLOAD' };
    for (const [index, part] of request.parts.entries()) {
      const stored = parts.get(part.partNumber);
      if (!stored || stored.etag !== part.etag) return { completed: false, reason: 'INVALID_PART' };
      if (index < request.parts.length - 1 && stored.size < 5 * MiB) return { completed: false, reason: 'PART_TOO_SMALL' };
    }
    this.uploads.delete(request.s3UploadId);
    this.completed.add(request.s3UploadId);
    return { completed: true };
  }
  async abort(request: { s3UploadId: string }) {
    return this.uploads.delete(request.s3UploadId);
  }
}

function setup() {
  const uploads = new FakeUploads();
  const storage = new FakeStorage();
  let ids = [ID, OTHER];
  const deps: MultipartDeps = {
    uploads,
    storage,
    runtime: { now: () => NOW, newId: () => ids.shift()!, newDeleteToken: () => ({ token: TOKEN, hash: hashDeleteToken(TOKEN) }) },
    logger: fakeLogger(),
    measure: fakeMeasurements(),
    config: { maxMultipartUploadBytes: 5 * 1024 * MiB, multipartPartBytes: 8 * MiB, multipartWindowHours: 24, uploadUrlTtlSeconds: 300, resultTtlDays: 30 },
  };
  const anonymous = { caller: null, authorization: `Bearer ${TOKEN}` };
  /** Starts a 20 MiB upload (parts of 8, 8 and 4 MiB) and sends every part. */
  const started = async () => {
    const answer = await startMultipart(deps, { filename: 'DSC_0001.NEF', size: 20 * MiB, contentType: 'image/x-nikon-nef' }, null);
    const s3UploadId = uploads.records.get(answer.id)!.multipart!.s3UploadId;
    [8, 8, 4].forEach((size, i) => storage.put(s3UploadId, i + 1, size * MiB));
    const parts = [8, 8, 4].map((size, i) => ({ partNumber: i + 1, etag: md5(`${i + 1}:${size * MiB}`) }));
    return { answer, parts, s3UploadId };
  };
  ids = [ID, OTHER];
  return { uploads, storage, deps, anonymous, started };
}

describe('multipart uploads', () => {
  it('cuts parts of 8 MiB, larger only to stay within 10,000 parts', () => {
    expect(partSizeFor(20 * MiB, 8 * MiB)).toBe(8 * MiB);
    expect(partSizeFor(5 * 1024 * MiB, 8 * MiB)).toBe(8 * MiB);
    expect(partSizeFor(200 * 1024 * MiB, 8 * MiB)).toBe(21 * MiB);
  });

  it('records PENDING for a day, signs each part for its exact length, completes with the ETags, and stays PENDING for the processor', async () => {
    const { uploads, deps, anonymous, started } = setup();
    const { answer, parts } = await started();
    expect(answer).toMatchObject({ id: ID, status: 'PENDING', deleteToken: TOKEN, partSize: 8 * MiB, partCount: 3, expiresAt: '2026-11-26T10:00:00.000Z' });
    const urls = await signParts(deps, ID, { partNumbers: [1, 3] }, anonymous);
    expect(urls.parts.map((p) => p.url)).toEqual([expect.stringMatching(/\/1\?length=8388608$/), expect.stringMatching(/\/3\?length=4194304$/)]);
    await expect(completeMultipart(deps, ID, { parts }, anonymous)).resolves.toMatchObject({ id: ID, status: 'PENDING' });
    expect(uploads.records.get(ID)).toMatchObject({ status: 'PENDING', partsCompletedAt: NOW.toISOString() });
    // A retried completion answers as the first.
    await expect(completeMultipart(deps, ID, { parts }, anonymous)).resolves.toMatchObject({ id: ID });
  });

  it.each([
    ['a missing part', (parts: { partNumber: number; etag: string }[]) => parts.slice(0, 2), 'INVALID_PARTS'],
    ['parts out of order', (parts: { partNumber: number; etag: string }[]) => [parts[1], parts[0], parts[2]], 'INVALID_PARTS'],
    ['a wrong ETag', (parts: { partNumber: number; etag: string }[]) => [parts[0], { ...parts[1]!, etag: md5('other') }, parts[2]], 'INVALID_PARTS'],
    ['an ETag that is no ETag', (parts: { partNumber: number; etag: string }[]) => [parts[0], { ...parts[1]!, etag: 'x' }, parts[2]], 'INVALID_PARTS'],
    ['no list', () => 'parts', 'INVALID_REQUEST'],
  ])('refuses a completion with %s, and the upload stays open to retry or cancel', async (_name, change, code) => {
    const { uploads, deps, anonymous, started } = setup();
    const { parts } = await started();
    await expect(completeMultipart(deps, ID, { parts: change(parts) }, anonymous)).rejects.toMatchObject({ code });
    expect(uploads.records.get(ID)).toMatchObject({ status: 'PENDING' });
    expect(uploads.records.get(ID)!.partsCompletedAt).toBeUndefined();
  });

  it('refuses parts smaller than 5 MiB but the last (as S3 does)', async () => {
    const { storage, deps, anonymous, started } = setup();
    const { parts, s3UploadId } = await started();
    storage.put(s3UploadId, 2, 1 * MiB);
    await expect(completeMultipart(deps, ID, { parts: [parts[0], { partNumber: 2, etag: md5(`2:${MiB}`) }, parts[2]] }, anonymous)).rejects.toMatchObject({
      code: 'INVALID_PARTS',
      message: expect.stringMatching(/5 MiB/),
    });
  });

  it('refuses a declared size above the limit, and part numbers outside the upload', async () => {
    const { deps, anonymous, started } = setup();
    await expect(startMultipart(deps, { filename: 'a.mov', size: 6 * 1024 * MiB, contentType: 'video/quicktime' }, null)).rejects.toMatchObject({
      code: 'FILE_TOO_LARGE',
    });
    await started();
    await expect(signParts(deps, ID, { partNumbers: [4] }, anonymous)).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    await expect(signParts(deps, ID, { partNumbers: [0] }, anonymous)).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  });

  it('cancels: the parts are aborted and the upload FAILED (CANCELLED), never left PENDING; then nothing more is signed or completed', async () => {
    const { uploads, storage, deps, anonymous, started } = setup();
    const { parts, s3UploadId } = await started();
    await abortMultipart(deps, ID, anonymous);
    expect(storage.uploads.has(s3UploadId)).toBe(false);
    expect(uploads.records.get(ID)).toMatchObject({ status: 'FAILED', error: { code: 'CANCELLED' } });
    await expect(signParts(deps, ID, { partNumbers: [1] }, anonymous)).rejects.toMatchObject({ code: 'UPLOAD_CLOSED' });
    await expect(completeMultipart(deps, ID, { parts }, anonymous)).rejects.toMatchObject({ code: 'UPLOAD_CLOSED' });
  });

  it('refuses an abort after completion (409), and keeps the object', async () => {
    const { storage, deps, anonymous, started } = setup();
    const { parts, s3UploadId } = await started();
    await completeMultipart(deps, ID, { parts }, anonymous);
    await expect(abortMultipart(deps, ID, anonymous)).rejects.toMatchObject({ code: 'ALREADY_COMPLETED' });
    expect(storage.completed.has(s3UploadId)).toBe(true);
  });

  it('answers another upload’s id, or a wrong token, as a refusal: never touching that upload', async () => {
    const { uploads, deps, anonymous, started } = setup();
    const { parts } = await started();
    // A second upload by someone else: its own token would be needed.
    uploads.records.set(OTHER, { ...uploads.records.get(ID)!, id: OTHER, deleteTokenHash: hashDeleteToken('their-token') });
    await expect(completeMultipart(deps, OTHER, { parts }, anonymous)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(abortMultipart(deps, OTHER, anonymous)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(completeMultipart(deps, ID, { parts }, { caller: null, authorization: undefined })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    // An owner's upload is another owner's unknown id.
    uploads.records.set(OTHER, { ...uploads.records.get(OTHER)!, owner: 'alice' });
    await expect(signParts(deps, OTHER, { partNumbers: [1] }, { caller: 'mallory', authorization: undefined })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(uploads.records.get(OTHER)).toMatchObject({ status: 'PENDING' });
  });
});
