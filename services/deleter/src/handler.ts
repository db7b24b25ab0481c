import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { callerOf, createLogger, emptyResponse, errorResponse, normalizeHeaders } from '@image-pipeline/service-kit';
import { createDocumentClient, createEventPublisher, createS3Client } from '@image-pipeline/service-kit/aws';
import { DynamoRecordRemover } from './adapters/dynamoRecordRemover';
import { S3ObjectRemover } from './adapters/s3ObjectRemover';
import { readConfig } from './config';
import { deleteUpload } from './deleteUpload';

const config = readConfig();
const logger = createLogger('deleter');
const deps = {
  records: new DynamoRecordRemover(createDocumentClient(config.aws), config.tableName),
  objects: new S3ObjectRemover(createS3Client(config.aws), config.bucket),
  events: createEventPublisher(config.aws, config.events),
  logger,
};
const cors = { origin: config.corsOrigin };

/** DELETE /result/{id}: its own function, so that its role alone may delete. */
export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const id = event.pathParameters?.id ?? '';
  try {
    await deleteUpload(deps, id, { authorization: normalizeHeaders(event.headers).authorization, caller: callerOf(event) });
    logger.info('Upload deleted', { id });
    return emptyResponse(204, cors);
  } catch (error) {
    return errorResponse(error, cors, logger, { requestId: event.requestContext?.requestId, id });
  }
}
