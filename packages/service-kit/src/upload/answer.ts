import type { ImageMetadata, Redacted } from '@image-pipeline/metadata';
import { isStalled } from './lifecycle';
import { UploadStatus, type UploadError, type UploadRecord, type VisualFeatures } from './record';

/**
 * The HTTP API's answers about uploads, declared and built here: the services build them, the page
 * and the tests read them. Browser-safe.
 */

/** 202 from POST /upload. The delete token is shown here only; an owned upload (AUTH_MODE=jwt) has none: its owner deletes it. */
export interface UploadAccepted {
  id: string;
  status: typeof UploadStatus.PENDING;
  resultUrl: string;
  deleteToken?: string;
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

/**
 * 201 from POST /multipart-uploads: the upload is recorded PENDING and its multipart upload created.
 * Send every part (`partSize` bytes, the last the rest) to a URL from POST …/parts, then POST
 * …/complete with each part's ETag; DELETE /multipart-uploads/{id} cancels.
 */
export interface MultipartStarted extends UploadAccepted {
  partSize: number;
  partCount: number;
  /** When the upload must be complete (the parts expire a day after, with the bucket's lifecycle rule). */
  expiresAt: string;
}

/** 200 from POST /multipart-uploads/{id}/parts: a presigned PUT for each part asked, each signed for its exact length. */
export interface MultipartPartUrls {
  parts: { partNumber: number; url: string; headers: Record<string, string> }[];
}

/** 200 from GET /result/{id}: what the public may know of an upload (no bucket, key or internals). */
export interface ResultBody {
  id: string;
  status: UploadStatus;
  filename: string;
  uploadedAt: string;
  processedAt?: string;
  /** The metadata without its warnings, which stand beside it. */
  metadata?: Omit<ImageMetadata, 'warnings'>;
  warnings?: string[];
  /** A private upload: its location, serial numbers and owner's name were not stored. */
  private?: true;
  /** On private uploads: the file itself is stored as it was uploaded (DELETE removes it). */
  originalKept?: true;
  /** With the metadata: what privacy removed from it (by the upload's choice or the server's setting); empty when nothing. */
  redacted?: Redacted[];
  /** Why it FAILED; for a refused file, also what could still be read of it (`error.metadata`). */
  error?: UploadError;
  visual?: VisualFeatures;
  /** A presigned GET of the thumbnail, valid 30 minutes. */
  thumbnailUrl?: string;
}

/** The answer for an id that is unknown, expired or deleted. */
export const NOT_FOUND = { code: 'NOT_FOUND', message: 'No upload has this id (or it has expired or been deleted).' } as const;

/** One entry of GET /results: what GET /result/{id} answers, or NOT_FOUND for an unknown id. */
export type ResultsEntry = ResultBody | { id: string; error: { code: typeof NOT_FOUND.code; message: string } };

/** Nothing more will change: FAILED, or DONE with its visual features. */
export function isFinal(answer: Pick<ResultBody, 'status' | 'visual'>): boolean {
  return answer.status === UploadStatus.FAILED || (answer.status === UploadStatus.DONE && answer.visual !== undefined);
}

/** The public answer for a record at `now` (a stalled upload is answered FAILED). */
export function resultBody(record: UploadRecord, now: Date): ResultBody {
  const body: ResultBody = { id: record.id, status: record.status, filename: record.filename, uploadedAt: record.uploadedAt };
  if (isStalled(record, now)) {
    body.status = UploadStatus.FAILED;
    body.error =
      record.status === UploadStatus.PENDING
        ? { code: 'UPLOAD_NOT_RECEIVED', message: 'The file never arrived; upload it again.' }
        : { code: 'STALLED', message: 'Processing did not finish; upload the file again.' };
    return body;
  }
  if (record.processedAt) body.processedAt = record.processedAt;
  if (record.private) Object.assign(body, { private: true, originalKept: true });
  if (record.metadata) {
    const { warnings, ...metadata } = record.metadata;
    body.metadata = metadata;
    if (warnings?.length) body.warnings = warnings;
    body.redacted = record.redacted ?? [];
  }
  if (record.error) body.error = record.error;
  if (record.visual) body.visual = record.visual;
  return body;
}

/**
 * The answer to an accepted upload. The delete token is shown here only: keep it to delete the
 * upload (DELETE /result/{id} with `Authorization: Bearer <token>`).
 */
export function acceptedAnswer(record: Pick<UploadRecord, 'id' | 'private'>, deleteToken: string | null): UploadAccepted {
  return {
    id: record.id,
    status: UploadStatus.PENDING,
    resultUrl: `/result/${record.id}`,
    ...(deleteToken !== null && { deleteToken }),
    // The file is stored as uploaded: only what is read from it is redacted.
    ...(record.private && { private: true as const, originalKept: true as const }),
  };
}
