/** Shared by the services: configuration helpers, the upload (record, lifecycle, answers), HTTP responses, errors, logging. */
export { ConfigError, requireString, positiveInteger, wholeNumber, booleanFlag, corsOrigin } from './env';
export { DEFAULT_LIMITS } from './limits';
export * from './upload';
export { newDeleteToken, hashDeleteToken, deleteTokenMatches } from './deleteToken';
export { uploadCredential, requireUploadAccess, type UploadCredential, type UploadRequester } from './uploadAccess';
export { type Logger } from './logger';
export { Metric, NO_MEASUREMENTS, NO_TRACING, type Measurements, type MetricUnitName, type Tracing } from './measurements';
export { jsonResponse, emptyResponse, errorResponse, normalizeHeaders, callerOf, requesterOf, type CorsConfig } from './http';
export { publishAfterWrite, type EventPublisher } from './publishEvent';
export { ServiceError, StorageUnavailableError, describeError, MESSAGES, type ErrorCode } from './errors';
