/** The public surface of the metadata core: bytes in, typed metadata out. */
export { extractMetadata, DEFAULT_MAX_PIXELS, MAX_METADATA_JSON_BYTES } from './extract';
export {
  detectFormat,
  declaredTypeMatches,
  DETECT_BYTES,
  MIME_TYPES,
  ACCEPTED_MIME_TYPES,
  BIGTIFF_MIME_TYPE,
  RAW_FORMATS,
  VIDEO_FORMATS,
  type DetectedType,
} from './detect';
export { redactMetadata, Redacted, SERIAL_NUMBER_TAGS, OWNER_NAME_TAGS, type RedactOptions } from './redact';
export { bytesSource, countingSource, type ByteSource, type ReadStats } from './readers/byteSource';
export {
  MetadataError,
  MetadataErrorCode,
  UnsupportedTypeError,
  CorruptImageError,
  TooManyPixelsError,
  isMetadataError,
  SUPPORTED_FORMATS_TEXT,
} from './errors';
export type {
  ImageMetadata,
  RefusedMetadata,
  ImageFormat,
  FileInfo,
  ImageInfo,
  CameraInfo,
  CaptureInfo,
  LocationInfo,
  RightsInfo,
  ExifGroups,
  ExifValue,
  ExtractOptions,
  VideoInfo,
} from './types';
