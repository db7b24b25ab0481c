import { createHash } from 'node:crypto';
import { ServiceError, UploadStatus, isUploadId, type ResultBody, type ResultsEntry, type UploadRecord } from '@image-pipeline/service-kit';
import type { RecordReader, ThumbnailLinker } from './ports';

/** How long a thumbnail link stays valid; answers are cached for far less. */
export const THUMBNAIL_URL_SECONDS = 30 * 60;

export interface ResultAnswer {
  body: ResultBody;
  /** FAILED, or DONE with its visual features: never changes again, so it may be cached. */
  final: boolean;
  etag: string;
}

/** Ids per GET /results: one DynamoDB BatchGetItem reads at most 100; a page polls 25 cards at once. */
export const MAX_IDS_PER_REQUEST = 25;

export interface ResultDeps {
  records: RecordReader;
  thumbnails: ThumbnailLinker;
  now(): Date;
}

/**
 * An upload's status and metadata. Records past their TTL are gone even before DynamoDB deletes
 * them; a PENDING or PROCESSING record past its deadline is reported FAILED (STALLED), so no client
 * ever waits for an upload that will not finish.
 */
export async function getResult(deps: ResultDeps, id: string): Promise<ResultAnswer> {
  if (!isUploadId(id)) throw new ServiceError('INVALID_ID', 'The id must be a lowercase UUID, as returned by POST /upload.');
  let record: UploadRecord | null;
  try {
    record = await deps.records.get(id);
  } catch (error) {
    throw unavailable(error);
  }
  const answer = await answerFor(deps, record, deps.now());
  if (!answer) throw new ServiceError(NOT_FOUND.code, NOT_FOUND.message);
  return answer;
}


/**
 * Several uploads at once (`ids`: up to 25 comma-separated lowercase UUIDs), in the order asked,
 * from one batch read: a page with many cards polls with one request per cycle. `final` when no
 * entry can change any more.
 */
export async function getResults(deps: ResultDeps, ids: string | undefined): Promise<{ body: { results: ResultsEntry[] }; final: boolean }> {
  const wanted = [...new Set((ids ?? '').split(',').map((id) => id.trim()).filter(Boolean))];
  if (wanted.length === 0 || wanted.length > MAX_IDS_PER_REQUEST || !wanted.every(isUploadId)) {
    throw new ServiceError('INVALID_ID', `ids must be 1 to ${MAX_IDS_PER_REQUEST} comma-separated lowercase UUIDs, as returned by POST /upload.`);
  }
  let records: Map<string, UploadRecord>;
  try {
    records = await deps.records.getMany(wanted);
  } catch (error) {
    throw unavailable(error);
  }
  const now = deps.now();
  const results: ResultsEntry[] = [];
  let final = true;
  for (const id of wanted) {
    const answer = await answerFor(deps, records.get(id) ?? null, now);
    if (answer) results.push(answer.body);
    else results.push({ id, error: NOT_FOUND });
    final &&= answer?.final ?? true;
  }
  return { body: { results }, final };
}

const NOT_FOUND = { code: 'NOT_FOUND', message: 'No upload has this id (or it has expired).' } as const;

/** The answer for a record, or null when there is none (or it has expired). */
async function answerFor(deps: ResultDeps, record: UploadRecord | null, now: Date): Promise<ResultAnswer | null> {
  if (!record || record.expiresAt * 1000 <= now.getTime()) return null;
  const body = toBody(record, now);
  const final = body.status === UploadStatus.FAILED || (body.status === UploadStatus.DONE && body.visual !== undefined);
  // The ETag covers the record, not the link (a new signature every time), and turns over with
  // the link's validity so that a revalidated answer never carries an expired link.
  const linkPeriod = Math.floor(now.getTime() / 1000 / (THUMBNAIL_URL_SECONDS / 2));
  const etag = `"${createHash('sha256').update(JSON.stringify(body)).update(String(linkPeriod)).digest('base64url').slice(0, 27)}"`;
  if (body.visual && 'thumbnailKey' in body.visual) {
    try {
      body.thumbnailUrl = await deps.thumbnails.url(body.visual.thumbnailKey, THUMBNAIL_URL_SECONDS);
    } catch (error) {
      throw unavailable(error);
    }
  }
  return { body, final, etag };
}

function toBody(record: UploadRecord, now: Date): ResultBody {
  const stalled = (record.status === UploadStatus.PENDING || record.status === UploadStatus.PROCESSING) && record.staleAt !== undefined && Date.parse(record.staleAt) <= now.getTime();
  const body: ResultBody = { id: record.Id, status: record.status, filename: record.filename, uploadedAt: record.uploadedAt };
  if (stalled) {
    body.status = UploadStatus.FAILED;
    body.error =
      record.status === UploadStatus.PENDING
        ? { code: 'UPLOAD_NOT_RECEIVED', message: 'The file never arrived; upload it again.' }
        : { code: 'STALLED', message: 'Processing did not finish; upload the file again.' };
    return body;
  }
  if (record.processedAt) body.processedAt = record.processedAt;
  if (record.metadata) {
    const { warnings, ...metadata } = record.metadata;
    body.metadata = metadata;
    if (warnings?.length) body.warnings = warnings;
  }
  if (record.locationRedacted) body.locationRedacted = true;
  if (record.private) Object.assign(body, { private: true, originalKept: true });
  if (record.redacted?.length || (record.private && record.metadata)) body.redacted = record.redacted ?? [];
  if (record.error) body.error = record.error;
  if (record.visual) body.visual = record.visual;
  return body;
}

/** A storage call failed: the client should come back shortly. */
function unavailable(cause: unknown): ServiceError {
  return new ServiceError('UNAVAILABLE', 'The result could not be read; try again shortly.', { cause });
}
