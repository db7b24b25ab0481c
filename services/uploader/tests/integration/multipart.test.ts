import sharp from 'sharp';
import { nef } from '../../../../packages/metadata/tests/fixtures/cameraFiles';
import { apiUrl, getRecord, objectBytes, sha256, waitForFinal, webUrl } from '../../../../tests/system/support';

const MiB = 1024 * 1024;

interface Started {
  id: string;
  deleteToken: string;
  partSize: number;
  partCount: number;
}

async function call(method: string, path: string, body?: unknown, token?: string) {
  const response = await fetch(`${apiUrl()}${path}`, {
    method,
    headers: { Origin: webUrl(), ...(body !== undefined && { 'content-type': 'application/json' }), ...(token && { Authorization: `Bearer ${token}` }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as Record<string, unknown> & { error?: { code: string; message: string } } };
}

async function start(bytes: Uint8Array, filename: string, contentType: string): Promise<Started> {
  const { status, body } = await call('POST', '/multipart-uploads', { filename, size: bytes.length, contentType });
  expect(status).toBe(201);
  return body as unknown as Started;
}

/** Sends parts through the URLs the API signs; resolves to each part's ETag. */
async function sendParts(started: Started, bytes: Uint8Array, numbers = Array.from({ length: started.partCount }, (_, i) => i + 1)) {
  const { body } = await call('POST', `/multipart-uploads/${started.id}/parts`, { partNumbers: numbers }, started.deleteToken);
  const etags: { partNumber: number; etag: string }[] = [];
  for (const part of body.parts as { partNumber: number; url: string; headers: Record<string, string> }[]) {
    const data = bytes.subarray((part.partNumber - 1) * started.partSize, part.partNumber * started.partSize);
    const put = await fetch(part.url, { method: 'PUT', headers: part.headers, body: Buffer.from(data) });
    expect(put.status).toBe(200);
    etags.push({ partNumber: part.partNumber, etag: put.headers.get('etag')! });
  }
  return etags;
}

/** A 20 MB NEF (three parts) whose embedded preview is a real JPEG. */
async function bigRaw(): Promise<Uint8Array> {
  const preview = await sharp({ create: { width: 640, height: 426, channels: 3, background: '#2a6f97' } })
    .jpeg()
    .toBuffer();
  return nef({ preview: new Uint8Array(preview), orientation: 8, rawDataBytes: 20 * MiB });
}

describe('multipart uploads against the local stack', () => {
  it('carries a 20 MB NEF to S3 in parts; the completed object reaches the processor, and it ends DONE with its preview’s thumbnail', async () => {
    const raw = await bigRaw();
    const started = await start(raw, 'DSC_0001.NEF', 'image/tiff');
    expect(started).toMatchObject({ partSize: 8 * MiB, partCount: 3, deleteToken: expect.any(String) });
    expect(await getRecord(started.id)).toMatchObject({ status: 'PENDING', multipart: { partCount: 3 } });
    const parts = await sendParts(started, raw);
    const completed = await call('POST', `/multipart-uploads/${started.id}/complete`, { parts }, started.deleteToken);
    expect(completed).toMatchObject({ status: 202, body: { id: started.id, status: 'PENDING' } });
    const result = await waitForFinal(started.id);
    expect(result).toMatchObject({
      status: 'DONE',
      filename: 'DSC_0001.NEF',
      metadata: { file: { format: 'nef', size: raw.length }, image: { width: 4288, height: 2848, orientation: 8 } },
      visual: { fromEmbeddedPreview: true, thumbnailWidth: 213, thumbnailHeight: 320 },
    });
    expect(sha256(await objectBytes(`uploads/${started.id}`))).toBe(sha256(raw));
    // An abort after completion is refused, and the object stays.
    expect(await call('DELETE', `/multipart-uploads/${started.id}`, undefined, started.deleteToken)).toMatchObject({
      status: 409,
      body: { error: { code: 'ALREADY_COMPLETED' } },
    });
  });

  it.each([
    ['a missing part', (parts: { partNumber: number; etag: string }[]) => parts.slice(0, 2), 'INVALID_PARTS'],
    ['a wrong ETag', (parts: { partNumber: number; etag: string }[]) => [parts[0], { partNumber: 2, etag: parts[0]!.etag }, parts[2]], 'INVALID_PARTS'],
    ['parts out of order', (parts: { partNumber: number; etag: string }[]) => [parts[1], parts[0], parts[2]], 'INVALID_PARTS'],
  ])('refuses a completion with %s (400) and stores nothing; a cancel then leaves it FAILED, not PENDING', async (_name, change, code) => {
    const raw = await bigRaw();
    const started = await start(raw, 'DSC_0002.NEF', 'image/x-nikon-nef');
    const parts = await sendParts(started, raw);
    expect(await call('POST', `/multipart-uploads/${started.id}/complete`, { parts: change(parts) }, started.deleteToken)).toMatchObject({
      status: 400,
      body: { error: { code } },
    });
    await expect(objectBytes(`uploads/${started.id}`)).rejects.toThrow();
    expect(await call('DELETE', `/multipart-uploads/${started.id}`, undefined, started.deleteToken)).toMatchObject({ status: 204 });
    expect(await waitForFinal(started.id)).toMatchObject({ status: 'FAILED', error: { code: 'CANCELLED' } });
  });

  it('refuses a part smaller than 5 MiB that is not the last (as S3 does)', async () => {
    const raw = await bigRaw();
    const started = await start(raw, 'DSC_0003.NEF', 'image/x-nikon-nef');
    const parts = await sendParts(started, raw, [1, 3]);
    // Part 2 sent short (a client that cut it wrong): S3 refuses the completion.
    const { body } = await call('POST', `/multipart-uploads/${started.id}/parts`, { partNumbers: [2] }, started.deleteToken);
    const short = raw.subarray(started.partSize, started.partSize + MiB);
    const put = await fetch((body.parts as { url: string }[])[0]!.url, { method: 'PUT', body: Buffer.from(short) });
    const all = [parts[0]!, { partNumber: 2, etag: put.headers.get('etag')! }, parts[1]!];
    expect(await call('POST', `/multipart-uploads/${started.id}/complete`, { parts: all }, started.deleteToken)).toMatchObject({
      status: 400,
      body: { error: { code: 'INVALID_PARTS', message: expect.stringMatching(/5 MiB/) } },
    });
  });

  it('answers another upload’s id with this upload’s token 403, and nothing happens to it', async () => {
    const raw = await bigRaw();
    const mine = await start(raw, 'mine.NEF', 'image/x-nikon-nef');
    const theirs = await start(raw, 'theirs.NEF', 'image/x-nikon-nef');
    const parts = await sendParts(theirs, raw);
    expect(await call('POST', `/multipart-uploads/${theirs.id}/complete`, { parts }, mine.deleteToken)).toMatchObject({
      status: 403,
      body: { error: { code: 'FORBIDDEN' } },
    });
    expect(await call('DELETE', `/multipart-uploads/${theirs.id}`, undefined, mine.deleteToken)).toMatchObject({ status: 403 });
    expect(await call('POST', `/multipart-uploads/${theirs.id}/parts`, { partNumbers: [1] })).toMatchObject({
      status: 401,
      body: { error: { code: 'UNAUTHORIZED' } },
    });
    expect(await getRecord(theirs.id)).toMatchObject({ status: 'PENDING' });
    // Theirs still completes with their own token.
    expect(await call('POST', `/multipart-uploads/${theirs.id}/complete`, { parts }, theirs.deleteToken)).toMatchObject({ status: 202 });
    await call('DELETE', `/multipart-uploads/${mine.id}`, undefined, mine.deleteToken);
  });

  it.each([
    [{ filename: 'huge.mov', size: 6 * 1024 * MiB, contentType: 'video/quicktime' }, 413, 'FILE_TOO_LARGE'],
    [{ filename: 'a.pdf', size: 60 * MiB, contentType: 'application/pdf' }, 415, 'UNSUPPORTED_TYPE'],
    [{ filename: 'a.mov', size: 0, contentType: 'video/quicktime' }, 400, 'EMPTY_FILE'],
  ])('refuses to start %j with %i %s', async (request, status, code) => {
    expect(await call('POST', '/multipart-uploads', request)).toMatchObject({ status, body: { error: { code } } });
  });
});
