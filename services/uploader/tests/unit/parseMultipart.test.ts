import { parseMultipart } from '../../src/parseMultipart';
import { BOUNDARY, multipartBody } from './multipart';

const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);
const contentType = `multipart/form-data; boundary=${BOUNDARY}`;
const limits = { maxFileBytes: 1024 };
const parse = (body: Buffer | string | null, options: { type?: string; base64?: boolean } = {}) =>
  parseMultipart(
    {
      contentType: options.type ?? contentType,
      body: body === null ? null : typeof body === 'string' ? body : body.toString('base64'),
      isBase64Encoded: options.base64 ?? typeof body !== 'string',
    },
    limits,
  );

describe('parseMultipart', () => {
  it('returns the one file part with its UTF-8 file name', async () => {
    const file = await parse(multipartBody([{ name: 'file', filename: 'Zoë – été 写真 😀.jpg', contentType: 'image/jpeg', content: JPEG }]));
    expect(file).toEqual({ filename: 'Zoë – été 写真 😀.jpg', bytes: Buffer.from(JPEG), private: false });
  });

  it.each([
    ['before', (file: object) => [{ name: 'private', content: 'true' }, file]],
    ['after', (file: object) => [file, { name: 'private', content: 'true' }]],
  ])('reads the private field %s the file part', async (_where, parts) => {
    const file = await parse(multipartBody(parts({ name: 'file', filename: 'a.jpg', content: JPEG }) as Parameters<typeof multipartBody>[0]));
    expect(file.private).toBe(true);
  });

  it('ignores ordinary fields beside the file', async () => {
    const file = await parse(
      multipartBody([
        { name: 'note', content: 'hello' },
        { name: 'file', filename: 'a.jpg', content: JPEG },
      ]),
    );
    expect(file.filename).toBe('a.jpg');
  });

  it.each([
    ['a JSON request', 'UNSUPPORTED_MEDIA_TYPE', () => parse('{}', { type: 'application/json' })],
    ['no content type', 'UNSUPPORTED_MEDIA_TYPE', () => parse('x', { type: '' })],
    [
      'multipart without a boundary',
      'MALFORMED_MULTIPART',
      () => parse(multipartBody([{ name: 'file', filename: 'a.jpg', content: JPEG }]), { type: 'multipart/form-data' }),
    ],
    ['a truncated body', 'MALFORMED_MULTIPART', () => parse(multipartBody([{ name: 'file', filename: 'a.jpg', content: JPEG }]).subarray(0, 90))],
    ['a body that is not base64', 'MALFORMED_MULTIPART', () => parse('###not base64###', { base64: true })],
    ['no file part', 'NO_FILE', () => parse(multipartBody([{ name: 'note', content: 'hello' }]))],
    ['an empty body', 'MALFORMED_MULTIPART', () => parse(null)],
    ['a file part under another name', 'NO_FILE', () => parse(multipartBody([{ name: 'photo', filename: 'a.jpg', content: JPEG }]))],
    [
      'two files',
      'TOO_MANY_FILES',
      () =>
        parse(
          multipartBody([
            { name: 'file', filename: 'a.jpg', content: JPEG },
            { name: 'file', filename: 'b.jpg', content: JPEG },
          ]),
        ),
    ],
    ['a file over the limit', 'FILE_TOO_LARGE', () => parse(multipartBody([{ name: 'file', filename: 'a.jpg', content: new Uint8Array(1025) }]))],
    [
      'a private field that is neither true nor false',
      'INVALID_REQUEST',
      () =>
        parse(
          multipartBody([
            { name: 'private', content: 'yes' },
            { name: 'file', filename: 'a.jpg', content: JPEG },
          ]),
        ),
    ],
    ['a body far over the limit', 'FILE_TOO_LARGE', () => parse(Buffer.alloc(200_000))],
  ])('refuses %s with %s', async (_name, code, run) => {
    await expect(run()).rejects.toMatchObject({ code });
  });

  it('accepts a file of exactly the limit', async () => {
    const file = await parse(multipartBody([{ name: 'file', filename: 'a.jpg', content: new Uint8Array(1024) }]));
    expect(file.bytes).toHaveLength(1024);
  });
});
