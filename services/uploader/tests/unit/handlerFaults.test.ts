import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { loadHandler, programmingError, storageTimeout } from '../../../../tests/adapterFaults';

type Handler = { handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> };
const request = {
  resource: '/upload-url',
  path: '/upload-url',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ filename: 'a.jpg', size: 10, contentType: 'image/jpeg' }),
  isBase64Encoded: false,
  requestContext: { requestId: 'r-1' },
} as unknown as APIGatewayProxyEvent;

describe('the uploader’s answer to a fault in its adapters', () => {
  it('answers 500 INTERNAL, and logs it as an error, for a programming error in the record store', async () => {
    const { module, dynamo, logs } = loadHandler<Handler>('../services/uploader/src/handler');
    dynamo.onAnyCommand().rejects(programmingError());
    const response = await module.handler(request);
    expect(response.statusCode).toBe(500);
    expect(JSON.parse(response.body).error.code).toBe('INTERNAL');
    expect(logs()).toContainEqual(expect.objectContaining({ level: 'ERROR', code: 'INTERNAL', error: expect.stringContaining('TypeError') }));
  });

  it('answers 503 UNAVAILABLE with Retry-After when the record store times out', async () => {
    const { module, dynamo } = loadHandler<Handler>('../services/uploader/src/handler');
    dynamo.onAnyCommand().rejects(storageTimeout());
    const response = await module.handler(request);
    expect(response.statusCode).toBe(503);
    expect(response.headers).toMatchObject({ 'Retry-After': '2' });
    expect(JSON.parse(response.body).error.code).toBe('UNAVAILABLE');
  });
});
