import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ByteSource } from '@image-pipeline/metadata';
import { storageError, translateStorageErrors } from '@image-pipeline/service-kit/aws';
import type { ObjectReader, StoredObject, ThumbnailStore } from '../ports';

/**
 * Uploaded objects in S3, read with HeadObject and ranged GETs pinned to the ETag. With
 * `wholeObject` it downloads the entire object on the first read instead (the naive design, kept
 * only so `pnpm bench:e2e` can measure what ranged reads save).
 */
export class S3ObjectReader implements ObjectReader, ThumbnailStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly wholeObject = false,
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
    if (this.wholeObject) return this.wholeObjectSource(key, object);
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

  async putThumbnail(key: string, jpeg: Uint8Array): Promise<void> {
    await translateStorageErrors(() => this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: jpeg, ContentType: 'image/jpeg', CacheControl: 'private, max-age=86400' })));
  }

  private wholeObjectSource(key: string, object: StoredObject): ByteSource {
    let whole: Promise<Uint8Array> | undefined;
    return {
      size: object.size,
      read: async (offset, length) => {
        whole ??= this.readWhole(key, object);
        const bytes = await whole;
        // The first read reports the whole download; later reads are served from memory.
        return offset === 0 ? bytes : bytes.subarray(offset, offset + length);
      },
    };
  }
}
