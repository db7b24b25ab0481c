import { fakeLogger } from '../../../../tests/fakeLogger';
import { hashDeleteToken, NO_MEASUREMENTS, StorageUnavailableError, UploadStatus, type UploadEvent, type UploadRecord } from '@image-pipeline/service-kit';
import { deleteUpload } from '../../src/deleteUpload';

const ID = '0b8f6a2e-3c4d-4e5f-8a6b-7c8d9e0f1a2b';
const TOKEN = 'the-token-handed-to-the-uploader';
const record: UploadRecord = {
  id: ID,
  status: UploadStatus.DONE,
  filename: 'a.jpg',
  size: 1,
  mimeType: 'image/jpeg',
  uploadedAt: '2026-11-25T09:59:00.000Z',
  expiresAt: 2_000_000_000,
  staleAt: '2026-11-25T10:09:00.000Z',
  deleteTokenHash: hashDeleteToken(TOKEN),
};

function setup(stored: UploadRecord | null = record, failures: { objects?: boolean } = {}) {
  const events: string[] = [];
  const records = new Map(stored ? [[stored.id, stored]] : []);
  const deps = {
    records: {
      get: async (id: string) => records.get(id) ?? null,
      remove: async (id: string) => void (events.push(`record ${id}`), records.delete(id)),
    },
    objects: {
      remove: async (keys: string[]) => {
        if (failures.objects) throw new StorageUnavailableError('SlowDown: S3 down');
        events.push(...keys.map((key) => `object ${key}`));
      },
    },
    events: { publish: async (event: UploadEvent) => void events.push(`event ${event.detailType} ${event.detail.id}`) },
    logger: fakeLogger(),
    measure: NO_MEASUREMENTS,
  };
  return { deps, events, records };
}

describe('deleteUpload', () => {
  it('removes the original, the thumbnail, then the record', async () => {
    const { deps, events, records } = setup();
    await deleteUpload(deps, ID, { authorization: `Bearer ${TOKEN}`, caller: null });
    expect(events).toEqual([`object uploads/${ID}`, `object thumbnails/${ID}.jpg`, `record ${ID}`, `event Upload Deleted ${ID}`]);
    expect(records.size).toBe(0);
  });

  it.each([
    ['no Authorization header', undefined, 401, 'UNAUTHORIZED'],
    ['another scheme', `Basic ${TOKEN}`, 401, 'UNAUTHORIZED'],
    ['a wrong token', 'Bearer not-the-token', 403, 'FORBIDDEN'],
  ])('refuses %s with %i %s and deletes nothing', async (_name, authorization, statusCode, code) => {
    const { deps, events } = setup();
    await expect(deleteUpload(deps, ID, { authorization: authorization, caller: null })).rejects.toMatchObject({ statusCode, code });
    expect(events).toEqual([]);
  });

  it('refuses a record that has no token hash (uploaded before delete tokens) with 403', async () => {
    const { deps } = setup({ ...record, deleteTokenHash: undefined });
    await expect(deleteUpload(deps, ID, { authorization: `Bearer ${TOKEN}`, caller: null })).rejects.toMatchObject({ statusCode: 403 });
  });

  it('answers 404 for an unknown id, and so for a second delete', async () => {
    const { deps } = setup();
    await deleteUpload(deps, ID, { authorization: `Bearer ${TOKEN}`, caller: null });
    await expect(deleteUpload(deps, ID, { authorization: `Bearer ${TOKEN}`, caller: null })).rejects.toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });

  it('answers 400 INVALID_ID before reading anything', async () => {
    await expect(deleteUpload(setup().deps, 'nope', { authorization: `Bearer ${TOKEN}`, caller: null })).rejects.toMatchObject({
      statusCode: 400,
      code: 'INVALID_ID',
    });
  });

  it('keeps the record when the objects could not be deleted, so the same token can try again', async () => {
    const { deps, records } = setup(record, { objects: true });
    await expect(deleteUpload(deps, ID, { authorization: `Bearer ${TOKEN}`, caller: null })).rejects.toBeInstanceOf(StorageUnavailableError);
    expect(records.has(ID)).toBe(true);
  });

  describe('with AUTH_MODE=jwt (the caller from the authorizer)', () => {
    it('lets the owner delete without the delete token', async () => {
      const { deps, records } = setup({ ...record, owner: 'alice', deleteTokenHash: undefined });
      await deleteUpload(deps, ID, { authorization: 'Bearer a.jwt.token', caller: 'alice' });
      expect(records.size).toBe(0);
    });

    it('answers another owner’s upload exactly as an unknown id (404), and deletes nothing', async () => {
      const { deps, events } = setup({ ...record, owner: 'alice' });
      await expect(deleteUpload(deps, ID, { authorization: 'Bearer a.jwt.token', caller: 'bob' })).rejects.toMatchObject({
        statusCode: 404,
        code: 'NOT_FOUND',
      });
      expect(events).toEqual([]);
    });

    it('never lets a delete token reach an owned upload anonymously', async () => {
      const { deps } = setup({ ...record, owner: 'alice' });
      await expect(deleteUpload(deps, ID, { authorization: `Bearer ${TOKEN}`, caller: null })).rejects.toMatchObject({ statusCode: 404 });
    });
  });
});
