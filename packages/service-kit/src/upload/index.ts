/**
 * The upload: its record, its lifecycle, the API's answers and the events about it, in one
 * browser-safe module (`@image-pipeline/service-kit/upload`; the page imports `isFinal` and the
 * batch size from here). "When is an upload final" is `isFinal` in answer.ts.
 */
export {
  UploadStatus,
  UPLOAD_PREFIX,
  isUploadId,
  uploadKey,
  thumbnailKey,
  encodeFilenameMetadata,
  type UploadRecord,
  type MultipartParts,
  type UploadError,
  type VisualFeatures,
} from './record';
export {
  LIFECYCLE,
  TRANSITIONS,
  allows,
  isExpired,
  isStalled,
  isVisibleTo,
  processingDeadline,
  newUpload,
  type Transition,
  type TransitionName,
} from './lifecycle';
export {
  NOT_FOUND,
  isFinal,
  resultBody,
  acceptedAnswer,
  type UploadAccepted,
  type UploadUrlGranted,
  type MultipartStarted,
  type MultipartPartUrls,
  type ResultBody,
  type ResultsEntry,
} from './answer';
export { listItem, encodeCursor, decodeCursor, type UploadList, type UploadListItem, type ListPosition } from './listing';
export { UPLOAD_EVENT_SOURCE, UploadEventType, uploadEvent, type UploadEvent, type UploadEventDetail } from './events';
