import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ByteSource } from '@image-pipeline/metadata';
import { storageError, translateStorageErrors } from '@image-pipeline/service-kit/aws';
import type { ObjectReader, StoredObject } from '../ports';

/** Uploaded objects in S3, read with HeadObject and ranged GETs pinned to the ETag; an orphan removed with DeleteObject. */
export class S3ObjectReader implements ObjectReader {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async head(key: string): Promise<StoredObject | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { size: head.ContentLength ?? 0, etag: head.ETag ?? '' };
    } catch (error) {
      // A missing object is 404 locally; on AWS, without s3:ListBucket, it is 403.
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      const name = (error as Error).name;
      if (status === 404 || status === 403 || name === 'NotFound' || name === 'NoSuchKey' || name === 'AccessDenied') return null;
      throw storageError(error);
    }
  }

  byteSource(key: string, object: StoredObject): ByteSource {
    return {
      size: object.size,
      read: async (offset, length) => {
        const end = Math.min(object.size, offset + length) - 1;
        if (end < offset) return new Uint8Array(0);
        return translateStorageErrors(async () => {
          const response = await this.client.send(
            new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: `bytes=${offset}-${end}`, IfMatch: object.etag || undefined }),
          );
          return response.Body ? await response.Body.transformToByteArray() : new Uint8Array(0);
        });
      },
    };
  }

  async readWhole(key: string, object: StoredObject): Promise<Uint8Array> {
    return translateStorageErrors(async () => {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, IfMatch: object.etag || undefined }));
      return response.Body ? response.Body.transformToByteArray() : new Uint8Array(0);
    });
  }

  async remove(key: string): Promise<void> {
    await translateStorageErrors(() => this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key })));
  }
}
