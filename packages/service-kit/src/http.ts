import type { APIGatewayProxyResult } from 'aws-lambda';
import type { Logger } from './logger';

/** An error a client caused or may retry: shown with its code, message and status. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    options?: { cause?: unknown; headers?: Record<string, string> },
  ) {
    super(message, options);
    this.name = 'HttpError';
    this.headers = options?.headers ?? {};
  }

  readonly headers: Record<string, string>;
}

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
 * The one error-to-HTTP mapper: an HttpError shows its code and message; anything else is logged
 * and answered as a 500 with no internals.
 */
export function errorResponse(error: unknown, cors: CorsConfig, logger: Logger, fields: Record<string, unknown> = {}): APIGatewayProxyResult {
  if (error instanceof HttpError) {
    if (error.statusCode >= 500) logger.error(error.message, { ...fields, code: error.code, cause: describe(error.cause) });
    return jsonResponse(error.statusCode, { error: { code: error.code, message: error.message } }, cors, error.headers);
  }
  logger.error('Unhandled error', { ...fields, error: describe(error) });
  return jsonResponse(500, { error: { code: 'INTERNAL_ERROR', message: 'Something went wrong on our side.' } }, cors);
}

function describe(error: unknown): string | undefined {
  if (error === undefined) return undefined;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
