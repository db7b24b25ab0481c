/** Shared by the three services: configuration helpers, the upload record, HTTP responses, logging. */
export { ConfigError, requireString, positiveInteger, wholeNumber, booleanFlag } from './env';
export { DEFAULT_LIMITS } from './limits';
export {
  UploadStatus,
  UPLOAD_PREFIX,
  isUploadId,
  uploadKey,
  thumbnailKey,
  encodeFilenameMetadata,
  decodeFilenameMetadata,
  type UploadRecord,
  type VisualFeatures,
} from './uploadRecord';
export { newDeleteToken, hashDeleteToken, deleteTokenMatches } from './deleteToken';
export { createLogger, type Logger } from './logger';
export type { UploadAccepted, UploadUrlGranted, ResultBody, ResultsEntry } from './api';
export { jsonResponse, errorResponse, type CorsConfig } from './http';
export { ServiceError, StorageUnavailableError, describeError, type ErrorCode } from './errors';
