/** The AWS side of the kit, for handlers and adapters only: clients from config, SDK error translation, the upload item. */
export { readAwsConfig, createS3Client, createDocumentClient, type AwsConfig } from './awsClients';
export { storageError, translateStorageErrors } from './transientErrors';
export { readUploadRecord, applyTransition, itemAttributes, fromItem, type UploadItem } from './uploadItem';
export { readEventsConfig, createEventPublisher, type EventsConfig } from './eventPublishers';
export { createObservability, instrumented, METRICS_NAMESPACE, type Observability } from './observability';
