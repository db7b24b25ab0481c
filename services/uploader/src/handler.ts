import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { callerOf, errorResponse, jsonResponse, Metric, newDeleteToken, normalizeHeaders, ServiceError } from '@image-pipeline/service-kit';
import { createDocumentClient, createEventPublisher, createObservability, createS3Client, instrumented } from '@image-pipeline/service-kit/aws';
import { acceptUpload } from './acceptUpload';
import { DynamoUploadStore } from './adapters/dynamoUploadStore';
import { S3ObjectStore } from './adapters/s3ObjectStore';
import { S3UploadUrlSigner } from './adapters/s3UploadUrlSigner';
import { readConfig } from './config';
import { createUploadUrl } from './createUploadUrl';
import { parseJsonBody } from './jsonBody';
import { parseMultipart } from './parseMultipart';

const config = readConfig();
const observability = createObservability('uploader');
const { logger, measure, captureClient } = observability;
const s3 = createS3Client(config.aws, captureClient);
const uploads = new DynamoUploadStore(createDocumentClient(config.aws, captureClient), config.tableName);
const runtime = { now: () => new Date(), newId: () => randomUUID(), newDeleteToken };
const cors = { origin: config.corsOrigin };
const common = { uploads, runtime, logger, measure, config };
const objects = new S3ObjectStore(s3, config.bucket);
const events = createEventPublisher(config.aws, config.events, captureClient);
const signer = new S3UploadUrlSigner(s3, config.bucket);

/** POST /upload (multipart) and POST /upload-url (JSON). */
export const handler = instrumented(observability, async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const requestId = event.requestContext?.requestId;
  try {
    if (event.path?.endsWith('/upload-url') || event.resource === '/upload-url') {
      const request = parseJsonBody(event, { shape: '{"filename", "size", "contentType"}' });
      const body = await createUploadUrl({ ...common, signer }, request, callerOf(event));
      return jsonResponse(201, body, cors, { Location: body.resultUrl });
    }
    const contentType = normalizeHeaders(event.headers)['content-type'];
    const file = await parseMultipart({ contentType, body: event.body, isBase64Encoded: event.isBase64Encoded }, { maxFileBytes: config.maxUploadBytes });
    const body = await acceptUpload({ ...common, objects, events }, file, callerOf(event));
    return jsonResponse(202, body, cors, { Location: body.resultUrl });
  } catch (error) {
    if (error instanceof ServiceError && error.statusCode < 500) measure.record(Metric.uploadsRefused, 1, 'Count', { Code: error.code });
    return errorResponse(error, cors, logger, { requestId });
  }
});
