import {
  isUploadId,
  MESSAGES,
  publishAfterWrite,
  requireUploadAccess,
  uploadCredential,
  ServiceError,
  thumbnailKey,
  uploadEvent,
  UploadEventType,
  uploadKey,
  type EventPublisher,
  type Logger,
  type Measurements,
  Metric,
  type UploadRequester,
} from '@image-pipeline/service-kit';
import type { ObjectRemover, RecordRemover } from './ports';

export interface DeleteUploadDeps {
  records: RecordRemover;
  objects: ObjectRemover;
  events: EventPublisher;
  logger: Logger;
  measure: Measurements;
}

/**
 * DELETE /result/{id}: removes the original, its thumbnail and the record, then publishes "Upload
 * Deleted". Who may: with AUTH_MODE=jwt the signed-in owner (`caller`, from the authorizer), and
 * another owner's upload is answered as an unknown id; anonymously, the holder of the upload's delete
 * token (`Authorization: Bearer <delete token>`). The objects go first, so a failure half-way can be
 * retried; the record goes last, after which the processor's conditional writes (which all require
 * the record) can no longer bring it back, and an object arriving later is removed by the processor
 * as an orphan.
 */
export async function deleteUpload(deps: DeleteUploadDeps, id: string, requester: UploadRequester): Promise<void> {
  if (!isUploadId(id)) throw new ServiceError('INVALID_ID', MESSAGES.INVALID_ID);
  const credential = uploadCredential(requester, 'delete it');
  const record = requireUploadAccess(await deps.records.get(id), credential);
  await deps.objects.remove([uploadKey(id), thumbnailKey(id)]);
  await deps.records.remove(id);
  deps.logger.info('Upload deleted');
  deps.measure.record(Metric.uploadsDeleted, 1, 'Count');
  await publishAfterWrite(deps, uploadEvent(UploadEventType.deleted, record));
}
