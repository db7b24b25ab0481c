import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import {
  callerOf,
  emptyResponse,
  errorResponse,
  isUploadId,
  jsonResponse,
  Metric,
  MESSAGES,
  newDeleteToken,
  requesterOf,
  ServiceError,
} from '@image-pipeline/service-kit';
import { createDocumentClient, createObservability, createS3Client, instrumented } from '@image-pipeline/service-kit/aws';
import { DynamoUploadStore } from './adapters/dynamoUploadStore';
import { S3MultipartStorage } from './adapters/s3MultipartStorage';
import { readConfig } from './config';
import { parseJsonBody } from './jsonBody';
import { abortMultipart, completeMultipart, signParts, startMultipart, type MultipartDeps } from './multipartUpload';

const config = readConfig();
const observability = createObservability('multipart');
const { logger, measure, captureClient } = observability;
const deps: MultipartDeps = {
  uploads: new DynamoUploadStore(createDocumentClient(config.aws, captureClient), config.tableName),
  storage: new S3MultipartStorage(createS3Client(config.aws, captureClient), config.bucket),
  runtime: { now: () => new Date(), newId: () => randomUUID(), newDeleteToken },
  logger,
  measure,
  config,
};
const cors = { origin: config.corsOrigin };
/** A completion lists up to 10,000 parts of about 60 bytes each. */
const MAX_COMPLETION_BYTES = 1024 * 1024;

/**
 * Multipart uploads, for files above the presigned limit: POST /multipart-uploads, POST
 * /multipart-uploads/{id}/parts, POST /multipart-uploads/{id}/complete, DELETE
 * /multipart-uploads/{id}. Its own function, so that its role alone may abort multipart uploads.
 */
export const handler = instrumented(observability, async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  try {
    const id = event.pathParameters?.id;
    if (id === undefined) {
      const body = await startMultipart(deps, parseJsonBody(event), callerOf(event));
      return jsonResponse(201, body, cors, { Location: body.resultUrl });
    }
    if (!isUploadId(id)) throw new ServiceError('INVALID_ID', MESSAGES.INVALID_ID);
    logger.appendKeys({ uploadId: id });
    const requester = requesterOf(event);
    if (event.httpMethod === 'DELETE') {
      await abortMultipart(deps, id, requester);
      return emptyResponse(204, cors);
    }
    if (event.resource?.endsWith('/parts') || event.path?.endsWith('/parts'))
      return jsonResponse(200, await signParts(deps, id, parseJsonBody(event), requester), cors);
    return jsonResponse(202, await completeMultipart(deps, id, parseJsonBody(event, { maxBytes: MAX_COMPLETION_BYTES }), requester), cors);
  } catch (error) {
    if (error instanceof ServiceError && error.statusCode < 500) measure.record(Metric.uploadsRefused, 1, 'Count', { Code: error.code });
    return errorResponse(error, cors, logger, { requestId: event.requestContext?.requestId });
  }
});
