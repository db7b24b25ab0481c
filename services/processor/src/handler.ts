import { createLogger } from '@image-pipeline/service-kit';
import { createDocumentClient, createS3Client } from '@image-pipeline/service-kit/aws';
import { DynamoRecordStore } from './adapters/dynamoRecordStore';
import { S3ObjectReader } from './adapters/s3ObjectReader';
import { S3ThumbnailStore } from './adapters/s3ThumbnailStore';
import { readConfig } from './config';
import { handleS3Event } from './handleS3Event';

export const config = readConfig();
const s3 = createS3Client(config.aws);
/** Built once per container; exported so that a benchmark can decorate them. */
export const deps = {
  objects: new S3ObjectReader(s3, config.bucket),
  thumbnails: new S3ThumbnailStore(s3, config.bucket),
  records: new DynamoRecordStore(createDocumentClient(config.aws), config.tableName),
  logger: createLogger('processor'),
  now: () => new Date(),
  config,
};

/** S3 ObjectCreated under uploads/. */
export const handler = handleS3Event(deps, config);
