/** Private uploads and deletion with the delete token, against the local stack. */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { hashDeleteToken } from '@image-pipeline/service-kit';
import { IDENTIFYING, phonePhoto } from '../../../../tests/system/phonePhotos';
import {
  apiUrl,
  BUCKET,
  documentClient,
  getRecord,
  invoke,
  objectHead,
  s3Client,
  TABLE_NAME,
  upload,
  waitForFinal,
  webUrl,
} from '../../../../tests/system/support';

let photo: Buffer;
beforeAll(async () => {
  photo = await phonePhoto({ seed: 21, width: 800, height: 600, identifying: true });
});

const remove = (id: string, authorization?: string) =>
  fetch(`${apiUrl()}/result/${id}`, { method: 'DELETE', headers: { Origin: webUrl(), ...(authorization && { Authorization: authorization }) } });

describe('private uploads against the local stack', () => {
  it('stores neither location nor serial numbers nor owner, says what was removed, and keeps the original', async () => {
    const { response, body } = await upload(photo, 'private.jpg', { private: true });
    expect(response.status).toBe(202);
    expect(body).toMatchObject({ private: true, originalKept: true, deleteToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    const result = await waitForFinal(body.id!);
    expect(result).toMatchObject({ status: 'DONE', private: true, originalKept: true, redacted: ['location', 'serialNumbers', 'ownerName'] });
    expect(result.metadata).toMatchObject({ location: null, camera: { make: 'Google', serialNumber: null } });
    const json = JSON.stringify(result);
    for (const secret of Object.values(IDENTIFYING)) expect(json).not.toContain(secret);
    expect(json).not.toContain('GPSInfo');
    // What is stored is the same as what is served.
    const stored = JSON.stringify(await getRecord(body.id!));
    for (const secret of [...Object.values(IDENTIFYING), body.deleteToken!]) expect(stored).not.toContain(secret);
    expect((await objectHead(`uploads/${body.id}`)).ContentLength).toBe(photo.length);
  });

  it('keeps the location of the same photo uploaded without the flag', async () => {
    const { body } = await upload(photo, 'public.jpg');
    const result = await waitForFinal(body.id!);
    expect(result.metadata).toMatchObject({ location: { latitude: expect.closeTo(48.8567, 3) }, camera: { serialNumber: IDENTIFYING.bodySerialNumber } });
    expect(result.private).toBeUndefined();
  });

  it('takes "private": true on the presigned path too', async () => {
    const grant = await fetch(`${apiUrl()}/upload-url`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ filename: 'big-private.jpg', size: photo.length, contentType: 'image/jpeg', private: true }),
    });
    const { id, uploadUrl, headers } = (await grant.json()) as { id: string; uploadUrl: string; headers: Record<string, string> };
    expect((await fetch(uploadUrl, { method: 'PUT', headers, body: new Uint8Array(photo) })).status).toBe(200);
    expect(await waitForFinal(id)).toMatchObject({ status: 'DONE', redacted: ['location', 'serialNumbers', 'ownerName'], metadata: { location: null } });
  });
});

describe('DELETE /result/{id} against the local stack', () => {
  it('deletes record, original and thumbnail with the token; refuses a missing or wrong one', async () => {
    const { body } = await upload(photo, 'delete-me.jpg');
    const id = body.id!;
    await waitForFinal(id);
    await objectHead(`thumbnails/${id}.jpg`);

    const missing = await remove(id);
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
    const wrong = await remove(id, 'Bearer not-the-token');
    expect(wrong.status).toBe(403);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
    expect((await fetch(`${apiUrl()}/result/${id}`)).status).toBe(200);

    const deleted = await remove(id, `Bearer ${body.deleteToken}`);
    expect(deleted.status).toBe(204);
    expect(deleted.headers.get('access-control-allow-origin')).toBe(webUrl());
    expect((await fetch(`${apiUrl()}/result/${id}`)).status).toBe(404);
    expect(await getRecord(id)).toBeUndefined();
    await expect(objectHead(`uploads/${id}`)).rejects.toMatchObject({ name: 'NotFound' });
    await expect(objectHead(`thumbnails/${id}.jpg`)).rejects.toMatchObject({ name: 'NotFound' });
    expect((await remove(id, `Bearer ${body.deleteToken}`)).status).toBe(404);
  });

  it('answers 404 for an unknown id', async () => {
    expect((await remove('5b8f6a2e-3c4d-4e5f-8a6b-7c8d9e0f1a2b', 'Bearer whatever')).status).toBe(404);
  });

  it('is not undone by a processor that was still working: the record stays gone', async () => {
    // A PENDING upload whose event is being processed while it is deleted.
    const id = '6b8f6a2e-3c4d-4e5f-8a6b-7c8d9e0f1a2b';
    const token = 'race-token';
    await documentClient().send(
      new PutCommand({
        TableName: TABLE_NAME,
        Item: {
          Id: id,
          status: 'PENDING',
          filename: 'race.jpg',
          size: photo.length,
          mimeType: 'image/jpeg',
          uploadedAt: new Date().toISOString(),
          expiresAt: Math.floor(Date.now() / 1000) + 600,
          staleAt: new Date(Date.now() + 600_000).toISOString(),
          deleteTokenHash: hashDeleteToken(token),
        },
      }),
    );
    // Its own ObjectCreated event fires too; the test also delivers one itself and awaits it.
    await s3Client().send(new PutObjectCommand({ Bucket: BUCKET, Key: `uploads/${id}`, Body: photo }));
    const processing = invoke('processor', {
      Records: [
        { eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', s3: { bucket: { name: BUCKET }, object: { key: `uploads/${id}`, size: photo.length } } },
      ],
    });
    expect((await remove(id, `Bearer ${token}`)).status).toBe(204);
    await processing;
    // A second delivery after the delete finds nothing to bring back either.
    await invoke('processor', {
      Records: [
        { eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', s3: { bucket: { name: BUCKET }, object: { key: `uploads/${id}`, size: photo.length } } },
      ],
    });
    expect(await getRecord(id)).toBeUndefined();
    expect((await fetch(`${apiUrl()}/result/${id}`)).status).toBe(404);
  });
});
