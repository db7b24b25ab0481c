import type { ImageMetadata } from '@image-pipeline/metadata';
import type { UploadRecord, UploadStatus, VisualFeatures } from './uploadRecord';

/**
 * The HTTP API's answers, declared once: the services build them, the page and the tests read them
 * (as types only).
 */

/** 202 from POST /upload. The delete token is shown here only. */
export interface UploadAccepted {
  id: string;
  status: typeof UploadStatus.PENDING;
  resultUrl: string;
  deleteToken: string;
  private?: true;
  originalKept?: true;
}

/** 201 from POST /upload-url: the same, plus a presigned PUT valid five minutes. */
export interface UploadUrlGranted extends UploadAccepted {
  uploadUrl: string;
  method: 'PUT';
  headers: Record<string, string>;
  expiresAt: string;
}

/** 200 from GET /result/{id}: these fields of the record only (no bucket, no key, no internals). */
export type ResultBody = Pick<UploadRecord, 'status' | 'filename' | 'uploadedAt' | 'processedAt' | 'locationRedacted' | 'private' | 'redacted' | 'error' | 'visual'> & {
  id: string;
  /** The metadata without its warnings, which stand beside it. */
  metadata?: Omit<ImageMetadata, 'warnings'>;
  warnings?: string[];
  /** On private uploads: the file itself is stored as it was uploaded (DELETE removes it). */
  originalKept?: true;
  /** A presigned GET of the thumbnail, valid 30 minutes. */
  thumbnailUrl?: string;
};

/** One entry of GET /results: what GET /result/{id} answers, or NOT_FOUND for an unknown id. */
export type ResultsEntry = ResultBody | { id: string; error: { code: 'NOT_FOUND'; message: string } };

export type { VisualFeatures };
