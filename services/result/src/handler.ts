import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { createLogger, errorResponse, jsonResponse } from '@image-pipeline/service-kit';
import { createDocumentClient, createS3Client } from '@image-pipeline/service-kit/aws';
import { DynamoRecordReader } from './adapters/dynamoRecordReader';
import { S3ThumbnailLinker } from './adapters/s3ThumbnailLinker';
import { readConfig } from './config';
import { getResult } from './getResult';

const config = readConfig();
const logger = createLogger('result');
const deps = {
  records: new DynamoRecordReader(createDocumentClient(config.aws), config.tableName),
  thumbnails: new S3ThumbnailLinker(createS3Client(config.aws), config.bucket),
  now: () => new Date(),
};
const cors = { origin: config.corsOrigin };

/** GET /result/{id}. */
export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  try {
    const answer = await getResult(deps, event.pathParameters?.id ?? '');
    const caching: Record<string, string> = answer.final
      ? { 'Cache-Control': 'private, max-age=60', ETag: answer.etag }
      : { 'Cache-Control': 'no-store', 'Retry-After': '1' };
    const ifNoneMatch = Object.entries(event.headers ?? {}).find(([key]) => key.toLowerCase() === 'if-none-match')?.[1];
    if (answer.final && ifNoneMatch && ifNoneMatch.split(',').some((tag) => tag.trim() === answer.etag)) {
      return { ...jsonResponse(304, null, cors, caching), body: '' };
    }
    return jsonResponse(200, answer.body, cors, caching);
  } catch (error) {
    return errorResponse(error, cors, logger, { requestId: event.requestContext?.requestId });
  }
}
