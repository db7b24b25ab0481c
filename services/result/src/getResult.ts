import { createHash } from 'node:crypto';
import {
  isExpired,
  isFinal,
  isUploadId,
  isVisibleTo,
  LIFECYCLE,
  MESSAGES,
  NOT_FOUND,
  resultBody,
  ServiceError,
  type ResultBody,
  type ResultsEntry,
  type UploadRecord,
} from '@image-pipeline/service-kit';
import type { RecordReader, ThumbnailLinker } from './ports';

/** How long a thumbnail link stays valid; answers are cached for far less. */
export const THUMBNAIL_URL_SECONDS = 30 * 60;

export interface ResultAnswer {
  body: ResultBody;
  /** Never changes again (isFinal), so it may be cached. */
  final: boolean;
  etag: string;
}

export interface ResultDeps {
  records: Pick<RecordReader, 'get' | 'getMany'>;
  thumbnails: ThumbnailLinker;
  now(): Date;
}

/**
 * An upload's status and metadata, as the kit's upload lifecycle answers it (expired records are
 * gone, stalled ones FAILED). A store that does not answer fails with StorageUnavailableError, which
 * the handler's one error mapper turns into a 503.
 */
export async function getResult(deps: ResultDeps, id: string, caller: string | null = null): Promise<ResultAnswer> {
  if (!isUploadId(id)) throw new ServiceError('INVALID_ID', MESSAGES.INVALID_ID);
  const now = deps.now();
  const body = visibleBody(await deps.records.get(id), now, caller);
  if (!body) throw new ServiceError(NOT_FOUND.code, NOT_FOUND.message);
  const etag = etagOf(body, now);
  return { body: await withThumbnailUrl(deps.thumbnails, body), final: isFinal(body), etag };
}

/**
 * Several uploads at once (`ids`: up to LIFECYCLE.resultsPerRequest comma-separated lowercase
 * UUIDs), in the order asked, from one batch read: a page with many cards polls with one request per
 * cycle. `final` when no entry can change any more.
 */
export async function getResults(
  deps: ResultDeps,
  ids: string | undefined,
  caller: string | null = null,
): Promise<{ body: { results: ResultsEntry[] }; final: boolean }> {
  const wanted = [
    ...new Set(
      (ids ?? '')
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    ),
  ];
  if (wanted.length === 0 || wanted.length > LIFECYCLE.resultsPerRequest || !wanted.every(isUploadId)) {
    throw new ServiceError('INVALID_ID', `ids must be 1 to ${LIFECYCLE.resultsPerRequest} comma-separated lowercase UUIDs, as returned by POST /upload.`);
  }
  const records = await deps.records.getMany(wanted);
  const now = deps.now();
  const results: ResultsEntry[] = [];
  let final = true;
  for (const id of wanted) {
    const body = visibleBody(records.get(id) ?? null, now, caller);
    results.push(body ? await withThumbnailUrl(deps.thumbnails, body) : { id, error: NOT_FOUND });
    final &&= body ? isFinal(body) : true;
  }
  return { body: { results }, final };
}

/** The answer for a record, or null when there is none (expired, or another owner's: answered as unknown). */
function visibleBody(record: UploadRecord | null, now: Date, caller: string | null): ResultBody | null {
  if (!record || isExpired(record, now) || !isVisibleTo(record, caller)) return null;
  return resultBody(record, now);
}

/** A short-lived link to the upload's thumbnail, when it has one (the batch, the single answer and GET /uploads). */
export async function thumbnailUrl(thumbnails: ThumbnailLinker, visual: UploadRecord['visual']): Promise<string | undefined> {
  return visual && 'thumbnailKey' in visual ? thumbnails.url(visual.thumbnailKey, THUMBNAIL_URL_SECONDS) : undefined;
}

/**
 * The ETag of one answer: it covers the record, not the link (a new signature every time), and
 * turns over with the link's validity so that a revalidated answer never carries an expired link.
 */
function etagOf(body: ResultBody, now: Date): string {
  const linkPeriod = Math.floor(now.getTime() / 1000 / (THUMBNAIL_URL_SECONDS / 2));
  return `"${createHash('sha256').update(JSON.stringify(body)).update(String(linkPeriod)).digest('base64url').slice(0, 27)}"`;
}

async function withThumbnailUrl(thumbnails: ThumbnailLinker, body: ResultBody): Promise<ResultBody> {
  const url = await thumbnailUrl(thumbnails, body.visual);
  if (url) body.thumbnailUrl = url;
  return body;
}
