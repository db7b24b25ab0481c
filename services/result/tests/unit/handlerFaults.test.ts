import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { loadHandler, programmingError, storageTimeout } from '../../../../tests/adapterFaults';

type Handler = { handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> };
const ID = '0b8f6a2e-3c4d-4e5f-8a6b-7c8d9e0f1a2b';
const requests = {
  'GET /result/{id}': { resource: '/result/{id}', pathParameters: { id: ID }, headers: {}, requestContext: { requestId: 'r-1' } },
  'GET /results': { resource: '/results', queryStringParameters: { ids: ID }, headers: {}, requestContext: { requestId: 'r-2' } },
} as unknown as Record<string, APIGatewayProxyEvent>;

describe('the result service’s answer to a fault in its adapters', () => {
  it.each(Object.keys(requests))('%s: 500 INTERNAL, logged as an error, for a programming error in the record reader', async (name) => {
    const { module, dynamo, logs } = loadHandler<Handler>('../services/result/src/handler');
    dynamo.onAnyCommand().rejects(programmingError());
    const response = await module.handler(requests[name]!);
    expect(response.statusCode).toBe(500);
    expect(JSON.parse(response.body).error.code).toBe('INTERNAL');
    expect(logs()).toContainEqual(expect.objectContaining({ level: 'ERROR', code: 'INTERNAL' }));
  });

  it.each(Object.keys(requests))('%s: 503 UNAVAILABLE with Retry-After when the table times out', async (name) => {
    const { module, dynamo } = loadHandler<Handler>('../services/result/src/handler');
    dynamo.onAnyCommand().rejects(storageTimeout());
    const response = await module.handler(requests[name]!);
    expect(response.statusCode).toBe(503);
    expect(response.headers).toMatchObject({ 'Retry-After': '2' });
  });
});
