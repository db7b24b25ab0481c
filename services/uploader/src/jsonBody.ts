import type { APIGatewayProxyEvent } from 'aws-lambda';
import { normalizeHeaders, ServiceError } from '@image-pipeline/service-kit';

/**
 * A JSON request body: sent as application/json (else 415), at most `maxBytes` (16 KB: a
 * declaration; a list of parts is larger), and valid JSON. `shape` names what to send.
 */
export function parseJsonBody(
  event: Pick<APIGatewayProxyEvent, 'body' | 'isBase64Encoded' | 'headers'>,
  options: { maxBytes?: number; shape?: string } = {},
): unknown {
  if (!/^application\/json\s*(;|$)/i.test(normalizeHeaders(event.headers)['content-type'] ?? ''))
    throw new ServiceError('UNSUPPORTED_MEDIA_TYPE', `Send a JSON body${options.shape ? `: ${options.shape}` : ''}.`);
  const text = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
  if (text.length > (options.maxBytes ?? 16 * 1024)) throw new ServiceError('INVALID_REQUEST', 'The request body is too large.');
  try {
    return JSON.parse(text);
  } catch {
    throw new ServiceError('INVALID_REQUEST', 'The request body is not valid JSON.');
  }
}
