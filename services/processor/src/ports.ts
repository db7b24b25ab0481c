import type { ByteSource, ImageMetadata, Redacted } from '@image-pipeline/metadata';
import type { UploadError, UploadRecord, VisualFeatures } from '@image-pipeline/service-kit';

export interface StoredObject {
  size: number;
  etag: string;
}

/** Uploaded objects. Every method fails with StorageUnavailableError when storage does not answer. */
export interface ObjectReader {
  /** The object's size and ETag, or null if it no longer exists. */
  head(key: string): Promise<StoredObject | null>;
  /** Ranged reads of exactly this version of the object. */
  byteSource(key: string, object: StoredObject): ByteSource;
  /** The whole object (for decoding pixels; callers bound its size first). */
  readWhole(key: string, object: StoredObject): Promise<Uint8Array>;
  /** Removes an object that no record owns (its upload was deleted before it arrived). */
  remove(key: string): Promise<void>;
}

/** Where thumbnails go. */
export interface ThumbnailStore {
  putThumbnail(key: string, jpeg: Uint8Array): Promise<void>;
}

/** What a DONE record gets: the metadata as stored (after any redaction) and what was removed. */
export interface CompletedResult {
  metadata: ImageMetadata;
  processedAt: string;
  redacted: Redacted[];
}

export type ClaimResult = { claimed: true; attempts: number } | { claimed: false; record: UploadRecord | null };

/**
 * The processor's transitions of upload records (TRANSITIONS in the kit's upload lifecycle), each
 * applied only where the table allows it; false (or unclaimed) where it does not.
 */
export interface RecordStore {
  get(id: string): Promise<UploadRecord | null>;
  /** TRANSITIONS.claim: PENDING → PROCESSING, or resumes PROCESSING of the same ETag (a retry). */
  claim(id: string, etag: string, now: Date): Promise<ClaimResult>;
  /** TRANSITIONS.complete: PROCESSING (this ETag) → DONE. */
  complete(id: string, etag: string, result: CompletedResult): Promise<boolean>;
  /** TRANSITIONS.addVisual: `visual` on a DONE record that has none. */
  setVisual(id: string, visual: VisualFeatures): Promise<boolean>;
  /** TRANSITIONS.fail: PENDING or PROCESSING → FAILED. */
  fail(id: string, error: UploadError, processedAt: string): Promise<boolean>;
}
