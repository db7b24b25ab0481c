import { ACCEPTED_MIME_TYPES, SUPPORTED_FORMATS_TEXT } from '@image-pipeline/metadata';
import {
  acceptedAnswer,
  Metric,
  newUpload,
  ServiceError,
  uploadKey,
  type Logger,
  type Measurements,
  type UploadRecord,
  type UploadUrlGranted,
} from '@image-pipeline/service-kit';
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
  const declared = parseDeclaredUpload(request, deps.config.maxPresignedUploadBytes);
  const now = deps.runtime.now();
  const expiresAt = new Date(now.getTime() + deps.config.uploadUrlTtlSeconds * 1000);
  const { record, deleteToken } = declaredUpload(deps, declared, { now, arrivesBy: expiresAt, resultTtlDays: deps.config.resultTtlDays, owner });
  deps.logger.appendKeys({ uploadId: record.id });
  await deps.uploads.createPending(record);
  const signed = await deps.signer.signPut({
    key: uploadKey(record.id),
    contentType: record.mimeType,
    size: record.size,
    filename: record.filename,
    expiresInSeconds: deps.config.uploadUrlTtlSeconds,
  });
  deps.logger.info('Upload URL issued', { size: record.size, mimeType: record.mimeType, private: record.private });
  deps.measure.record(Metric.uploadsAccepted, 1, 'Count', { Path: 'presigned' });
  return {
    ...acceptedAnswer(record, deleteToken?.token ?? null),
    uploadUrl: signed.url,
    method: 'PUT',
    headers: signed.headers,
    expiresAt: expiresAt.toISOString(),
  };
}

/** What a client declares of a file it sends straight to storage (POST /upload-url, POST /multipart-uploads). */
export interface DeclaredUpload {
  filename: string;
  size: number;
  contentType: string;
  private: boolean;
}

/** The declaration, checked: a JSON object, a size from 1 to `maxBytes`, a type the core accepts. */
export function parseDeclaredUpload(request: unknown, maxBytes: number): DeclaredUpload {
  if (typeof request !== 'object' || request === null || Array.isArray(request)) throw invalid('The body must be a JSON object.');
  const { filename, size, contentType, private: privateUpload } = request as Record<string, unknown>;
  if (privateUpload !== undefined && typeof privateUpload !== 'boolean') throw invalid('"private" must be true or false.');
  if (typeof filename !== 'string' || filename.length > 4096) throw invalid('"filename" must be a string.');
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) throw invalid('"size" must be a whole number of bytes.');
  if (typeof contentType !== 'string') throw invalid('"contentType" must be a string such as "image/jpeg".');
  const declared = { filename, size, contentType: contentType.toLowerCase().split(';')[0]!.trim(), private: privateUpload === true };
  if (declared.size === 0) throw new ServiceError('EMPTY_FILE', 'The file is empty.');
  if (declared.size > maxBytes) throw new ServiceError('FILE_TOO_LARGE', `The file is larger than ${maxBytes} bytes.`);
  if (!Object.hasOwn(ACCEPTED_MIME_TYPES, declared.contentType)) {
    throw new ServiceError('UNSUPPORTED_TYPE', `The file is not a supported image (${SUPPORTED_FORMATS_TEXT}).`);
  }
  return declared;
}

/** A PENDING record for a declared upload, and for an anonymous one its delete token (an owned upload is deleted by its owner). */
export function declaredUpload(
  deps: { runtime: Runtime },
  declared: DeclaredUpload,
  at: { now: Date; arrivesBy: Date; resultTtlDays: number; owner: string | null },
): { record: UploadRecord; deleteToken: { token: string; hash: string } | null } {
  const deleteToken = at.owner ? null : deps.runtime.newDeleteToken();
  const record = newUpload({
    id: deps.runtime.newId(),
    filename: sanitizeFilename(declared.filename),
    size: declared.size,
    mimeType: declared.contentType,
    now: at.now,
    resultTtlDays: at.resultTtlDays,
    arrivesBy: at.arrivesBy,
    private: declared.private,
    deleteTokenHash: deleteToken?.hash,
    owner: at.owner,
  });
  return { record, deleteToken };
}

function invalid(message: string): ServiceError {
  return new ServiceError('INVALID_REQUEST', message);
}
