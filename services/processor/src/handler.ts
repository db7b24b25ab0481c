import { createDocumentClient, createEventPublisher, createObservability, createS3Client, instrumented } from '@image-pipeline/service-kit/aws';
import { DynamoRecordStore } from './adapters/dynamoRecordStore';
import { S3ObjectReader } from './adapters/s3ObjectReader';
import { S3ThumbnailStore } from './adapters/s3ThumbnailStore';
import { readConfig } from './config';
import { handleS3Event, retryingLikeLambda } from './handleS3Event';

export const config = readConfig();
const observability = createObservability('processor');
const { captureClient } = observability;
const s3 = createS3Client(config.aws, captureClient);
/** Built once per container; exported so that a benchmark can decorate them. */
export const deps = {
  objects: new S3ObjectReader(s3, config.bucket),
  thumbnails: new S3ThumbnailStore(s3, config.bucket),
  records: new DynamoRecordStore(createDocumentClient(config.aws, captureClient), config.tableName),
  events: createEventPublisher(config.aws, config.events, captureClient),
  logger: observability.logger,
  measure: observability.measure,
  trace: observability.trace,
  now: () => new Date(),
  config,
};

/** One delivery of an S3 ObjectCreated event under uploads/: what Lambda runs, once per attempt. */
export const processEvent = handleS3Event(deps, config);
/** The function's handler, instrumented (logs, metrics, traces); on the local stack it also retries, as Lambda would. */
export const handler = instrumented(observability, config.aws.local ? retryingLikeLambda(processEvent, config.maxAttempts - 1) : processEvent);
