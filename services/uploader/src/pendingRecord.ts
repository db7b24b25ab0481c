import { UploadStatus, type UploadAccepted, type UploadRecord } from '@image-pipeline/service-kit';

/** How long after its deadline a PENDING record still waits for its object before counting as stalled. */
export const PENDING_GRACE_SECONDS = 10 * 60;

export function pendingRecord(input: {
  id: string;
  filename: string;
  size: number;
  mimeType: string;
  now: Date;
  resultTtlDays: number;
  /** When the object can arrive at the latest (a presigned URL's expiry); now for a direct upload. */
  arrivesBy?: Date;
  private: boolean;
  deleteTokenHash: string;
}): UploadRecord {
  const arrivesBy = input.arrivesBy ?? input.now;
  return {
    private: input.private,
    deleteTokenHash: input.deleteTokenHash,
    Id: input.id,
    status: UploadStatus.PENDING,
    filename: input.filename,
    size: input.size,
    mimeType: input.mimeType,
    uploadedAt: input.now.toISOString(),
    expiresAt: Math.floor(input.now.getTime() / 1000) + input.resultTtlDays * 86_400,
    staleAt: new Date(arrivesBy.getTime() + PENDING_GRACE_SECONDS * 1000).toISOString(),
  };
}

/**
 * The body of a successful upload answer. The delete token is shown here only: keep it to delete
 * the upload (DELETE /result/{id} with `Authorization: Bearer <token>`).
 */
export function acceptedBody(id: string, upload: { private: boolean; deleteToken: string }): UploadAccepted {
  return {
    id,
    status: UploadStatus.PENDING,
    resultUrl: `/result/${id}`,
    deleteToken: upload.deleteToken,
    // The file is stored as uploaded: only what is read from it is redacted.
    ...(upload.private && { private: true as const, originalKept: true as const }),
  };
}
