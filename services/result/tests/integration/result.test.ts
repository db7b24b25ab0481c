import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { TABLE_NAME, apiUrl, documentClient, upload, waitForFinal, webUrl } from '../../../../tests/system/support';
import { corpusFile } from '../../../../tests/corpus';

const photo = corpusFile('ian_Canon_40D.jpg');
const get = (id: string, headers: Record<string, string> = {}) => fetch(`${apiUrl()}/result/${id}`, { headers: { Origin: webUrl(), ...headers } });

async function putRecord(item: Record<string, unknown>) {
  await documentClient().send(new PutCommand({ TableName: TABLE_NAME, Item: item }));
}

describe('GET /result/{id} against the local stack', () => {
  it('refuses an id that is not a lowercase UUID with 400 INVALID_ID, with CORS', async () => {
    const response = await get('0B8F6A2E-3C4D-4E5F-8A6B-7C8D9E0F1A2B');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: 'INVALID_ID', message: expect.any(String) } });
    expect(response.headers.get('access-control-allow-origin')).toBe(webUrl());
  });

  it('answers 404 NOT_FOUND for an unknown id and for a record past its TTL', async () => {
    const unknown = await get('0b8f6a2e-3c4d-4e5f-8a6b-7c8d9e0f1a2b');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    const id = '1b8f6a2e-3c4d-4e5f-8a6b-7c8d9e0f1a2b';
    await putRecord({
      Id: id,
      status: 'DONE',
      filename: 'old.jpg',
      size: 1,
      mimeType: 'image/jpeg',
      uploadedAt: '2020-01-01T00:00:00.000Z',
      expiresAt: Math.floor(Date.now() / 1000) - 10,
    });
    expect((await get(id)).status).toBe(404);
  });

  it('answers PENDING with Retry-After and no-store', async () => {
    const id = '2b8f6a2e-3c4d-4e5f-8a6b-7c8d9e0f1a2b';
    await putRecord({
      Id: id,
      status: 'PENDING',
      filename: 'wait.jpg',
      size: 1,
      mimeType: 'image/jpeg',
      uploadedAt: new Date().toISOString(),
      expiresAt: Math.floor(Date.now() / 1000) + 600,
      staleAt: new Date(Date.now() + 600_000).toISOString(),
    });
    const response = await get(id);
    expect(response.status).toBe(200);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ id, status: 'PENDING', filename: 'wait.jpg', uploadedAt: expect.any(String) });
  });

  it('answers DONE with only the public fields, cacheable, and 304 for its ETag', async () => {
    const { body } = await upload(photo, 'cache.jpg');
    await waitForFinal(body.id!);
    const response = await get(body.id!);
    expect(response.headers.get('cache-control')).toBe('private, max-age=60');
    const etag = response.headers.get('etag');
    expect(etag).toMatch(/^".+"$/);
    const result = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(result).sort()).toEqual(['filename', 'id', 'metadata', 'processedAt', 'redacted', 'status', 'thumbnailUrl', 'uploadedAt', 'visual']);
    const again = await get(body.id!, { 'If-None-Match': etag! });
    expect(again.status).toBe(304);
  });
});

describe('GET /results?ids= against the local stack', () => {
  const many = (ids: string) => fetch(`${apiUrl()}/results?ids=${ids}`, { headers: { Origin: webUrl() } });

  it('answers several uploads in one request, each as GET /result/{id} does, unknown ones as NOT_FOUND', async () => {
    const { body } = await upload(photo, 'batch.jpg');
    const single = await waitForFinal(body.id!);
    const unknown = '3b8f6a2e-3c4d-4e5f-8a6b-7c8d9e0f1a2b';
    const response = await many(`${body.id},${unknown}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(webUrl());
    const { results } = (await response.json()) as { results: Record<string, unknown>[] };
    const { thumbnailUrl: _signedAgain, ...rest } = single;
    expect(results).toEqual([
      { ...rest, thumbnailUrl: expect.any(String) },
      { id: unknown, error: { code: 'NOT_FOUND', message: expect.any(String) } },
    ]);
  });

  it('refuses more than 25 ids with 400 INVALID_ID', async () => {
    const ids = Array.from({ length: 26 }, (_, i) => `${String(i).padStart(8, '0')}-3c4d-4e5f-8a6b-7c8d9e0f1a2b`).join(',');
    const response = await many(ids);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('INVALID_ID');
  });
});
