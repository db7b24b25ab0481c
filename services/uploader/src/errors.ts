/** The uploader's refusals, each with its stable code and HTTP status. */
export const UPLOAD_ERROR_STATUS = {
  MALFORMED_MULTIPART: 400,
  INVALID_REQUEST: 400,
  NO_FILE: 400,
  TOO_MANY_FILES: 400,
  EMPTY_FILE: 400,
  FILE_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNSUPPORTED_TYPE: 415,
  UNAVAILABLE: 503,
} as const;
export type UploadErrorCode = keyof typeof UPLOAD_ERROR_STATUS;

export class UploadError extends Error {
  constructor(
    readonly code: UploadErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'UploadError';
  }

  get statusCode(): number {
    return UPLOAD_ERROR_STATUS[this.code];
  }
}
