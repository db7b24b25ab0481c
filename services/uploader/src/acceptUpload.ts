import { detectFormat, DETECT_BYTES } from '@image-pipeline/metadata';
import { uploadKey, type Logger, ServiceError } from '@image-pipeline/service-kit';
import { acceptedBody, pendingRecord } from './pendingRecord';
import type { ObjectStore, Runtime, UploadStore } from './ports';
import { sanitizeFilename } from './sanitizeFilename';

export interface AcceptUploadDeps {
  uploads: UploadStore;
  objects: ObjectStore;
  runtime: Runtime;
  logger: Logger;
  config: { maxUploadBytes: number; resultTtlDays: number };
}

/**
 * Accepts one uploaded file: checks its size and, by its first bytes, that it is an image we handle;
 * records it as PENDING before storing it, so the processor always finds the record; a failed store
 * marks the record FAILED.
 */
export async function acceptUpload(deps: AcceptUploadDeps, file: { filename: string | undefined; bytes: Uint8Array; private: boolean }) {
  if (file.bytes.length === 0) throw new ServiceError('EMPTY_FILE', 'The file is empty.');
  if (file.bytes.length > deps.config.maxUploadBytes) {
    throw new ServiceError('FILE_TOO_LARGE', `The file is larger than ${deps.config.maxUploadBytes} bytes; ask for an upload URL instead (POST /upload-url).`);
  }
  const detected = detectFormat(file.bytes.subarray(0, DETECT_BYTES));
  if (!detected) throw new ServiceError('UNSUPPORTED_TYPE', 'The file is not a supported image (JPEG, PNG, GIF, WebP, TIFF, BMP, HEIF or AVIF).');

  const id = deps.runtime.newId();
  const now = deps.runtime.now();
  const filename = sanitizeFilename(file.filename);
  const deleteToken = deps.runtime.newDeleteToken();
  const record = pendingRecord({ id, filename, size: file.bytes.length, mimeType: detected.mimeType, now, resultTtlDays: deps.config.resultTtlDays, private: file.private, deleteTokenHash: deleteToken.hash });
  try {
    await deps.uploads.createPending(record);
  } catch (error) {
    throw new ServiceError('UNAVAILABLE', 'The upload could not be recorded; try again shortly.', { cause: error });
  }
  try {
    await deps.objects.putUpload({ key: uploadKey(id), bytes: file.bytes, contentType: detected.mimeType, filename });
  } catch (error) {
    await deps.uploads
      .markFailed(id, { code: 'UPLOAD_FAILED', message: 'The file could not be stored.' }, deps.runtime.now().toISOString())
      .catch((markError: unknown) => deps.logger.error('Could not mark the upload FAILED', { id, error: String(markError) }));
    throw new ServiceError('UNAVAILABLE', 'The file could not be stored; try again shortly.', { cause: error });
  }
  deps.logger.info('Upload accepted', { id, size: file.bytes.length, mimeType: detected.mimeType, private: file.private });
  return acceptedBody(id, { private: file.private, deleteToken: deleteToken.token });
}
