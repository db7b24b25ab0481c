import type { ImageMetadata, Redacted, RefusedMetadata } from '@image-pipeline/metadata';

/** An upload's lifecycle: PENDING → PROCESSING → DONE, or FAILED (the transitions: lifecycle.ts). */
export const UploadStatus = {
  PENDING: 'PENDING',
  PROCESSING: 'PROCESSING',
  DONE: 'DONE',
  FAILED: 'FAILED',
} as const;
export type UploadStatus = (typeof UploadStatus)[keyof typeof UploadStatus];

/** Visual features, added after DONE: a thumbnail, a perceptual hash, dominant colours — or why not. */
export type VisualFeatures =
  | {
      thumbnailKey: string;
      thumbnailWidth: number;
      thumbnailHeight: number;
      perceptualHash: string;
      dominantColors: { hex: string; share: number }[];
      /** A camera RAW's: made from the largest JPEG preview it embeds, turned by the RAW's orientation. */
      fromEmbeddedPreview?: true;
    }
  /** VIDEO: no frame decoder on Lambda. NO_PREVIEW: a RAW that embeds no JPEG preview. */
  | { skipped: 'TOO_LARGE' | 'UNSUPPORTED_FORMAT' | 'SUSPICIOUS_COMPRESSION' | 'VIDEO' | 'NO_PREVIEW' }
  | { error: 'DECODE_FAILED' | 'VISUAL_FAILED' };

/** Why an upload FAILED; for a refused file, also what the core could still read of it. */
export interface UploadError {
  code: string;
  message: string;
  metadata?: RefusedMetadata;
}

/**
 * One upload, as the services reason about it. How it is stored is the adapters' business (see the
 * kit's `aws` entry): no use case sees a storage item.
 */
export interface UploadRecord {
  id: string;
  status: UploadStatus;
  /** The original file name as the user gave it (basename, cleaned). */
  filename: string;
  /** Declared size at upload; the processor records the real one in metadata. */
  size: number;
  mimeType: string;
  uploadedAt: string;
  /** When the record and its objects expire (epoch seconds; the table's TTL). */
  expiresAt: number;
  /** After this instant a PENDING or PROCESSING record counts as stalled (ISO 8601). */
  staleAt?: string;
  /** The S3 ETag of the object being processed. */
  etag?: string;
  /** Processing attempts so far (claims). */
  attempts?: number;
  processedAt?: string;
  metadata?: ImageMetadata;
  /** The uploader asked for a private upload: no location, serial numbers or owner name are stored. */
  private?: boolean;
  /** What was removed from the stored metadata (only what the photo carried). */
  redacted?: Redacted[];
  /** SHA-256 (hex) of the delete token handed to the uploader; the token itself is never stored. */
  deleteTokenHash?: string;
  /** Who uploaded it: the `sub` of the caller's token (AUTH_MODE=jwt); absent for anonymous uploads. */
  owner?: string;
  error?: UploadError;
  visual?: VisualFeatures;
  /** A multipart upload's S3 upload id and parts, while they arrive (never shown to clients but as part URLs). */
  multipart?: MultipartParts;
  /** When the client completed its multipart upload (the parts were assembled into the object). */
  partsCompletedAt?: string;
}

/** How a multipart upload is cut: every part `partSize` bytes, the last the rest. */
export interface MultipartParts {
  s3UploadId: string;
  partSize: number;
  partCount: number;
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

/**
 * The original file name travels with the stored object as its S3 user metadata `filename` (the
 * pipeline's contract with whoever reads the bucket; the services themselves read the record).
 * S3 user metadata must be ASCII: it is percent-encoded (decodeURIComponent reads it back).
 */
export function encodeFilenameMetadata(filename: string): string {
  return encodeURIComponent(filename);
}
