import { LIFECYCLE, StorageUnavailableError, UploadStatus, type UploadRecord } from '@image-pipeline/service-kit';
import { getResult, getResults } from '../../src/getResult';

const MAX_IDS_PER_REQUEST = LIFECYCLE.resultsPerRequest;

const ID = '0b8f6a2e-3c4d-4e5f-8a6b-7c8d9e0f1a2b';
const NOW = new Date('2026-11-25T10:00:00Z');
const base: UploadRecord = {
  id: ID,
  status: UploadStatus.PENDING,
  filename: 'Zoë.jpg',
  size: 10,
  mimeType: 'image/jpeg',
  uploadedAt: '2026-11-25T09:59:00.000Z',
  expiresAt: NOW.getTime() / 1000 + 3600,
  staleAt: '2026-11-25T10:09:00.000Z',
};

function deps(record: UploadRecord | null | Error) {
  let calls = 0;
  return {
    calls: () => calls,
    deps: {
      now: () => NOW,
      thumbnails: { url: async (key: string) => `https://signed.example/${key}` },
      records: {
        get: async () => {
          calls += 1;
          if (record instanceof Error) throw record;
          return record;
        },
        getMany: async (ids: string[]) => {
          calls += 1;
          if (record instanceof Error) throw record;
          return new Map(record && ids.includes(record.id) ? [[record.id, record]] : []);
        },
      },
    },
  };
}

describe('getResult', () => {
  it.each(['not-a-uuid', ID.toUpperCase(), `${ID}x`, ''])('refuses id %j with 400 INVALID_ID without reading the table', async (id) => {
    const d = deps(base);
    await expect(getResult(d.deps, id)).rejects.toMatchObject({ statusCode: 400, code: 'INVALID_ID' });
    expect(d.calls()).toBe(0);
  });

  it('answers 404 NOT_FOUND for an unknown id and for a record past its TTL', async () => {
    await expect(getResult(deps(null).deps, ID)).rejects.toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    await expect(getResult(deps({ ...base, expiresAt: NOW.getTime() / 1000 - 1 }).deps, ID)).rejects.toMatchObject({ statusCode: 404 });
  });

  it('fails as the store did when the table cannot be read (the handler’s mapper answers 503)', async () => {
    const unavailable = new StorageUnavailableError('ThrottlingException: throttled');
    await expect(getResult(deps(unavailable).deps, ID)).rejects.toBe(unavailable);
  });

  it('returns only the public fields of a PENDING upload, not final', async () => {
    const answer = await getResult(deps({ ...base, etag: '"x"', attempts: 1 }).deps, ID);
    expect(answer).toMatchObject({ final: false, body: { id: ID, status: 'PENDING', filename: 'Zoë.jpg', uploadedAt: base.uploadedAt } });
    expect(Object.keys(answer.body).sort()).toEqual(['filename', 'id', 'status', 'uploadedAt']);
  });

  const metadata = { file: { size: 10, mimeType: 'image/jpeg', format: 'jpeg' }, warnings: ['EXIF Photo: something'] } as unknown as UploadRecord['metadata'];
  const visual = {
    thumbnailKey: `thumbnails/${ID}.jpg`,
    thumbnailWidth: 320,
    thumbnailHeight: 240,
    perceptualHash: '0f0f0f0f0f0f0f0f',
    dominantColors: [{ hex: '#112233', share: 1 }],
  };

  it('returns DONE with metadata, warnings lifted out, its visual features with a thumbnail link, and a stable ETag', async () => {
    const done = { ...base, status: UploadStatus.DONE, processedAt: '2026-11-25T09:59:02.000Z', metadata, redacted: ['location' as const], visual };
    const first = await getResult(deps(done).deps, ID);
    const second = await getResult(deps(done).deps, ID);
    expect(first.final).toBe(true);
    expect(first.body).toEqual({
      id: ID,
      status: 'DONE',
      filename: 'Zoë.jpg',
      uploadedAt: base.uploadedAt,
      processedAt: done.processedAt,
      metadata: { file: { size: 10, mimeType: 'image/jpeg', format: 'jpeg' } },
      warnings: ['EXIF Photo: something'],
      redacted: ['location'],
      visual,
      thumbnailUrl: `https://signed.example/thumbnails/${ID}.jpg`,
    });
    expect(first.etag).toBe(second.etag);
  });

  it('says what a private upload had removed, and that the original is kept', async () => {
    const done = {
      ...base,
      status: UploadStatus.DONE,
      metadata,
      private: true,
      redacted: ['location' as const, 'serialNumbers' as const],
      deleteTokenHash: 'ab'.repeat(32),
    };
    const { body } = await getResult(deps(done).deps, ID);
    expect(body).toMatchObject({ private: true, originalKept: true, redacted: ['location', 'serialNumbers'] });
    expect(JSON.stringify(body)).not.toContain('deleteTokenHash');
  });

  it('keeps a DONE answer without visual features uncacheable: they are on their way', async () => {
    const answer = await getResult(deps({ ...base, status: UploadStatus.DONE, metadata }).deps, ID);
    expect(answer.final).toBe(false);
    const skipped = await getResult(deps({ ...base, status: UploadStatus.DONE, metadata, visual: { skipped: 'UNSUPPORTED_FORMAT' } }).deps, ID);
    expect(skipped).toMatchObject({ final: true, body: { visual: { skipped: 'UNSUPPORTED_FORMAT' } } });
    expect(skipped.body.thumbnailUrl).toBeUndefined();
  });

  it.each([
    [UploadStatus.PENDING, 'UPLOAD_NOT_RECEIVED'],
    [UploadStatus.PROCESSING, 'STALLED'],
  ])('reports a %s upload past its deadline as FAILED %s', async (status, code) => {
    const answer = await getResult(deps({ ...base, status, staleAt: '2026-11-25T09:59:59.000Z' }).deps, ID);
    expect(answer).toMatchObject({ final: true, body: { status: 'FAILED', error: { code } } });
  });
});

