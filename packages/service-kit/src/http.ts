import type { APIGatewayProxyResult } from 'aws-lambda';
import { describeError, ServiceError } from './errors';
import type { Logger } from './logger';

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

export function jsonResponse(statusCode: number, body: unknown, cors: CorsConfig, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return {
    statusCode,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'X-Content-Type-Options': 'nosniff', ...corsHeaders(cors), ...headers },
    body: JSON.stringify(body),
  };
}

/**
 * The one error-to-HTTP mapper: a ServiceError shows its code and message with the status and
 * headers its code has (ERROR_STATUS); anything else is logged and answered as a 500 with no internals.
 */
export function errorResponse(error: unknown, cors: CorsConfig, logger: Logger, fields: Record<string, unknown> = {}): APIGatewayProxyResult {
  if (error instanceof ServiceError) {
    if (error.statusCode >= 500) logger.error(error.message, { ...fields, code: error.code, cause: describeError(error.cause) });
    return jsonResponse(error.statusCode, { error: { code: error.code, message: error.message } }, cors, error.headers);
  }
  logger.error('Unhandled error', { ...fields, error: describeError(error) });
  return jsonResponse(500, { error: { code: 'INTERNAL_ERROR', message: 'Something went wrong on our side.' } }, cors);
}
