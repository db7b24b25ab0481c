import type { UploadRecord } from './record';

/**
 * The completion events the pipeline publishes (Amazon EventBridge deployed, a local file under
 * serverless-offline), one per final transition. Their JSON Schemas are in events/ at the
 * repository's root. Consumers dedupe on `detail.id` + `detail-type`: a retried step may publish
 * one again.
 */
export const UPLOAD_EVENT_SOURCE = 'image-metadata-pipeline';

export const UploadEventType = {
  processed: 'Upload Processed',
  failed: 'Upload Failed',
  deleted: 'Upload Deleted',
} as const;
export type UploadEventType = (typeof UploadEventType)[keyof typeof UploadEventType];

/**
 * What an event tells: never the location or a serial number, and of a private upload nothing
 * beyond what its answer shows.
 */
export interface UploadEventDetail {
  id: string;
  owner: string | null;
  status: 'DONE' | 'FAILED' | 'DELETED';
  filename: string;
  format: string | null;
  mimeType: string;
  size: number;
  width: number | null;
  height: number | null;
  camera: { make: string | null; model: string | null } | null;
  capturedAt: string | null;
  thumbnailKey: string | null;
  errorCode: string | null;
}

export interface UploadEvent {
  source: typeof UPLOAD_EVENT_SOURCE;
  detailType: UploadEventType;
  detail: UploadEventDetail;
}

const STATUS_OF: Record<UploadEventType, UploadEventDetail['status']> = { 'Upload Processed': 'DONE', 'Upload Failed': 'FAILED', 'Upload Deleted': 'DELETED' };

/** The event for a record that has just reached a final state (as written: status, error, visual). */
export function uploadEvent(detailType: UploadEventType, record: UploadRecord): UploadEvent {
  const m = record.metadata;
  const visual = record.visual;
  return {
    source: UPLOAD_EVENT_SOURCE,
    detailType,
    detail: {
      id: record.id,
      owner: record.owner ?? null,
      status: STATUS_OF[detailType],
      filename: record.filename,
      format: m?.file.format ?? record.error?.metadata?.file.format ?? null,
      mimeType: m?.file.mimeType ?? record.mimeType,
      size: m?.file.size ?? record.size,
      width: m?.image.displayWidth ?? null,
      height: m?.image.displayHeight ?? null,
      camera: m ? { make: m.camera.make, model: m.camera.model } : null,
      capturedAt: m?.capture.dateTimeOriginal ?? null,
      thumbnailKey: visual && 'thumbnailKey' in visual ? visual.thumbnailKey : null,
      errorCode: record.error?.code ?? null,
    },
  };
}
