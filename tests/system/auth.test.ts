/**
 * The stack that requires a token (AUTH_MODE=jwt), with the local development issuer: who may
 * upload, whose uploads are whose, and the completion events, against the real local emulators.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { corpusPath } from '../corpus';
import { forgedTokens, signedToken } from '../tokens';
import { jwtApiUrl, jwtWebUrl, localIssuer, publishedEvents, tokenFor } from './auth';
import { eventually } from './support';

const photo = readFileSync(join(corpusPath(), 'ian_Canon_40D.jpg'));
const damaged = readFileSync(join(corpusPath(), 'brk_jpeg_cut_in_exif.jpg'));

async function call(path: string, token: string | null, init: RequestInit = {}) {
  const started = performance.now();
  const response = await fetch(`${jwtApiUrl()}${path}`, {
    ...init,
    headers: { Origin: jwtWebUrl(), ...(token && { Authorization: `Bearer ${token}` }), ...(init.headers as Record<string, string>) },
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : null,
    ms: performance.now() - started,
  };
}

async function uploadAs(token: string | null, bytes: Uint8Array = photo, name = 'mine.jpg') {
  const form = new FormData();
  form.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>]), name);
  return call('/upload', token, { method: 'POST', body: form });
}

async function finalAs(token: string, id: string) {
  let answer = await call(`/result/${id}`, token);
  await eventually(async () => {
    answer = await call(`/result/${id}`, token);
    return answer.body?.status === 'FAILED' || (answer.body?.status === 'DONE' && answer.body.visual !== undefined);
  }, `upload ${id} final`);
  return answer.body!;
}

describe('AUTH_MODE=jwt on the local stack', () => {
  let alice: string;
  let bob: string;
  beforeAll(async () => {
    [alice, bob] = await Promise.all([tokenFor('alice'), tokenFor('bob')]);
  });

  describe('a caller without a valid token', () => {
    const cases = (): [string, string | null][] => [
      ['no token', null],
      ...Object.entries(forgedTokens(localIssuer())),
      ['wrongly signed', `${alice.slice(0, -4)}AAAA`],
    ];

    it.each([
      ['POST /upload', (token: string | null) => uploadAs(token)],
      ['GET /uploads', (token: string | null) => call('/uploads', token)],
      ['GET /result/{id}', (token: string | null) => call('/result/0b8f6a2e-3c4d-4e5f-8a6b-7c8d9e0f1a2b', token)],
      ['DELETE /result/{id}', (token: string | null) => call('/result/0b8f6a2e-3c4d-4e5f-8a6b-7c8d9e0f1a2b', token, { method: 'DELETE' })],
    ])('gets 401 with WWW-Authenticate: Bearer and a JSON error on %s, at once, for every bad token', async (_route, request) => {
      for (const [name, token] of cases()) {
        const answer = await request(token);
        expect({
          name,
          status: answer.status,
          wwwAuthenticate: answer.headers.get('www-authenticate'),
          code: (answer.body?.error as { code?: string })?.code,
        }).toEqual({
          name,
          status: 401,
          wwwAuthenticate: 'Bearer',
          code: 'AUTH_REQUIRED',
        });
        expect(answer.ms).toBeLessThan(1000);
      }
    });

    it('stores nothing: the would-be uploader has no uploads', async () => {
      for (const [, token] of cases()) await uploadAs(token);
      const mallory = await tokenFor('mallory');
      expect((await call('/uploads', mallory)).body).toEqual({ uploads: [], nextCursor: null });
    });

    it('still gets CORS preflights answered', async () => {
      const preflight = await fetch(`${jwtApiUrl()}/upload`, {
        method: 'OPTIONS',
        headers: { Origin: jwtWebUrl(), 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization' },
      });
      expect(preflight.status).toBeLessThan(300);
      expect(preflight.headers.get('access-control-allow-origin')).toBe(jwtWebUrl());
    });
  });

  describe('owners', () => {
    it('stores the token’s sub as owner: another owner gets 404 on the upload, sees it in no listing, and cannot delete it', async () => {
      const accepted = await uploadAs(alice);
      expect(accepted.status).toBe(202);
      expect(accepted.body).not.toHaveProperty('deleteToken');
      const id = accepted.body!.id as string;
      await finalAs(alice, id);
      const unknown = await call('/result/1b8f6a2e-3c4d-4e5f-8a6b-7c8d9e0f1a2b', bob);
      const hidden = await call(`/result/${id}`, bob);
      expect({ status: hidden.status, body: hidden.body }).toEqual({ status: unknown.status, body: unknown.body });
      expect((await call(`/results?ids=${id}`, bob)).body).toEqual({ results: [{ id, error: { code: 'NOT_FOUND', message: expect.any(String) } }] });
      expect(((await call('/uploads?limit=100', bob)).body!.uploads as { id: string }[]).map((u) => u.id)).not.toContain(id);
      expect((await call(`/result/${id}`, bob, { method: 'DELETE' })).status).toBe(404);
      expect((await call(`/result/${id}`, alice)).status).toBe(200);
    });

    it('lists the caller’s uploads newest first, a page at a time, and refuses a forged or another caller’s cursor', async () => {
      const carol = await tokenFor('carol');
      const ids: string[] = [];
      for (const name of ['one.jpg', 'two.jpg', 'three.jpg']) ids.push((await uploadAs(carol, photo, name)).body!.id as string);
      const first = await call('/uploads?limit=2', carol);
      expect((first.body!.uploads as { id: string }[]).map((u) => u.id)).toEqual([ids[2], ids[1]]);
      const second = await call(`/uploads?limit=2&cursor=${first.body!.nextCursor as string}`, carol);
      expect(second.body).toEqual({ uploads: [expect.objectContaining({ id: ids[0], filename: 'one.jpg' })], nextCursor: null });
      for (const cursor of [first.body!.nextCursor as string, 'forged', Buffer.from('{"u":"2026-01-01T00:00:00Z","i":"x"}').toString('base64url')]) {
        const answer = await call(`/uploads?cursor=${encodeURIComponent(cursor)}`, bob);
        expect({ status: answer.status, code: (answer.body!.error as { code: string }).code }).toEqual({ status: 400, code: 'INVALID_CURSOR' });
      }
    });

    it('lets the owner delete without a delete token', async () => {
      const id = (await uploadAs(alice)).body!.id as string;
      await finalAs(alice, id);
      expect((await call(`/result/${id}`, alice, { method: 'DELETE' })).status).toBe(204);
      expect((await call(`/result/${id}`, alice)).status).toBe(404);
    });
  });

  describe('completion events', () => {
    const ajv = addFormats(new Ajv({ allErrors: true }));
    const schemas = Object.fromEntries(
      ['upload-processed', 'upload-failed', 'upload-deleted'].map((name) => [
        name,
        ajv.compile(JSON.parse(readFileSync(join(__dirname, '..', '..', 'events', `${name}.schema.json`), 'utf8'))),
      ]),
    );

    it('publishes exactly one event of the documented schema for each final transition: processed, failed, deleted', async () => {
      const dave = await tokenFor('dave');
      const done = (await uploadAs(dave, photo, 'done.jpg')).body!.id as string;
      const failed = (await uploadAs(dave, damaged, 'damaged.jpg')).body!.id as string;
      await Promise.all([finalAs(dave, done), finalAs(dave, failed)]);
      expect((await call(`/result/${done}`, dave, { method: 'DELETE' })).status).toBe(204);
      const mine = () => publishedEvents().filter((event) => event.detail.id === done || event.detail.id === failed);
      await eventually(() => mine().length >= 3, 'three events');
      const events = mine();
      expect(events.map((e) => `${e['detail-type']} ${e.detail.id === done ? 'done' : 'failed'}`).sort()).toEqual([
        'Upload Deleted done',
        'Upload Failed failed',
        'Upload Processed done',
      ]);
      for (const event of events) {
        const validate = schemas[event['detail-type'].toLowerCase().replace(' ', '-')]!;
        expect({ type: event['detail-type'], valid: validate(event), errors: validate.errors ?? null }).toEqual({
          type: event['detail-type'],
          valid: true,
          errors: null,
        });
        expect(event.detail.owner).toBe('dave');
      }
      expect(events.find((e) => e['detail-type'] === 'Upload Processed')!.detail).toMatchObject({
        status: 'DONE',
        format: 'jpeg',
        camera: { make: 'Canon', model: 'Canon EOS 40D' },
        thumbnailKey: `thumbnails/${done}.jpg`,
      });
      expect(events.find((e) => e['detail-type'] === 'Upload Failed')!.detail).toMatchObject({ status: 'FAILED', errorCode: 'CORRUPT_IMAGE' });
    });

    it('never carries the location or serial numbers', async () => {
      const erin = await tokenFor('erin');
      const gps = readFileSync(join(corpusPath(), 'ian_gps_DSCN0010.jpg'));
      const id = (await uploadAs(erin, gps, 'place.jpg')).body!.id as string;
      await finalAs(erin, id);
      await eventually(() => publishedEvents().some((e) => e.detail.id === id), 'its event');
      expect(JSON.stringify(publishedEvents().filter((e) => e.detail.id === id))).not.toMatch(/latitude|longitude|GPSInfo|serial/i);
    });
  });

  it('signs tokens from the local issuer only for the configured audience (a sanity check of the tests’ own forgeries)', () => {
    const valid = signedToken(localIssuer());
    expect(JSON.parse(Buffer.from(valid.split('.')[1]!, 'base64url').toString())).toMatchObject({ iss: localIssuer().issuer, aud: 'image-metadata-pipeline' });
  });
});
