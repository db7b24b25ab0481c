import { DeleteObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { translateStorageErrors } from '@image-pipeline/service-kit/aws';
import type { ObjectRemover } from '../ports';

/** Deletes uploads and thumbnails (one DeleteObject each: DeleteObjects needs a Content-MD5 and a wider grant). */
export class S3ObjectRemover implements ObjectRemover {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async remove(keys: string[]): Promise<void> {
    await translateStorageErrors(() => Promise.all(keys.map((key) => this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key })))));
  }
}