describe('getResults', () => {
  const OTHER = '1b8f6a2e-3c4d-4e5f-8a6b-7c8d9e0f1a2b';
  const done: UploadRecord = { ...base, status: UploadStatus.DONE, processedAt: '2026-11-25T09:59:02.000Z', visual: { skipped: 'UNSUPPORTED_FORMAT' } };

  it.each([
    ['nothing', undefined],
    ['an empty list', ','],
    ['an uppercase id', `${ID},${OTHER.toUpperCase()}`],
    ['a stray word', `${ID},all`],
    [
      `${MAX_IDS_PER_REQUEST + 1} ids`,
      Array.from({ length: MAX_IDS_PER_REQUEST + 1 }, (_, i) => `${String(i).padStart(8, '0')}-3c4d-4e5f-8a6b-7c8d9e0f1a2b`).join(','),
    ],
  ])('refuses %s with 400 INVALID_ID without reading the table', async (_name, ids) => {
    const d = deps(base);
    await expect(getResults(d.deps, ids)).rejects.toMatchObject({ statusCode: 400, code: 'INVALID_ID' });
    expect(d.calls()).toBe(0);
  });

  it('answers each id in the order asked, as GET /result/{id} would, and lists an unknown one as NOT_FOUND', async () => {
    const d = deps(base);
    const answer = await getResults(d.deps, `${OTHER},${ID},${OTHER}`);
    expect(answer.body.results).toEqual([
      { id: OTHER, error: { code: 'NOT_FOUND', message: expect.any(String) } },
      (await getResult(deps(base).deps, ID)).body,
    ]);
    expect(answer.final).toBe(false);
    expect(d.calls()).toBe(1);
  });

  it('is final when every entry is final or unknown', async () => {
    expect((await getResults(deps(done).deps, `${ID},${OTHER}`)).final).toBe(true);
  });

  it('fails as the store did when the table cannot be read', async () => {
    await expect(getResults(deps(new StorageUnavailableError('throttled')).deps, ID)).rejects.toBeInstanceOf(StorageUnavailableError);
  });
});
