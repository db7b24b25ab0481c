import {
  acceptedAnswer,
  Metric,
  requireUploadAccess,
  ServiceError,
  uploadCredential,
  uploadKey,
  UploadStatus,
  type Logger,
  type Measurements,
  type MultipartPartUrls,
  type MultipartStarted,
  type UploadAccepted,
  type UploadRecord,
  type UploadRequester,
} from '@image-pipeline/service-kit';
import { declaredUpload, parseDeclaredUpload } from './createUploadUrl';
import type { MultipartStorage, MultipartUploadStore, PartsRefusal, Runtime } from './ports';

/** S3 allows at most 10,000 parts; a part's URL is asked for in batches of at most this many. */
const MAX_PARTS = 10_000;
const MAX_PARTS_PER_REQUEST = 100;
const MiB = 1024 * 1024;
/** An S3 ETag: an MD5 (or, for other checksums, a longer hex string), quoted or not. */
const ETAG = /^"?[0-9a-fA-F]{32}(-\d{1,5})?"?$/;

export interface MultipartDeps {
  uploads: MultipartUploadStore;
  storage: MultipartStorage;
  runtime: Runtime;
  logger: Logger;
  measure: Measurements;
  config: { maxMultipartUploadBytes: number; multipartPartBytes: number; multipartWindowHours: number; uploadUrlTtlSeconds: number; resultTtlDays: number };
}

/** Parts of at least `multipartPartBytes`, and larger when needed to stay within S3's 10,000 (whole MiB). */
export function partSizeFor(size: number, minimum: number): number {
  return Math.max(minimum, Math.ceil(size / MAX_PARTS / MiB) * MiB);
}

/**
 * POST /multipart-uploads: creates the multipart upload in storage, then records the upload PENDING
 * (until it is complete, within the window).
 */
export async function startMultipart(deps: MultipartDeps, request: unknown, owner: string | null): Promise<MultipartStarted> {
  const declared = parseDeclaredUpload(request, deps.config.maxMultipartUploadBytes);
  const now = deps.runtime.now();
  const expiresAt = new Date(now.getTime() + deps.config.multipartWindowHours * 3600 * 1000);
  const { record, deleteToken } = declaredUpload(deps, declared, { now, arrivesBy: expiresAt, resultTtlDays: deps.config.resultTtlDays, owner });
  deps.logger.appendKeys({ uploadId: record.id });
  const partSize = partSizeFor(record.size, deps.config.multipartPartBytes);
  const partCount = Math.ceil(record.size / partSize);
  // Storage first: if the record then cannot be written, an empty multipart upload is left for the
  // bucket's lifecycle rule; the other way round, a record would wait PENDING for parts never asked for.
  const s3UploadId = await deps.storage.create({ key: uploadKey(record.id), contentType: record.mimeType, filename: record.filename });
  await deps.uploads.createPending({ ...record, multipart: { s3UploadId, partSize, partCount } });
  deps.logger.info('Multipart upload started', { size: record.size, mimeType: record.mimeType, partSize, partCount, private: record.private });
  deps.measure.record(Metric.uploadsAccepted, 1, 'Count', { Path: 'multipart' });
  return { ...acceptedAnswer(record, deleteToken?.token ?? null), partSize, partCount, expiresAt: expiresAt.toISOString() };
}

/** POST /multipart-uploads/{id}/parts: presigned PUTs for the parts asked, each for its exact length (so no part, and no file, can be larger than declared). */
export async function signParts(deps: MultipartDeps, id: string, request: unknown, requester: UploadRequester): Promise<MultipartPartUrls> {
  const record = await openUpload(deps, id, requester, 'send its parts');
  const { s3UploadId, partSize, partCount } = record.multipart!;
  const numbers = (request as { partNumbers?: unknown } | null)?.partNumbers;
  if (!Array.isArray(numbers) || numbers.length === 0 || numbers.length > MAX_PARTS_PER_REQUEST) {
    throw new ServiceError('INVALID_REQUEST', `"partNumbers" must list 1 to ${MAX_PARTS_PER_REQUEST} part numbers.`);
  }
  const parts = [];
  for (const partNumber of new Set(numbers)) {
    if (!Number.isSafeInteger(partNumber) || partNumber < 1 || partNumber > partCount) {
      throw new ServiceError('INVALID_REQUEST', `Part numbers run from 1 to ${partCount}.`);
    }
    const length = partNumber < partCount ? partSize : record.size - partSize * (partCount - 1);
    const signed = await deps.storage.signPart({ key: uploadKey(id), s3UploadId, partNumber, length, expiresInSeconds: deps.config.uploadUrlTtlSeconds });
    parts.push({ partNumber: partNumber as number, ...signed });
  }
  return { parts };
}

/**
 * POST /multipart-uploads/{id}/complete: checks the list (every part, in order, each with an
 * ETag), then has storage assemble the parts, which checks each ETag and size. The upload stays
 * PENDING until the processor takes the object. A second completion answers as the first.
 */
