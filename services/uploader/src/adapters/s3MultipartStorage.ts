import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  S3ServiceException,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { encodeFilenameMetadata } from '@image-pipeline/service-kit';
import { translateStorageErrors } from '@image-pipeline/service-kit/aws';
import type { MultipartStorage, PartsCompletion, PartsRefusal } from '../ports';

/** S3's refusals of a completion (the client's doing, never storage failing), as the use case names them. */
const REFUSALS: Record<string, PartsRefusal> = {
  InvalidPart: 'INVALID_PART',
  InvalidPartOrder: 'INVALID_PART_ORDER',
  EntityTooSmall: 'PART_TOO_SMALL',
  NoSuchUpload: 'NO_SUCH_UPLOAD',
};

/** S3 multipart uploads, with the original file name as user metadata `filename` (as S3ObjectStore writes it). */
export class S3MultipartStorage implements MultipartStorage {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async create(request: { key: string; contentType: string; filename: string }): Promise<string> {
    const { UploadId } = await translateStorageErrors(() =>
      this.client.send(
        new CreateMultipartUploadCommand({
          Bucket: this.bucket,
          Key: request.key,
          ContentType: request.contentType,
          Metadata: { filename: encodeFilenameMetadata(request.filename) },
        }),
      ),
    );
    if (!UploadId) throw new Error('S3 answered CreateMultipartUpload without an UploadId');
    return UploadId;
  }

  async signPart(request: { key: string; s3UploadId: string; partNumber: number; length: number; expiresInSeconds: number }) {
    const command = new UploadPartCommand({
      Bucket: this.bucket,
      Key: request.key,
      UploadId: request.s3UploadId,
      PartNumber: request.partNumber,
      ContentLength: request.length,
    });
    // Content-Length is signed: a part of another size is refused, so the file cannot outgrow its declaration.
    const url = await translateStorageErrors(() =>
      getSignedUrl(this.client, command, { expiresIn: request.expiresInSeconds, signableHeaders: new Set(['content-length']) }),
    );
    return { url, headers: {} };
  }

  async complete(request: { key: string; s3UploadId: string; parts: { partNumber: number; etag: string }[] }): Promise<PartsCompletion> {
    try {
      await translateStorageErrors(() =>
        this.client.send(
          new CompleteMultipartUploadCommand({
            Bucket: this.bucket,
            Key: request.key,
            UploadId: request.s3UploadId,
            MultipartUpload: { Parts: request.parts.map((part) => ({ PartNumber: part.partNumber, ETag: part.etag })) },
          }),
        ),
      );
      return { completed: true };
    } catch (error) {
      const reason = error instanceof S3ServiceException ? REFUSALS[error.name] : undefined;
      if (reason) return { completed: false, reason };
      throw error;
    }
  }

  async abort(request: { key: string; s3UploadId: string }): Promise<boolean> {
    try {
      await translateStorageErrors(() =>
        this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: request.key, UploadId: request.s3UploadId })),
      );
      return true;
    } catch (error) {
      if (error instanceof S3ServiceException && error.name === 'NoSuchUpload') return false;
      throw error;
    }
  }
}
