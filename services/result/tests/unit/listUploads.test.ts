import { UploadStatus, type ListPosition, type UploadRecord } from '@image-pipeline/service-kit';
import { getResult, getResults } from '../../src/getResult';
import { listUploads } from '../../src/listUploads';

const NOW = new Date('2026-11-25T10:00:00Z');
const id = (n: number) => `${String(n).padStart(8, '0')}-3c4d-4e5f-8a6b-7c8d9e0f1a2b`;
const upload = (n: number, owner: string | undefined): UploadRecord => ({
  id: id(n),
  status: UploadStatus.DONE,
  filename: `p${n}.jpg`,
  size: 1,
  mimeType: 'image/jpeg',
  uploadedAt: new Date(NOW.getTime() - n * 1000).toISOString(),
  expiresAt: NOW.getTime() / 1000 + 3600,
  ...(owner && { owner }),
  metadata: {
    file: { format: 'jpeg', mimeType: 'image/jpeg', size: 1 },
    image: { displayWidth: 4, displayHeight: 3 },
    camera: { make: 'Canon', model: 'EOS', serialNumber: 'S-1' },
    capture: { dateTimeOriginal: '2026-01-01T10:00:00' },
    location: { latitude: 1, longitude: 2 },
  } as unknown as UploadRecord['metadata'],
  visual: { thumbnailKey: `thumbnails/${id(n)}.jpg`, thumbnailWidth: 4, thumbnailHeight: 3, perceptualHash: '0', dominantColors: [] },
});

/** An owner index in memory: newest first, paged after a position, as the DynamoDB Query does. */
function deps(records: UploadRecord[]) {
  const queries: string[] = [];
  return {
    queries,
    deps: {
      now: () => NOW,
      thumbnails: { url: async (key: string) => `https://signed.example/${key}` },
      records: {
        get: async (wanted: string) => records.find((r) => r.id === wanted) ?? null,
        getMany: async (ids: string[]) => new Map(records.filter((r) => ids.includes(r.id)).map((r) => [r.id, r])),
        listByOwner: async (owner: string, limit: number, after: ListPosition | null) => {
          queries.push(owner);
          const mine = records.filter((r) => r.owner === owner).sort((a, b) => b.uploadedAt.localeCompare(a.uploadedAt));
          const start = after ? mine.findIndex((r) => r.id === after.id) + 1 : 0;
          const page = mine.slice(start, start + limit);
          const last = start + limit < mine.length ? { id: page.at(-1)!.id, uploadedAt: page.at(-1)!.uploadedAt } : null;
          return { records: page, last };
        },
      },
    },
  };
}

describe('GET /uploads (listUploads)', () => {
  const records = [...Array.from({ length: 5 }, (_, n) => upload(n + 1, 'alice')), upload(6, 'bob'), upload(7, undefined)];

  it('lists the caller’s uploads newest first, a page at a time, with a cursor, and nothing private', async () => {
    const d = deps(records);
    const first = await listUploads(d.deps, 'alice', { limit: '2' });
    expect(first.uploads.map((u) => u.id)).toEqual([id(1), id(2)]);
    expect(first.uploads[0]).toEqual({
      id: id(1),
      filename: 'p1.jpg',
      status: 'DONE',
      uploadedAt: expect.any(String),
      format: 'jpeg',
      width: 4,
      height: 3,
      camera: { make: 'Canon', model: 'EOS' },
      capturedAt: '2026-01-01T10:00:00',
      thumbnailUrl: `https://signed.example/thumbnails/${id(1)}.jpg`,
    });
    const second = await listUploads(d.deps, 'alice', { limit: '2', cursor: first.nextCursor! });
    const third = await listUploads(d.deps, 'alice', { limit: '2', cursor: second.nextCursor! });
    expect([...second.uploads, ...third.uploads].map((u) => u.id)).toEqual([id(3), id(4), id(5)]);
    expect(third.nextCursor).toBeNull();
    expect(d.queries).toEqual(['alice', 'alice', 'alice']);
  });

  it('never shows another owner’s uploads, and refuses another owner’s cursor or a forged one with 400 INVALID_CURSOR', async () => {
    const d = deps(records);
    expect((await listUploads(d.deps, 'bob', {})).uploads.map((u) => u.id)).toEqual([id(6)]);
    const alices = (await listUploads(d.deps, 'alice', { limit: '1' })).nextCursor!;
    for (const cursor of [alices, 'not-a-cursor', Buffer.from('{"u":"2026-01-01T00:00:00Z","i":"x","o":"y"}').toString('base64url'), `${alices}x`]) {
      await expect(listUploads(d.deps, 'bob', { cursor })).rejects.toMatchObject({ statusCode: 400, code: 'INVALID_CURSOR' });
    }
  });

  it.each(['0', '101', 'ten', '2.5'])('refuses limit=%s with 400', async (limit) => {
    await expect(listUploads(deps(records).deps, 'alice', { limit })).rejects.toMatchObject({ statusCode: 400, code: 'INVALID_REQUEST' });
  });

  it('answers an anonymous caller (AUTH_MODE=none) with 401 AUTH_REQUIRED and WWW-Authenticate: Bearer', async () => {
    await expect(listUploads(deps(records).deps, null, {})).rejects.toMatchObject({
      statusCode: 401,
      code: 'AUTH_REQUIRED',
      headers: { 'WWW-Authenticate': 'Bearer' },
    });
  });
});

describe('owners on GET /result/{id} and GET /results', () => {
  const records = [upload(1, 'alice'), upload(2, undefined)];

  it('answers another owner’s upload exactly as an unknown id', async () => {
    const d = deps(records).deps;
    await expect(getResult(d, id(1), 'bob')).rejects.toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    const unknown = await getResult(d, id(9), 'bob').catch((error: unknown) => error);
    const hidden = await getResult(d, id(1), 'bob').catch((error: unknown) => error);
    expect(hidden).toEqual(unknown);
    expect((await getResult(d, id(1), 'alice')).body.id).toBe(id(1));
    expect((await getResults(d, `${id(1)},${id(9)}`, 'bob')).body.results).toEqual([
      { id: id(1), error: { code: 'NOT_FOUND', message: expect.any(String) } },
      { id: id(9), error: { code: 'NOT_FOUND', message: expect.any(String) } },
    ]);
  });

  it('keeps an owned upload from anonymous readers, and anonymous uploads readable by id', async () => {
    const d = deps(records).deps;
    await expect(getResult(d, id(1), null)).rejects.toMatchObject({ statusCode: 404 });
    expect((await getResult(d, id(2), null)).body.id).toBe(id(2));
  });
});
