import type { ImageMetadata, Redaction } from '@image-pipeline/metadata';

/** An upload's lifecycle: PENDING → PROCESSING → DONE, or FAILED. */
export const UploadStatus = {
  PENDING: 'PENDING',
  PROCESSING: 'PROCESSING',
  DONE: 'DONE',
  FAILED: 'FAILED',
} as const;
export type UploadStatus = (typeof UploadStatus)[keyof typeof UploadStatus];

/** Visual features, added after DONE: a thumbnail, a perceptual hash, dominant colours — or why not. */
export type VisualFeatures =
  | { thumbnailKey: string; thumbnailWidth: number; thumbnailHeight: number; perceptualHash: string; dominantColors: { hex: string; share: number }[] }
  | { skipped: 'TOO_LARGE' | 'UNSUPPORTED_FORMAT' | 'SUSPICIOUS_COMPRESSION' }
  | { error: 'DECODE_FAILED' | 'VISUAL_FAILED' };

/** The DynamoDB item, keyed by `Id`. */
export interface UploadRecord {
  Id: string;
  status: UploadStatus;
  /** The original file name as the user gave it (basename, cleaned). */
  filename: string;
  /** Declared size at upload; the processor records the real one in metadata. */
  size: number;
  mimeType: string;
  uploadedAt: string;
  /** TTL, epoch seconds. */
  expiresAt: number;
  /** After this instant a PENDING or PROCESSING record counts as stalled (ISO 8601). */
  staleAt: string;
  /** The S3 ETag of the object being processed. */
  etag?: string;
  attempts?: number;
  processedAt?: string;
  metadata?: ImageMetadata;
  locationRedacted?: boolean;
  /** The uploader asked for a private upload: no location, serial numbers or owner name are stored. */
  private?: boolean;
  /** What was removed from the stored metadata (only what the photo carried). */
  redacted?: Redaction[];
  /** SHA-256 (hex) of the delete token handed to the uploader; the token itself is never stored. */
  deleteTokenHash?: string;
  error?: { code: string; message: string };
  warnings?: string[];
  visual?: VisualFeatures;
}

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** True for a lowercase UUID v4, the only id this service hands out. */
export function isUploadId(value: string): boolean {
  return UUID_V4.test(value);
}

/** Uploads live under this prefix; only objects there trigger the processor. */
export const UPLOAD_PREFIX = 'uploads/';

export function uploadKey(id: string): string {
  return `${UPLOAD_PREFIX}${id}`;
}

/** Thumbnails live outside uploads/, so writing one can never trigger the processor. */
export function thumbnailKey(id: string): string {
  return `thumbnails/${id}.jpg`;
}

/** S3 user metadata must be ASCII: file names travel percent-encoded. */
export function encodeFilenameMetadata(filename: string): string {
  return encodeURIComponent(filename);
}

export function decodeFilenameMetadata(value: string | undefined): string | null {
  if (!value) return null;
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}