export async function completeMultipart(deps: MultipartDeps, id: string, request: unknown, requester: UploadRequester): Promise<UploadAccepted> {
  const record = await findMultipart(deps, id, requester, 'complete it');
  if (isCompleted(record)) return acceptedAnswer(record, null);
  assertOpen(record);
  const { s3UploadId, partCount } = record.multipart!;
  const parts = parseParts(request, partCount);
  const completion = await deps.storage.complete({ key: uploadKey(id), s3UploadId, parts });
  if (!completion.completed) {
    if (completion.reason === 'NO_SUCH_UPLOAD') throw new ServiceError('UPLOAD_CLOSED', 'This upload was completed or cancelled already.');
    throw new ServiceError('INVALID_PARTS', PART_REFUSALS[completion.reason]);
  }
  // The processor may already have taken the object (its event can come first): then nothing is left to mark.
  await deps.uploads.markPartsCompleted(id, deps.runtime.now().toISOString());
  deps.logger.info('Multipart upload completed', { partCount });
  return acceptedAnswer(record, null);
}

/** DELETE /multipart-uploads/{id}: aborts the multipart upload (its parts are removed) and records the upload FAILED (CANCELLED). */
export async function abortMultipart(deps: MultipartDeps, id: string, requester: UploadRequester): Promise<void> {
  const record = await findMultipart(deps, id, requester, 'cancel it');
  if (isCompleted(record)) throw new ServiceError('ALREADY_COMPLETED', 'This upload is complete: delete it (DELETE /result/{id}) instead.');
  assertOpen(record);
  const aborted = await deps.storage.abort({ key: uploadKey(id), s3UploadId: record.multipart!.s3UploadId });
  if (!aborted) throw new ServiceError('ALREADY_COMPLETED', 'This upload is complete: delete it (DELETE /result/{id}) instead.');
  const at = deps.runtime.now().toISOString();
  await deps.uploads.markCancelled(id, { code: 'CANCELLED', message: 'The upload was cancelled before it was complete.' }, at);
  deps.logger.info('Multipart upload cancelled');
}

const PART_REFUSALS: Record<Exclude<PartsRefusal, 'NO_SUCH_UPLOAD'>, string> = {
  INVALID_PART: "A part is missing, or an ETag is not that part's: send each part, then the ETag storage answered for it.",
  INVALID_PART_ORDER: 'List the parts in ascending order.',
  PART_TOO_SMALL: 'Every part but the last must be at least 5 MiB.',
};

async function findMultipart(deps: MultipartDeps, id: string, requester: UploadRequester, action: string): Promise<UploadRecord> {
  const credential = uploadCredential(requester, action);
  const record = requireUploadAccess(await deps.uploads.get(id), credential);
  // An upload sent whole is no multipart upload: answered as an unknown one.
  if (!record.multipart) throw new ServiceError('NOT_FOUND', 'No multipart upload has this id.');
  return record;
}

async function openUpload(deps: MultipartDeps, id: string, requester: UploadRequester, action: string): Promise<UploadRecord> {
  const record = await findMultipart(deps, id, requester, action);
  if (isCompleted(record)) throw new ServiceError('ALREADY_COMPLETED', 'This upload is complete already.');
  assertOpen(record);
  return record;
}

/** Its parts are assembled: marked so, or already taken by the processor (whose event may come before the mark). */
function isCompleted(record: UploadRecord): boolean {
  return record.partsCompletedAt !== undefined || record.status === UploadStatus.PROCESSING || record.status === UploadStatus.DONE;
}

function assertOpen(record: UploadRecord): void {
  if (record.status !== UploadStatus.PENDING) throw new ServiceError('UPLOAD_CLOSED', 'This upload was cancelled or has failed; start it again.');
}

/** Exactly the parts 1…partCount, in order, each with an ETag as storage answered it. */
function parseParts(request: unknown, partCount: number): { partNumber: number; etag: string }[] {
  const parts = (request as { parts?: unknown } | null)?.parts;
  if (!Array.isArray(parts) || parts.length > MAX_PARTS) throw new ServiceError('INVALID_REQUEST', '"parts" must list each part: {"partNumber", "etag"}.');
  if (parts.length !== partCount) throw new ServiceError('INVALID_PARTS', `This upload has ${partCount} parts; ${parts.length} were listed.`);
  return parts.map((part: unknown, index) => {
    const { partNumber, etag } = (part ?? {}) as { partNumber?: unknown; etag?: unknown };
    if (partNumber !== index + 1) throw new ServiceError('INVALID_PARTS', `List every part once, in order: part ${index + 1} is missing or out of place.`);
    if (typeof etag !== 'string' || !ETAG.test(etag)) throw new ServiceError('INVALID_PARTS', `Part ${index + 1} has no valid ETag.`);
    return { partNumber, etag: etag.startsWith('"') ? etag : `"${etag}"` };
  });
}
