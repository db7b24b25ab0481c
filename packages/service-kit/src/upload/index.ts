/**
 * The upload: its record, its lifecycle and the API's answers about it, in one browser-safe module
 * (`@image-pipeline/service-kit/upload`; the page imports `isFinal` and the batch size from here).
 * "When is an upload final" is `isFinal` in answer.ts.
 */
export {
  UploadStatus,
  UPLOAD_PREFIX,
  isUploadId,
  uploadKey,
  thumbnailKey,
  encodeFilenameMetadata,
  type UploadRecord,
  type UploadError,
  type VisualFeatures,
} from './record';
export { LIFECYCLE, TRANSITIONS, allows, isExpired, isStalled, processingDeadline, newUpload, type Transition, type TransitionName } from './lifecycle';
export { NOT_FOUND, isFinal, resultBody, acceptedAnswer, type UploadAccepted, type UploadUrlGranted, type ResultBody, type ResultsEntry } from './answer';
