import type { UploadRecord } from '@image-pipeline/service-kit';

/** Upload records, for deletion; fails with StorageUnavailableError when the table does not answer. */
export interface RecordRemover {
  get(id: string): Promise<UploadRecord | null>;
  /** Deletes the record; nothing happens if it is already gone. */
  remove(id: string): Promise<void>;
}

/** Stored objects, for deletion. */
export interface ObjectRemover {
  /** Deletes these keys; a key that does not exist is no error. */
  remove(keys: string[]): Promise<void>;
}
