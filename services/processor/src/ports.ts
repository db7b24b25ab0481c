import type { ByteSource, ImageMetadata, Redaction } from '@image-pipeline/metadata';
import type { UploadRecord, VisualFeatures } from '@image-pipeline/service-kit';

export interface StoredObject {
  size: number;
  etag: string;
}

/** Read access to uploaded objects. */
export interface ObjectReader {
  /** The object's size and ETag, or null if it no longer exists. */
  head(key: string): Promise<StoredObject | null>;
  /** Ranged reads of exactly this version of the object. */
  byteSource(key: string, object: StoredObject): ByteSource;
  /** The whole object (for decoding pixels; callers bound its size first). */
  readWhole(key: string, object: StoredObject): Promise<Uint8Array>;
}

/** Where thumbnails go. */
export interface ThumbnailStore {
  putThumbnail(key: string, jpeg: Uint8Array): Promise<void>;
}

/** What a DONE record gets: the metadata as stored (after any redaction) and what was removed. */
export interface CompletedResult {
  metadata: ImageMetadata;
  processedAt: string;
  locationRedacted: boolean;
  redacted: Redaction[];
}

export type ClaimResult = { claimed: true; attempts: number } | { claimed: false; record: UploadRecord | null };

/** Conditional status transitions of upload records, keyed on the object's ETag. */
export interface RecordStore {
  get(id: string): Promise<UploadRecord | null>;
  /** PENDING → PROCESSING, or resumes PROCESSING of the same ETag (a retry). */
  claim(id: string, etag: string, now: Date, staleAt: Date): Promise<ClaimResult>;
  /** PROCESSING (this ETag) → DONE; false if another delivery got there first. */
  complete(id: string, etag: string, result: CompletedResult): Promise<boolean>;
  /** Adds `visual` to a DONE record that has none; false otherwise. */
  setVisual(id: string, visual: VisualFeatures): Promise<boolean>;
  /** PENDING or PROCESSING → FAILED; false if the record had already ended. */
  fail(id: string, error: { code: string; message: string }, processedAt: string): Promise<boolean>;
}
