import { createHash } from 'node:crypto';
import { decodeCursor, encodeCursor, isExpired, LIFECYCLE, listItem, MESSAGES, ServiceError, type UploadList } from '@image-pipeline/service-kit';
import type { RecordReader, ThumbnailLinker } from './ports';
import { thumbnailUrl } from './getResult';

export interface ListUploadsDeps {
  records: Pick<RecordReader, 'listByOwner'>;
  thumbnails: ThumbnailLinker;
  now(): Date;
}

/** Whose listing a cursor belongs to, without naming the owner in it. */
const fingerprint = (owner: string) => createHash('sha256').update(`uploads-cursor:${owner}`).digest('base64url').slice(0, 16);

/**
 * GET /uploads: the caller's uploads, newest first, `limit` a page (1 to 100, default 25), from a
 * Query on the owner index (never a Scan). The cursor is opaque; one that is malformed, made up, or
 * another caller's is a 400 INVALID_CURSOR. Anonymous callers (AUTH_MODE=none) are 401.
 */
export async function listUploads(deps: ListUploadsDeps, caller: string | null, query: { limit?: string; cursor?: string }): Promise<UploadList> {
  if (!caller) throw new ServiceError('AUTH_REQUIRED', `${MESSAGES.AUTH_REQUIRED} GET /uploads lists the uploads of a signed-in caller.`);
  const limit = query.limit === undefined ? LIFECYCLE.uploadsPerPage : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > LIFECYCLE.maxUploadsPerPage) {
    throw new ServiceError('INVALID_REQUEST', `limit must be a whole number from 1 to ${LIFECYCLE.maxUploadsPerPage}.`);
  }
  const owner = fingerprint(caller);
  const after = query.cursor === undefined ? null : decodeCursor(query.cursor, owner);
  if (query.cursor !== undefined && !after)
    throw new ServiceError('INVALID_CURSOR', 'The cursor is not one that GET /uploads gave you: start again without it.');
  const page = await deps.records.listByOwner(caller, limit, after);
  const now = deps.now();
  const uploads = await Promise.all(
    page.records
      .filter((record) => !isExpired(record, now))
      .map(async (record) => {
        const item = listItem(record);
        const url = await thumbnailUrl(deps.thumbnails, record.visual);
        if (url) item.thumbnailUrl = url;
        return item;
      }),
  );
  return { uploads, nextCursor: page.last ? encodeCursor(page.last, owner) : null };
}
