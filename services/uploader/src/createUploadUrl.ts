import { BIGTIFF_MIME_TYPE, MIME_TYPES } from '@image-pipeline/metadata';
import { uploadKey, type Logger, ServiceError } from '@image-pipeline/service-kit';
import { acceptedBody, pendingRecord } from './pendingRecord';
import type { Runtime, UploadStore, UploadUrlSigner } from './ports';
import { sanitizeFilename } from './sanitizeFilename';

export interface CreateUploadUrlDeps {
  uploads: UploadStore;
  signer: UploadUrlSigner;
  runtime: Runtime;
  logger: Logger;
  config: { maxPresignedUploadBytes: number; uploadUrlTtlSeconds: number; resultTtlDays: number };
}

/** MIME types a client may declare; the processor checks the real bytes again. */
const ACCEPTED_TYPES = new Set([...Object.values(MIME_TYPES), BIGTIFF_MIME_TYPE, 'image/heic', 'image/heic-sequence', 'image/heif-sequence']);

/**
 * Issues a presigned PUT for a photo too large for POST /upload, signed for exactly the declared
 * size, type and file name; records it as PENDING first.
 */
export async function createUploadUrl(deps: CreateUploadUrlDeps, request: unknown) {
  const { filename: rawName, size, contentType, private: isPrivate } = parseRequest(request);
  if (size === 0) throw new ServiceError('EMPTY_FILE', 'The file is empty.');
  if (size > deps.config.maxPresignedUploadBytes) {
    throw new ServiceError('FILE_TOO_LARGE', `The file is larger than ${deps.config.maxPresignedUploadBytes} bytes.`);
  }
  if (!ACCEPTED_TYPES.has(contentType)) {
    throw new ServiceError('UNSUPPORTED_TYPE', 'The file is not a supported image (JPEG, PNG, GIF, WebP, TIFF, BMP, HEIF or AVIF).');
  }
  const id = deps.runtime.newId();
  const now = deps.runtime.now();
  const expiresAt = new Date(now.getTime() + deps.config.uploadUrlTtlSeconds * 1000);
  const filename = sanitizeFilename(rawName);
  const deleteToken = deps.runtime.newDeleteToken();
  const record = pendingRecord({ id, filename, size, mimeType: contentType, now, resultTtlDays: deps.config.resultTtlDays, arrivesBy: expiresAt, private: isPrivate, deleteTokenHash: deleteToken.hash });
  try {
    await deps.uploads.createPending(record);
  } catch (error) {
    throw new ServiceError('UNAVAILABLE', 'The upload could not be recorded; try again shortly.', { cause: error });
  }
  let signed: { url: string; headers: Record<string, string> };
  try {
    signed = await deps.signer.signPut({ key: uploadKey(id), contentType, size, filename, expiresInSeconds: deps.config.uploadUrlTtlSeconds });
  } catch (error) {
    throw new ServiceError('UNAVAILABLE', 'The upload URL could not be created; try again shortly.', { cause: error });
  }
  deps.logger.info('Upload URL issued', { id, size, mimeType: contentType, private: isPrivate });
  return { ...acceptedBody(id, { private: isPrivate, deleteToken: deleteToken.token }), uploadUrl: signed.url, method: 'PUT' as const, headers: signed.headers, expiresAt: expiresAt.toISOString() };
}

function parseRequest(request: unknown): { filename: string; size: number; contentType: string; private: boolean } {
  if (typeof request !== 'object' || request === null) throw invalid('The body must be a JSON object.');
  const { filename, size, contentType, private: isPrivate } = request as Record<string, unknown>;
  if (isPrivate !== undefined && typeof isPrivate !== 'boolean') throw invalid('"private" must be true or false.');
  if (typeof filename !== 'string' || filename.length > 4096) throw invalid('"filename" must be a string.');
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) throw invalid('"size" must be a whole number of bytes.');
  if (typeof contentType !== 'string') throw invalid('"contentType" must be a string such as "image/jpeg".');
  return { filename, size, contentType: contentType.toLowerCase().split(';')[0]!.trim(), private: isPrivate === true };
}

function invalid(message: string): ServiceError {
  return new ServiceError('INVALID_REQUEST', message);
}
