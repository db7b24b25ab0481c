import { detectFormat, DETECT_BYTES, SUPPORTED_FORMATS_TEXT } from '@image-pipeline/metadata';
import {
  acceptedAnswer,
  describeError,
  Metric,
  newUpload,
  publishAfterWrite,
  ServiceError,
  uploadEvent,
  UploadEventType,
  uploadKey,
  type EventPublisher,
  type Logger,
  type Measurements,
  type UploadError,
} from '@image-pipeline/service-kit';
import type { ObjectStore, Runtime, UploadStore } from './ports';
import { sanitizeFilename } from './sanitizeFilename';

export interface AcceptUploadDeps {
  uploads: UploadStore;
  objects: ObjectStore;
  events: EventPublisher;
  runtime: Runtime;
  logger: Logger;
  measure: Measurements;
  config: { maxUploadBytes: number; resultTtlDays: number };
}

/**
 * Accepts one uploaded file: checks its size and, by its first bytes, that it is an image we handle;
 * records it as PENDING before storing it, so the processor always finds the record; a failed store
 * marks the record FAILED, then fails as the store did (the one error mapper answers).
 */
export async function acceptUpload(
  deps: AcceptUploadDeps,
  file: { filename: string | undefined; bytes: Uint8Array; private: boolean },
  owner: string | null = null,
) {
  if (file.bytes.length === 0) throw new ServiceError('EMPTY_FILE', 'The file is empty.');
  if (file.bytes.length > deps.config.maxUploadBytes) {
    throw new ServiceError('FILE_TOO_LARGE', `The file is larger than ${deps.config.maxUploadBytes} bytes; ask for an upload URL instead (POST /upload-url).`);
  }
  const detected = detectFormat(file.bytes.subarray(0, DETECT_BYTES));
  if (!detected) throw new ServiceError('UNSUPPORTED_TYPE', `The file is not a supported image (${SUPPORTED_FORMATS_TEXT}).`);

  // An owned upload (AUTH_MODE=jwt) is deleted by its owner: only an anonymous one gets a delete token.
  const deleteToken = owner ? null : deps.runtime.newDeleteToken();
  const record = newUpload({
    id: deps.runtime.newId(),
    filename: sanitizeFilename(file.filename),
    size: file.bytes.length,
    mimeType: detected.mimeType,
    now: deps.runtime.now(),
    resultTtlDays: deps.config.resultTtlDays,
    private: file.private,
    deleteTokenHash: deleteToken?.hash,
    owner,
  });
  deps.logger.appendKeys({ uploadId: record.id });
  await deps.uploads.createPending(record);
  try {
    await deps.objects.putUpload({ key: uploadKey(record.id), bytes: file.bytes, contentType: detected.mimeType, filename: record.filename });
  } catch (error) {
    const failure: UploadError = { code: 'UPLOAD_FAILED', message: 'The file could not be stored.' };
    const marked = await deps.uploads.markStoreFailed(record.id, failure, deps.runtime.now().toISOString()).catch((markError: unknown) => {
      deps.logger.error('Could not mark the upload FAILED', { id: record.id, cause: describeError(markError) });
      return false;
    });
    if (marked) await publishAfterWrite(deps, uploadEvent(UploadEventType.failed, { ...record, status: 'FAILED', error: failure }));
    throw error;
  }
  deps.logger.info('Upload accepted', { size: record.size, mimeType: record.mimeType, private: record.private });
  deps.measure.record(Metric.uploadsAccepted, 1, 'Count', { Path: 'direct' });
  return acceptedAnswer(record, deleteToken?.token ?? null);
}
