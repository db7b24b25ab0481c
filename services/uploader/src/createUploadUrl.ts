import { ACCEPTED_MIME_TYPES, SUPPORTED_FORMATS_TEXT } from '@image-pipeline/metadata';
import { acceptedAnswer, Metric, newUpload, ServiceError, uploadKey, type Logger, type Measurements, type UploadUrlGranted } from '@image-pipeline/service-kit';
import type { Runtime, UploadStore, UploadUrlSigner } from './ports';
import { sanitizeFilename } from './sanitizeFilename';

export interface CreateUploadUrlDeps {
  uploads: UploadStore;
  signer: UploadUrlSigner;
  runtime: Runtime;
  logger: Logger;
  measure: Measurements;
  config: { maxPresignedUploadBytes: number; uploadUrlTtlSeconds: number; resultTtlDays: number };
}

/**
 * Issues a presigned PUT for a photo too large for POST /upload, signed for exactly the declared
 * size, type and file name; records it as PENDING first. The declared type must be one the core
 * accepts (ACCEPTED_MIME_TYPES); the processor checks the real bytes against it.
 */
export async function createUploadUrl(deps: CreateUploadUrlDeps, request: unknown, owner: string | null = null): Promise<UploadUrlGranted> {
  const { filename, size, contentType, private: privateUpload } = parseRequest(request);
  if (size === 0) throw new ServiceError('EMPTY_FILE', 'The file is empty.');
  if (size > deps.config.maxPresignedUploadBytes) {
    throw new ServiceError('FILE_TOO_LARGE', `The file is larger than ${deps.config.maxPresignedUploadBytes} bytes.`);
  }
  if (!Object.hasOwn(ACCEPTED_MIME_TYPES, contentType)) {
    throw new ServiceError('UNSUPPORTED_TYPE', `The file is not a supported image (${SUPPORTED_FORMATS_TEXT}).`);
  }
  const now = deps.runtime.now();
  const expiresAt = new Date(now.getTime() + deps.config.uploadUrlTtlSeconds * 1000);
  // An owned upload (AUTH_MODE=jwt) is deleted by its owner: only an anonymous one gets a delete token.
  const deleteToken = owner ? null : deps.runtime.newDeleteToken();
  const record = newUpload({
    id: deps.runtime.newId(),
    filename: sanitizeFilename(filename),
    size,
    mimeType: contentType,
    now,
    resultTtlDays: deps.config.resultTtlDays,
    arrivesBy: expiresAt,
    private: privateUpload,
    deleteTokenHash: deleteToken?.hash,
    owner,
  });
  deps.logger.appendKeys({ uploadId: record.id });
  await deps.uploads.createPending(record);
  const signed = await deps.signer.signPut({
    key: uploadKey(record.id),
    contentType,
    size,
    filename: record.filename,
    expiresInSeconds: deps.config.uploadUrlTtlSeconds,
  });
  deps.logger.info('Upload URL issued', { size, mimeType: contentType, private: privateUpload });
  deps.measure.record(Metric.uploadsAccepted, 1, 'Count', { Path: 'presigned' });
  return {
    ...acceptedAnswer(record, deleteToken?.token ?? null),
    uploadUrl: signed.url,
    method: 'PUT',
    headers: signed.headers,
    expiresAt: expiresAt.toISOString(),
  };
}

function parseRequest(request: unknown): { filename: string; size: number; contentType: string; private: boolean } {
  if (typeof request !== 'object' || request === null || Array.isArray(request)) throw invalid('The body must be a JSON object.');
  const { filename, size, contentType, private: privateUpload } = request as Record<string, unknown>;
  if (privateUpload !== undefined && typeof privateUpload !== 'boolean') throw invalid('"private" must be true or false.');
  if (typeof filename !== 'string' || filename.length > 4096) throw invalid('"filename" must be a string.');
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) throw invalid('"size" must be a whole number of bytes.');
  if (typeof contentType !== 'string') throw invalid('"contentType" must be a string such as "image/jpeg".');
  return { filename, size, contentType: contentType.toLowerCase().split(';')[0]!.trim(), private: privateUpload === true };
}

function invalid(message: string): ServiceError {
  return new ServiceError('INVALID_REQUEST', message);
}
