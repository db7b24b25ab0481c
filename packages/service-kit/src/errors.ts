/**
 * The services' one error model: use cases throw a ServiceError with a stable code; the one table
 * below gives each code its HTTP status and any header a client needs to act on it.
 */
export const ERROR_STATUS = {
  INVALID_ID: 400,
  INVALID_REQUEST: 400,
  MALFORMED_MULTIPART: 400,
  NO_FILE: 400,
  TOO_MANY_FILES: 400,
  EMPTY_FILE: 400,
  INVALID_CURSOR: 400,
  INVALID_PARTS: 400,
  UNAUTHORIZED: 401,
  AUTH_REQUIRED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ALREADY_COMPLETED: 409,
  UPLOAD_CLOSED: 409,
  FILE_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNSUPPORTED_TYPE: 415,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

/** Headers that come with a code: when to come back, how to authenticate. */
export const ERROR_HEADERS: Partial<Record<ErrorCode, Record<string, string>>> = {
  UNAVAILABLE: { 'Retry-After': '2' },
  UNAUTHORIZED: { 'WWW-Authenticate': 'Bearer' },
  AUTH_REQUIRED: { 'WWW-Authenticate': 'Bearer' },
};

/** The one wording of the refusals that several services give. */
export const MESSAGES = {
  INVALID_ID: 'The id must be a lowercase UUID, as returned by POST /upload.',
  UNAVAILABLE: 'The service is busy or a store did not answer; try again shortly.',
  INTERNAL: 'Something went wrong on our side; it has been logged.',
  AUTH_REQUIRED: 'Sign in: send a valid bearer token (Authorization: Bearer <token>).',
} as const;

/** A refusal or a passing failure a client should see: its code and message are shown as they are. */
export class ServiceError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ServiceError';
  }

  get statusCode(): number {
    return ERROR_STATUS[this.code];
  }

  get headers(): Record<string, string> {
    return ERROR_HEADERS[this.code] ?? {};
  }
}

/** An error as one log field: its name, message and the first lines of its stack (never file contents). */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return (error.stack ?? `${error.name}: ${error.message}`).split('\n').slice(0, 4).join('\n');
}

/**
 * A storage call (S3, DynamoDB) failed in a way worth retrying: throttling, a server error, the
 * network, a timeout. Adapters throw it; use cases need not know the SDK's error shapes.
 */
export class StorageUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageUnavailableError';
  }
}
