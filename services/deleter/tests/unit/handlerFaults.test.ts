import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { hashDeleteToken } from '@image-pipeline/service-kit';
import { loadHandler, programmingError, storageTimeout } from '../../../../tests/adapterFaults';

type Handler = { handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> };
const ID = '0b8f6a2e-3c4d-4e5f-8a6b-7c8d9e0f1a2b';
const TOKEN = 'the-delete-token';
const request = {
  resource: '/result/{id}',
  httpMethod: 'DELETE',
  pathParameters: { id: ID },
  headers: { AUTHORIZATION: `Bearer ${TOKEN}` },
  requestContext: { requestId: 'r-1' },
} as unknown as APIGatewayProxyEvent;
const item = {
  Id: ID,
  status: 'DONE',
  filename: 'a.jpg',
  size: 1,
  mimeType: 'image/jpeg',
  uploadedAt: 'x',
  expiresAt: 2_000_000_000,
  deleteTokenHash: hashDeleteToken(TOKEN),
};

describe('the deleter’s answer to a fault in its adapters', () => {
  it('answers 500 INTERNAL, and logs it as an error, for a programming error in the object remover', async () => {
    const { module, dynamo, s3, logs } = loadHandler<Handler>('../services/deleter/src/handler');
    dynamo.on(GetCommand).resolves({ Item: item });
    s3.onAnyCommand().rejects(programmingError());
    const response = await module.handler(request);
    expect(response.statusCode).toBe(500);
    expect(JSON.parse(response.body).error.code).toBe('INTERNAL');
    expect(logs()).toContainEqual(expect.objectContaining({ level: 'ERROR', code: 'INTERNAL' }));
  });

  it('answers 503 UNAVAILABLE with Retry-After when the table times out', async () => {
    const { module, dynamo } = loadHandler<Handler>('../services/deleter/src/handler');
    dynamo.onAnyCommand().rejects(storageTimeout());
    const response = await module.handler(request);
    expect(response.statusCode).toBe(503);
    expect(response.headers).toMatchObject({ 'Retry-After': '2' });
  });

  it('reads the Authorization header whatever its case (headers are normalised once)', async () => {
    const { module, dynamo, s3 } = loadHandler<Handler>('../services/deleter/src/handler');
    dynamo.on(GetCommand).resolves({ Item: item });
    dynamo.onAnyCommand().resolves({});
    dynamo.on(GetCommand).resolves({ Item: item });
    s3.onAnyCommand().resolves({});
    expect((await module.handler(request)).statusCode).toBe(204);
  });
});
