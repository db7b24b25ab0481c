import type { ListPosition, UploadRecord } from '@image-pipeline/service-kit';

/** Read access to upload records; fails with StorageUnavailableError when the table does not answer. */
export interface RecordReader {
  get(id: string): Promise<UploadRecord | null>;
  /** The records that exist among these ids (at most 100), by id. */
  getMany(ids: string[]): Promise<Map<string, UploadRecord>>;
  /** An owner's records, newest first, after `after`; `last` is where the next page starts (null at the end). */
  listByOwner(owner: string, limit: number, after: ListPosition | null): Promise<{ records: UploadRecord[]; last: ListPosition | null }>;
}

/** Short-lived links to thumbnails. */
export interface ThumbnailLinker {
  url(key: string, expiresInSeconds: number): Promise<string>;
}
