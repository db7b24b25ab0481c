import { createLogger } from '@image-pipeline/service-kit';
import { createDocumentClient, createS3Client } from '@image-pipeline/service-kit/aws';
import { DynamoRecordStore } from './adapters/dynamoRecordStore';
import { S3ObjectReader } from './adapters/s3ObjectReader';
import { readConfig } from './config';
import { processUpload, TransientProcessingError } from './processUpload';
import { uploadIdsFromEvent } from './s3EventKeys';

const config = readConfig();
const logger = createLogger('processor');
const objects = new S3ObjectReader(createS3Client(config.aws), config.bucket, config.readWholeObject);
const deps = {
  objects,
  thumbnails: objects,
  records: new DynamoRecordStore(createDocumentClient(config.aws), config.tableName),
  logger,
  now: () => new Date(),
  config,
};

/** S3 ObjectCreated under uploads/: processes every record; rethrows if any failed transiently. */
export async function handler(event: Parameters<typeof uploadIdsFromEvent>[0]): Promise<void> {
  const { ids, ignored } = uploadIdsFromEvent(event, { urlEncoded: config.eventKeysUrlEncoded });
  if (ignored > 0 || event.Event === 's3:TestEvent') logger.info('Event records ignored', { ignored, testEvent: event.Event === 's3:TestEvent' });
  const transient: TransientProcessingError[] = [];
  for (const id of ids) {
    const started = Date.now();
    try {
      const result = await processUpload(deps, id);
      logger.info('Upload processed', { ...result, durationMs: Date.now() - started });
    } catch (error) {
      if (!(error instanceof TransientProcessingError)) throw error;
      logger.error('Upload processing failed transiently; Lambda will retry', { id, outcome: 'RETRY', durationMs: Date.now() - started, cause: String(error.cause) });
      transient.push(error);
    }
  }
  if (transient.length) throw new AggregateError(transient, `Transient failures for uploads ${transient.map((e) => e.id).join(', ')}`);
}
