import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { emptyResponse, errorResponse, requesterOf } from '@image-pipeline/service-kit';
import { createDocumentClient, createEventPublisher, createObservability, createS3Client, instrumented } from '@image-pipeline/service-kit/aws';
import { DynamoRecordRemover } from './adapters/dynamoRecordRemover';
import { S3ObjectRemover } from './adapters/s3ObjectRemover';
import { readConfig } from './config';
import { deleteUpload } from './deleteUpload';

const config = readConfig();
const observability = createObservability('deleter');
const { logger, measure, captureClient } = observability;
const deps = {
  records: new DynamoRecordRemover(createDocumentClient(config.aws, captureClient), config.tableName),
  objects: new S3ObjectRemover(createS3Client(config.aws, captureClient), config.bucket),
  events: createEventPublisher(config.aws, config.events, captureClient),
  logger,
  measure,
};
const cors = { origin: config.corsOrigin };

/** DELETE /result/{id}: its own function, so that its role alone may delete. */
export const handler = instrumented(observability, async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const id = event.pathParameters?.id ?? '';
  logger.appendKeys({ uploadId: id });
  try {
    await deleteUpload(deps, id, requesterOf(event));
    return emptyResponse(204, cors);
  } catch (error) {
    return errorResponse(error, cors, logger, { requestId: event.requestContext?.requestId });
  }
});
