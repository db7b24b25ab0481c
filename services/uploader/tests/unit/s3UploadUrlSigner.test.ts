import { createS3Client } from '@image-pipeline/service-kit/aws';
import { S3UploadUrlSigner } from '../../src/adapters/s3UploadUrlSigner';

// The real SDK presigner, no network: what the URL binds is visible in its query string.
const signer = new S3UploadUrlSigner(
  createS3Client({ region: 'eu-west-1', local: null, connectionTimeoutMs: 1000, requestTimeoutMs: 1500, maxAttempts: 2 }),
  'my-bucket',
);

describe('S3UploadUrlSigner', () => {
  it('signs the content type and length, carries the encoded file name, and adds no checksum of an empty body', async () => {
    process.env.AWS_ACCESS_KEY_ID ??= 'AKIAEXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'secret';
    const { url, headers } = await signer.signPut({
      key: 'uploads/abc',
      contentType: 'image/jpeg',
      size: 20_000_000,
      filename: 'Zoë été.jpg',
      expiresInSeconds: 300,
    });
    const query = new URL(url).searchParams;
    expect(new URL(url).pathname).toBe('/uploads/abc');
    expect(query.get('X-Amz-SignedHeaders')?.split(';')).toEqual(expect.arrayContaining(['content-length', 'content-type', 'host']));
    expect(query.get('X-Amz-Expires')).toBe('300');
    expect(query.get('x-amz-meta-filename')).toBe(encodeURIComponent('Zoë été.jpg'));
    expect([...query.keys()].filter((key) => key.toLowerCase().includes('checksum'))).toEqual([]);
    expect(headers).toEqual({ 'Content-Type': 'image/jpeg' });
  });
});
