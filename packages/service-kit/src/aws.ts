/** The AWS side of the kit, for handlers and adapters only: clients from config, SDK error translation, the record table. */
export { readAwsConfig, createS3Client, createDocumentClient, type AwsConfig } from './awsClients';
export { storageError, translateStorageErrors } from './transientErrors';
export { readUploadRecord } from './uploadRecordTable';
