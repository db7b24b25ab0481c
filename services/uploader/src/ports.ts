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
