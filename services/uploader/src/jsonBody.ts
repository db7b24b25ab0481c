import type { APIGatewayProxyEvent } from 'aws-lambda';
import { ServiceError } from '@image-pipeline/service-kit';

/** A JSON request body of at most 16 KB (a declaration, a list of parts is larger: see `maxBytes`). */
export function parseJson(event: Pick<APIGatewayProxyEvent, 'body' | 'isBase64Encoded'>, maxBytes = 16 * 1024): unknown {
  const text = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
  if (text.length > maxBytes) throw new ServiceError('INVALID_REQUEST', 'The request body is too large.');
  try {
    return JSON.parse(text);
  } catch {
    throw new ServiceError('INVALID_REQUEST', 'The request body is not valid JSON.');
  }
}
