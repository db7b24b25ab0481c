import { deleteTokenMatches, isUploadId, MESSAGES, NOT_FOUND, ServiceError, thumbnailKey, uploadKey } from '@image-pipeline/service-kit';
import type { ObjectRemover, RecordRemover } from './ports';

const BEARER = /^Bearer\s+([A-Za-z0-9_-]{1,200})\s*$/i;

/**
 * DELETE /result/{id} with `Authorization: Bearer <delete token>`: removes the original, its
 * thumbnail and the record. The objects go first, so a failure half-way can be retried with the
 * same token; the record goes last, after which the processor's conditional writes (which all
 * require the record) can no longer bring it back, and an object arriving later is removed by the
 * processor as an orphan.
 */
export async function deleteUpload(deps: { records: RecordRemover; objects: ObjectRemover }, id: string, authorization: string | undefined): Promise<void> {
  if (!isUploadId(id)) throw new ServiceError('INVALID_ID', MESSAGES.INVALID_ID);
  const token = BEARER.exec(authorization ?? '')?.[1];
  if (!token) throw new ServiceError('UNAUTHORIZED', 'Send the delete token from the upload answer: Authorization: Bearer <token>.');
  const record = await deps.records.get(id);
  if (!record) throw new ServiceError(NOT_FOUND.code, NOT_FOUND.message);
  if (!deleteTokenMatches(token, record.deleteTokenHash)) throw new ServiceError('FORBIDDEN', 'This token does not delete this upload.');
  await deps.objects.remove([uploadKey(id), thumbnailKey(id)]);
  await deps.records.remove(id);
}
