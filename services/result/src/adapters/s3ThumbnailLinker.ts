import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { translateStorageErrors } from '@image-pipeline/service-kit/aws';
import type { ThumbnailLinker } from '../ports';

/** Presigned GETs for thumbnails (the bucket itself stays private). */
export class S3ThumbnailLinker implements ThumbnailLinker {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  url(key: string, expiresInSeconds: number): Promise<string> {
    return translateStorageErrors(() => getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.bucket, Key: key }), { expiresIn: expiresInSeconds }));
  }
}
