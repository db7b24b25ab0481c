/** Hostile requests against the local stack: what got through before, refused now, locally as deployed. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusPath } from '../corpus';
import { apiUrl, eventually, getRecord, objectHead, upload, webUrl } from './support';

const photo = readFileSync(join(corpusPath(), 'ian_Canon_40D.jpg'));
const EVIL = 'https://evil.example';

describe('hostile requests', () => {
  it.each(['/upload', '/results?ids=0b8f6a2e-3c4d-4e5f-8a6b-7c8d9e0f1a2b'])(
    'answers a preflight for %s to the page’s origin only, never with credentials',
    async (path) => {
      const preflight = (origin: string) =>
        fetch(`${apiUrl()}${path}`, { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': path === '/upload' ? 'POST' : 'GET' } });
      const evil = await preflight(EVIL);
      expect(evil.headers.get('access-control-allow-origin')).not.toBe(EVIL);
      expect(evil.headers.get('access-control-allow-credentials')).toBeNull();
      const page = await preflight(webUrl());
      expect(page.headers.get('access-control-allow-origin')).toBe(webUrl());
      expect(page.headers.get('access-control-allow-credentials')).toBeNull();
    },
  );

  it('never echoes another origin on an answer, nor allows credentials', async () => {
    const response = await fetch(`${apiUrl()}/result/0b8f6a2e-3c4d-4e5f-8a6b-7c8d9e0f1a2b`, { headers: { Origin: EVIL } });
    expect(response.headers.get('access-control-allow-origin')).toBe(webUrl());
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('refuses "private" sent twice with different values (400): an ambiguous choice is never read as the less private one', async () => {
    for (const values of [
      ['true', 'false'],
      ['false', 'true'],
    ]) {
      const form = new FormData();
      for (const value of values) form.append('private', value);
      form.append('file', new Blob([photo]), 'twice.jpg');
      const response = await fetch(`${apiUrl()}/upload`, { method: 'POST', body: form, headers: { Origin: webUrl() } });
      expect({ status: response.status, code: ((await response.json()) as { error: { code: string } }).error.code }).toEqual({
        status: 400,
        code: 'INVALID_REQUEST',
      });
    }
  });

  it('strips bidirectional override and isolate marks from a file name (they can disguise its extension)', async () => {
    const { body } = await upload(photo, 'invoice\u202Egpj.exe\u2066\u2069\u202A\u202B\u202C\u202D');
    expect((await getRecord(body.id!))?.filename).toBe('invoicegpj.exe');
  });

  it('removes an object that a presigned PUT stores after its upload was deleted: no photo outlives its record', async () => {
    const grant = (await (
      await fetch(`${apiUrl()}/upload-url`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: webUrl() },
        body: JSON.stringify({ filename: 'late.jpg', size: photo.length, contentType: 'image/jpeg' }),
      })
    ).json()) as { id: string; uploadUrl: string; headers: Record<string, string>; deleteToken: string };
    const deleted = await fetch(`${apiUrl()}/result/${grant.id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${grant.deleteToken}` } });
    expect(deleted.status).toBe(204);
    const put = await fetch(grant.uploadUrl, { method: 'PUT', headers: grant.headers, body: photo });
    expect(put.status).toBe(200);
    await eventually(
      () =>
        objectHead(`uploads/${grant.id}`).then(
          () => false,
          () => true,
        ),
      'the orphaned object is removed',
    );
    expect(await getRecord(grant.id)).toBeUndefined();
  });

  it('answers GET /uploads on an anonymous stack (AUTH_MODE=none) with 401 AUTH_REQUIRED: a listing needs a signed-in caller', async () => {
    const response = await fetch(`${apiUrl()}/uploads`, { headers: { Origin: webUrl() } });
    expect({
      status: response.status,
      wwwAuthenticate: response.headers.get('www-authenticate'),
      code: ((await response.json()) as { error: { code: string } }).error.code,
    }).toEqual({
      status: 401,
      wwwAuthenticate: 'Bearer',
      code: 'AUTH_REQUIRED',
    });
  });
});
