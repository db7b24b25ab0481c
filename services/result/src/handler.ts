import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { callerOf, emptyResponse, errorResponse, jsonResponse, normalizeHeaders } from '@image-pipeline/service-kit';
import { createDocumentClient, createObservability, createS3Client, instrumented } from '@image-pipeline/service-kit/aws';
import { DynamoRecords } from './adapters/dynamoRecords';
import { S3ThumbnailLinker } from './adapters/s3ThumbnailLinker';
import { readConfig } from './config';
import { getResult, getResults } from './getResult';
import { listUploads } from './listUploads';

const config = readConfig();
const observability = createObservability('result');
const { logger, captureClient } = observability;
const deps = {
  records: new DynamoRecords(createDocumentClient(config.aws, captureClient), config.tableName),
  thumbnails: new S3ThumbnailLinker(createS3Client(config.aws, captureClient), config.bucket),
  now: () => new Date(),
};
const cors = { origin: config.corsOrigin };
/** Until an answer is final the client should come back; after that it may cache it. */
const notFinal = { 'Cache-Control': 'no-store', 'Retry-After': '1' };

/** GET /result/{id}, GET /results?ids=… and GET /uploads (another owner's upload is answered as an unknown id). */
export const handler = instrumented(observability, async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  try {
    const caller = callerOf(event);
    if (event.pathParameters?.id) logger.appendKeys({ uploadId: event.pathParameters.id });
    if (event.resource === '/uploads') {
      return jsonResponse(200, await listUploads(deps, caller, event.queryStringParameters ?? {}), cors, { 'Cache-Control': 'no-store' });
    }
    if (event.resource === '/results') {
      const answer = await getResults(deps, event.queryStringParameters?.ids, caller);
      return jsonResponse(200, answer.body, cors, answer.final ? { 'Cache-Control': 'no-store' } : notFinal);
    }
    const answer = await getResult(deps, event.pathParameters?.id ?? '', caller);
    logger.info('Result served', { status: answer.body.status, final: answer.final });
    const caching: Record<string, string> = answer.final ? { 'Cache-Control': 'private, max-age=60', ETag: answer.etag } : notFinal;
    const ifNoneMatch = normalizeHeaders(event.headers)['if-none-match'];
    if (answer.final && ifNoneMatch?.split(',').some((tag) => tag.trim() === answer.etag)) return emptyResponse(304, cors, caching);
    return jsonResponse(200, answer.body, cors, caching);
  } catch (error) {
    return errorResponse(error, cors, logger, { requestId: event.requestContext?.requestId });
  }
});
