import type { UploadError, UploadRecord } from '@image-pipeline/service-kit';

/** Where upload records live. Every method fails with StorageUnavailableError when the store does not answer. */
export interface UploadStore {
  /** Writes a new PENDING record; fails if the id exists. */
  createPending(record: UploadRecord): Promise<void>;
  /** A PENDING record whose file could not be stored → FAILED (TRANSITIONS.failStore); false if it was no longer PENDING. */
  markStoreFailed(id: string, error: UploadError, at: string): Promise<boolean>;
}

/** Where uploaded bytes go. */
export interface ObjectStore {
  putUpload(upload: { key: string; bytes: Uint8Array; contentType: string; filename: string }): Promise<void>;
}

/** Signs direct-to-storage uploads. */
export interface UploadUrlSigner {
  signPut(request: {
    key: string;
    contentType: string;
    size: number;
    filename: string;
    expiresInSeconds: number;
  }): Promise<{ url: string; headers: Record<string, string> }>;
}

/** Time, identifiers and delete tokens, injectable for tests. */
export interface Runtime {
  now(): Date;
  newId(): string;
  /** A fresh delete token and the hash of it to store. */
  newDeleteToken(): { token: string; hash: string };
}

/** Upload records as the multipart endpoints read and change them. */
export interface MultipartUploadStore extends UploadStore {
  get(id: string): Promise<UploadRecord | null>;
  /** TRANSITIONS.completeParts: the parts are assembled; false if the upload was no longer open. */
  markPartsCompleted(id: string, at: string): Promise<boolean>;
  /** TRANSITIONS.cancel: PENDING (parts not completed) → FAILED; false if it was no longer open. */
  markCancelled(id: string, error: UploadError, at: string): Promise<boolean>;
}

/** What storage answers to a completion: done, or why the parts were refused (S3's InvalidPart, InvalidPartOrder, EntityTooSmall). */
export type PartsRefusal = 'INVALID_PART' | 'INVALID_PART_ORDER' | 'PART_TOO_SMALL' | 'NO_SUCH_UPLOAD';
export type PartsCompletion = { completed: true } | { completed: false; reason: PartsRefusal };

/** S3 multipart uploads: created, signed part by part, completed or aborted by the API, never by the client alone. */
export interface MultipartStorage {
  /** Starts a multipart upload of `key`; resolves to storage's upload id. */
  create(request: { key: string; contentType: string; filename: string }): Promise<string>;
  /** A presigned PUT of one part, signed for exactly `length` bytes. */
  signPart(request: {
    key: string;
    s3UploadId: string;
    partNumber: number;
    length: number;
    expiresInSeconds: number;
  }): Promise<{ url: string; headers: Record<string, string> }>;
  complete(request: { key: string; s3UploadId: string; parts: { partNumber: number; etag: string }[] }): Promise<PartsCompletion>;
  /** Aborts, removing the parts; false when storage knows no such upload (completed or aborted already). */
  abort(request: { key: string; s3UploadId: string }): Promise<boolean>;
}
