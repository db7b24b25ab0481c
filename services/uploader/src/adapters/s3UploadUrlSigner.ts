import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { encodeFilenameMetadata } from '@image-pipeline/service-kit';
import { translateStorageErrors } from '@image-pipeline/service-kit/aws';
import type { UploadUrlSigner } from '../ports';

/** Presigned S3 PUTs, bound to the declared size, type and file name (user metadata `filename`, as S3ObjectStore writes it). */
export class S3UploadUrlSigner implements UploadUrlSigner {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async signPut(request: { key: string; contentType: string; size: number; filename: string; expiresInSeconds: number }) {
    const command = new PutObjectCommand({
      Bucket: this.bucket,
      Key: request.key,
      ContentType: request.contentType,
      ContentLength: request.size,
      Metadata: { filename: encodeFilenameMetadata(request.filename) },
    });
    const url = await translateStorageErrors(() =>
      getSignedUrl(this.client, command, {
        expiresIn: request.expiresInSeconds,
        // Content-Type and Content-Length are signed headers: a PUT of another type or size is refused.
        signableHeaders: new Set(['content-type', 'content-length']),
      }),
    );
    return { url, headers: { 'Content-Type': request.contentType } };
  }
}
