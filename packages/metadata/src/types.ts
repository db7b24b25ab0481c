import type { DateTimeSource, OffsetSource } from './captureTime';

/** The image formats the extractor handles. */
export const ImageFormat = {
  jpeg: 'jpeg',
  png: 'png',
  gif: 'gif',
  webp: 'webp',
  tiff: 'tiff',
  bmp: 'bmp',
  heif: 'heif',
  avif: 'avif',
  jxl: 'jxl',
  // Camera RAW files, named as ExifTool names them (its FileType, lower case).
  dng: 'dng',
  cr2: 'cr2',
  nef: 'nef',
  nrw: 'nrw',
  arw: 'arw',
  orf: 'orf',
  rw2: 'rw2',
  pef: 'pef',
  cr3: 'cr3',
  raf: 'raf',
  // Videos as cameras and phones write them (QuickTime / ISO BMFF).
  mov: 'mov',
  mp4: 'mp4',
  m4v: 'm4v',
  '3gp': '3gp',
  '3g2': '3g2',
} as const;
export type ImageFormat = (typeof ImageFormat)[keyof typeof ImageFormat];

export interface FileInfo {
  size: number;
  mimeType: string;
  format: ImageFormat;
}

export interface ImageInfo {
  /** Stored pixel size, as the container says; orientation not applied. */
  width: number;
  height: number;
  /** EXIF Orientation as found (1–8; other values kept as they are), or null. */
  orientation: number | null;
  /** Size as displayed: swapped for EXIF orientation 5–8, or for HEIF/AVIF an `irot` of 90° or 270°. */
  displayWidth: number;
  displayHeight: number;
  /** HEIF/AVIF `irot` in degrees anticlockwise, or a video track's rotation in degrees clockwise (0, 90, 180, 270). */
  rotation?: number;
  bitDepth?: number;
  hasAlpha?: boolean;
  animated?: boolean;
  frameCount?: number;
  /** EXIF ColorSpace: sRGB, Adobe RGB or Uncalibrated. */
  colorSpace?: string | null;
  iccProfileDescription?: string | null;
  /**
   * A camera RAW's largest embedded JPEG preview: where it lies in the file, so that a thumbnail
   * costs one ranged read of it rather than the whole RAW.
   */
  embeddedPreview?: { offset: number; length: number };
}

/** What a video's movie and video-track headers say; null for a still image. */
export interface VideoInfo {
  /** The movie header's duration, in seconds. */
  durationSeconds: number | null;
  /** The video track's sample format (ExifTool's CompressorID): avc1, hvc1, mp4v, jpeg… */
  codec: string | null;
  /** Frames per second, averaged over the video track's time-to-sample table. */
  frameRate: number | null;
}

export interface CameraInfo {
  make: string | null;
  model: string | null;
  /** EXIF LensModel; else XMP's lens; else the maker note's lens text; else the lens specification ("18-55mm f/3.5-5.6"). */
  lensModel: string | null;
  /** Which of those gave `lensModel`. */
  lensSource?: 'exif' | 'xmp' | 'makernote' | 'specification' | null;
  /** EXIF BodySerialNumber; else the maker note's; else XMP aux:SerialNumber. */
  serialNumber?: string | null;
  serialNumberSource?: 'exif' | 'makernote' | 'xmp' | null;
  software: string | null;
}

export interface CaptureInfo {
  /**
   * Camera wall-clock time, `YYYY-MM-DDTHH:MM:SS` with the sub-seconds when recorded
   * (`.54`, ExifTool's SubSecDateTimeOriginal), never converted to UTC.
   */
  dateTimeOriginal: string | null;
  /** The tag it came from: DateTimeOriginal, else CreateDate, XMP:DateCreated, GPSDateTime (a movie: QuickTime:CreationDate or QuickTime:CreateDate). */
  dateTimeSource?: DateTimeSource | null;
  /** For example `+02:00`. */
  offsetTimeOriginal?: string | null;
  /** exif (OffsetTimeOriginal, or OffsetTimeDigitized for CreateDate), gps (derived from the GPS clock), xmp, quicktime. */
  offsetSource?: OffsetSource | null;
  /** The same instant in UTC (`…Z`), when the offset is known. */
  takenAtUtc?: string | null;
  /** Seconds. */
  exposureTime: number | null;
  fNumber: number | null;
  iso: number | null;
  /** Millimetres. */
  focalLength: number | null;
  focalLengthIn35mmFilm?: number | null;
  flash?: { fired: boolean; raw: number } | null;
}

export interface LocationInfo {
  /** Signed decimal degrees: south negative. */
  latitude: number;
  /** Signed decimal degrees: west negative. */
  longitude: number;
  /** Metres; negative below sea level. */
  altitude: number | null;
}

export interface RightsInfo {
  artist: string | null;
  copyright: string | null;
}

/** What photographers and their tools write about a photo (XMP, IPTC-IIM, EXIF), reconciled per MWG. */
export interface DescriptiveInfo {
  title: string | null;
  /** The caption. */
  description: string | null;
  keywords: string[] | null;
  /** 0 unrated, 1–5 stars, -1 rejected. */
  rating: number | null;
  creator: string[] | null;
}

/** A JSON-safe EXIF value. */
export type ExifValue = string | number | boolean | null | ExifValue[] | { [key: string]: ExifValue };

/** Every decoded tag, grouped by IFD (Image, Photo, GPSInfo, Iop, Thumbnail). */
export type ExifGroups = Record<string, Record<string, ExifValue>>;

/** The normalised metadata: the contract of the result API, the web page and the tests. */
export interface ImageMetadata {
  file: FileInfo;
  image: ImageInfo;
  camera: CameraInfo;
  capture: CaptureInfo;
  location: LocationInfo | null;
  rights: RightsInfo;
  descriptive: DescriptiveInfo;
  /** A video's duration, codec and frame rate; null for a still image. */
  video: VideoInfo | null;
  exif: ExifGroups;
  /** Problems that did not stop the extraction (a damaged EXIF block, a truncated file). */
  warnings?: string[];
}

/**
 * What a refused file still told (CORRUPT_IMAGE, TOO_MANY_PIXELS): the same shape as ImageMetadata,
 * with the dimensions null when the header gave none. ExifTool reports a damaged file's type and
 * whatever else it read; a CLI user triaging files wants the same.
 */
export interface RefusedMetadata extends Omit<ImageMetadata, 'image'> {
  image: Omit<ImageInfo, 'width' | 'height' | 'displayWidth' | 'displayHeight'> & {
    width: number | null;
    height: number | null;
    displayWidth: number | null;
    displayHeight: number | null;
  };
}

export interface ExtractOptions {
  /** Refuse images whose header claims more pixels than this. Default 100 megapixels. */
  maxPixels?: number;
}
