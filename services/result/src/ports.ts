import type { UploadRecord } from '@image-pipeline/service-kit';

/** Read access to upload records. */
export interface RecordReader {
  get(id: string): Promise<UploadRecord | null>;
  /** The records that exist among these ids (at most 100), by id. */
  getMany(ids: string[]): Promise<Map<string, UploadRecord>>;
}

/** Short-lived links to thumbnails. */
export interface ThumbnailLinker {
  url(key: string, expiresInSeconds: number): Promise<string>;
}

/** Upload records, for deletion. */
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
