import type { APIGatewayProxyResult } from 'aws-lambda';
import { describeError, MESSAGES, ServiceError, StorageUnavailableError, ERROR_HEADERS } from './errors';
import type { Logger } from './logger';
import type { UploadRequester } from './uploadAccess';

export interface CorsConfig {
  /** The web page's origin, or `*`. */
  origin: string;
}

export function corsHeaders(cors: CorsConfig): Record<string, string> {
  return {
    'Access-Control-Allow-Origin': cors.origin,
    'Access-Control-Expose-Headers': 'Location, Retry-After, ETag',
    ...(cors.origin !== '*' && { Vary: 'Origin' }),
  };
}

/**
 * A request's headers with lower-case names, in one step before any handler code reads them
 * (API Gateway passes them as the client sent them). A repeated header keeps its last value.
 */
export function normalizeHeaders(headers: Record<string, string | undefined> | null | undefined): Record<string, string> {
  const normalized: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) if (value !== undefined) normalized[name.toLowerCase()] = value;
  return normalized;
}

/**
 * Who is calling: the `sub` of the caller's token, as the API's Lambda authorizer passed it on
 * (`requestContext.authorizer.principalId`), or null when the API takes anonymous requests.
 */
export function callerOf(event: { requestContext?: { authorizer?: { principalId?: unknown } | null } | null }): string | null {
  const principal = event.requestContext?.authorizer?.principalId;
  return typeof principal === 'string' && principal.length > 0 ? principal : null;
}

/** Who sends a request that changes an upload: its caller, and its Authorization header (a delete token). */
export function requesterOf(event: Parameters<typeof callerOf>[0] & { headers?: Record<string, string | undefined> | null }): UploadRequester {
  return { caller: callerOf(event), authorization: normalizeHeaders(event.headers).authorization };
}

export function jsonResponse(statusCode: number, body: unknown, cors: CorsConfig, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return {
    statusCode,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'X-Content-Type-Options': 'nosniff', ...corsHeaders(cors), ...headers },
    body: JSON.stringify(body),
  };
}

/** An answer without a body: 204 No Content, 304 Not Modified. */
export function emptyResponse(statusCode: 204 | 304, cors: CorsConfig, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return { statusCode, headers: { 'X-Content-Type-Options': 'nosniff', ...corsHeaders(cors), ...headers }, body: '' };
}

/**
 * The one error-to-HTTP mapper: a ServiceError shows its code and message with the status and
 * headers its code has (ERROR_STATUS); a store that did not answer (StorageUnavailableError, which
 * adapters throw) is a 503 UNAVAILABLE with Retry-After; anything else is a bug, logged as one and
 * answered as a 500 INTERNAL with no internals.
 */
export function errorResponse(error: unknown, cors: CorsConfig, logger: Logger, fields: Record<string, unknown> = {}): APIGatewayProxyResult {
  if (error instanceof ServiceError) {
    if (error.statusCode >= 500) logger.error(error.message, { ...fields, code: error.code, cause: describeError(error.cause) });
    return jsonResponse(error.statusCode, { error: { code: error.code, message: error.message } }, cors, error.headers);
  }
  if (error instanceof StorageUnavailableError) {
    logger.warn('Storage unavailable', { ...fields, code: 'UNAVAILABLE', cause: describeError(error) });
    return jsonResponse(503, { error: { code: 'UNAVAILABLE', message: MESSAGES.UNAVAILABLE } }, cors, ERROR_HEADERS.UNAVAILABLE);
  }
  logger.error('Unhandled error', { ...fields, code: 'INTERNAL', error: describeError(error) });
  return jsonResponse(500, { error: { code: 'INTERNAL', message: MESSAGES.INTERNAL } }, cors);
}
