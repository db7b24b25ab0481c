import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { translateStorageErrors } from '@image-pipeline/service-kit/aws';
import type { ThumbnailStore } from '../ports';

/** Thumbnails in S3, under thumbnails/ (outside uploads/, so they never trigger the processor). */
export class S3ThumbnailStore implements ThumbnailStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async putThumbnail(key: string, jpeg: Uint8Array): Promise<void> {
    await translateStorageErrors(() =>
      this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: jpeg, ContentType: 'image/jpeg', CacheControl: 'private, max-age=86400' })),
    );
  }
}
