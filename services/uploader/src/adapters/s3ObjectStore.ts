import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { encodeFilenameMetadata } from '@image-pipeline/service-kit';
import { translateStorageErrors } from '@image-pipeline/service-kit/aws';
import type { ObjectStore } from '../ports';

/** Uploaded bytes in S3, with the original file name as (ASCII-encoded) user metadata `filename`: the pipeline's contract with readers of the bucket. */
export class S3ObjectStore implements ObjectStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async putUpload(upload: { key: string; bytes: Uint8Array; contentType: string; filename: string }): Promise<void> {
    await translateStorageErrors(() =>
      this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: upload.key,
          Body: upload.bytes,
          ContentType: upload.contentType,
          Metadata: { filename: encodeFilenameMetadata(upload.filename) },
        }),
      ),
    );
  }
}
