import type { RefusedMetadata } from './types';

/** The formats in words, for every message that refuses a file. */
export const SUPPORTED_FORMATS_TEXT =
  'JPEG, PNG, GIF, WebP, TIFF, BMP, HEIF, AVIF, JPEG XL, a camera RAW (DNG, CR2, CR3, NEF, NRW, ARW, ORF, RW2, PEF, RAF) or a video (MOV, MP4, M4V, 3GP)';

/** Stable codes for everything the extractor refuses. */
export const MetadataErrorCode = {
  UNSUPPORTED_TYPE: 'UNSUPPORTED_TYPE',
  CORRUPT_IMAGE: 'CORRUPT_IMAGE',
  TOO_MANY_PIXELS: 'TOO_MANY_PIXELS',
} as const;
export type MetadataErrorCode = (typeof MetadataErrorCode)[keyof typeof MetadataErrorCode];

/** Base class of the extractor's errors: each carries a stable `code`. */
export class MetadataError extends Error {
  /** What the file still told, when its type was recognised (never for UNSUPPORTED_TYPE). */
  metadata?: RefusedMetadata;

  constructor(
    readonly code: MetadataErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The bytes are not an image format we handle (decided by magic bytes, never by name). */
export class UnsupportedTypeError extends MetadataError {
  constructor(message = `Not a supported image format (${SUPPORTED_FORMATS_TEXT})`) {
    super(MetadataErrorCode.UNSUPPORTED_TYPE, message);
  }
}

/** The header is truncated or inconsistent (for example a zero width). */
export class CorruptImageError extends MetadataError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(MetadataErrorCode.CORRUPT_IMAGE, message, options);
  }
}

/** The header claims more pixels than the configured limit. */
export class TooManyPixelsError extends MetadataError {
  constructor(
    readonly width: number,
    readonly height: number,
    readonly maxPixels: number,
  ) {
    super(
      MetadataErrorCode.TOO_MANY_PIXELS,
      `Image is ${width}x${height} (${((width * height) / 1e6).toFixed(1)} MP), above the limit of ${(maxPixels / 1e6).toFixed(1)} MP`,
    );
  }
}

/** Thrown by the bounds-checked readers; turned into CORRUPT_IMAGE or a warning by callers. */
export class OutOfBoundsError extends Error {
  constructor(offset: number, length: number, size: number) {
    super(`Read of ${length} bytes at offset ${offset} is outside the ${size} bytes available`);
    this.name = 'OutOfBoundsError';
  }
}

/** True for the typed errors of this package. */
export function isMetadataError(error: unknown): error is MetadataError {
  return error instanceof MetadataError;
}
