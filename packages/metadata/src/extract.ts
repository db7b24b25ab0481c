import type { ByteSource } from './readers/byteSource';
import { DETECT_BYTES, detectFormat, formatFamily, MIME_TYPES } from './detect';
import { CorruptImageError, isMetadataError, TooManyPixelsError, UnsupportedTypeError } from './errors';
import { normaliseExif, readExifMetadata, type ExifMetadata } from './blocks/exif/exifMetadata';
import { readTiffImages } from './blocks/exif/tiffImages';
import { parseCr3 } from './containers/cr3';
import { parseJxl } from './containers/jxl';
import { parseQuickTime } from './containers/quickTime';
import { parseRaf } from './containers/raf';
import { parseBmp } from './containers/bmp';
import { emptyInfo, type ContainerInfo, type ContainerParser } from './containers/container';
import { parseGif } from './containers/gif';
import { parseHeif } from './containers/heif';
import { parseEmbeddedJpeg, parseJpeg } from './containers/jpeg';
import { parsePng } from './containers/png';
import { parseWebp } from './containers/webp';
import { iccProfileDescription, iccProfileDescriptionAt } from './blocks/icc';
import { iptcDigest, readIptc, readPhotoshopResources } from './blocks/iptc';
import { reconcileDescriptive } from './descriptive';
import { MAY_BE_LESS, atHand, RangeReader } from './readers/rangeReader';
import { noCamera, reconcileCamera } from './cameraIdentity';
import { parseExifDate } from './blocks/exif/parseExifDate';
import { movieCaptureTime, NO_CAPTURE_TIME, reconcileCaptureTime, timeTagsOf } from './captureTime';
import type { CaptureInfo, DescriptiveInfo, ExifGroups, ExifValue, ExtractOptions, FileInfo, ImageFormat, ImageMetadata, RefusedMetadata } from './types';
import { readXmp, type XmpValues } from './blocks/xmp';
import { jsonUpperBound } from './jsonBound';

/** Default pixel limit: 100 megapixels. */
export const DEFAULT_MAX_PIXELS = 100_000_000;
/** The serialised metadata never exceeds this, so a stored item stays far below DynamoDB's 400 KB. */
export const MAX_METADATA_JSON_BYTES = 64 * 1024;
const MAX_WARNINGS = 20;
const MAX_WARNING_LENGTH = 200;
/** What a file without EXIF says of its camera and exposure (read only). */
const NO_CAMERA: ExifMetadata['camera'] = { make: null, model: null, software: null };
const NO_EXPOSURE: ExifMetadata['exposure'] = { exposureTime: null, fNumber: null, iso: null, focalLength: null };

const parseTiff: ContainerParser = (reader) => {
  const info = emptyInfo();
  info.exif = reader;
  return info;
};

const PARSERS: Record<ImageFormat, ContainerParser> = {
  jpeg: parseJpeg,
  png: parsePng,
  gif: parseGif,
  webp: parseWebp,
  tiff: parseTiff,
  bmp: parseBmp,
  heif: parseHeif,
  avif: parseHeif,
  jxl: parseJxl,
  dng: parseTiff,
  cr2: parseTiff,
  nef: parseTiff,
  nrw: parseTiff,
  arw: parseTiff,
  orf: parseTiff,
  rw2: parseTiff,
  pef: parseTiff,
  cr3: parseCr3,
  raf: parseRaf,
  mov: parseQuickTime,
  mp4: parseQuickTime,
  m4v: parseQuickTime,
  '3gp': parseQuickTime,
  '3g2': parseQuickTime,
};

/** TIFF and the RAWs built on it (detect.ts's family): their own IFD0 holds the image's size, XMP and IPTC. */
const isTiffFamily = (format: ImageFormat) => formatFamily(format) === 'tiff';

/**
 * Reads an image's metadata from its header and metadata blocks only, never decoding pixels.
 *
 * @throws UnsupportedTypeError, CorruptImageError or TooManyPixelsError; a damaged EXIF block is
 * not fatal and appears in `warnings`.
 */
export async function extractMetadata(source: ByteSource, options?: ExtractOptions): Promise<ImageMetadata> {
  const maxPixels = options?.maxPixels ?? DEFAULT_MAX_PIXELS;
  if (source.size === 0) throw new UnsupportedTypeError('The file is empty');
  const reader = new RangeReader(source);
  const prefetched = reader.prefetchHead();
  if (prefetched) await prefetched;
  const headRead = reader.read(0, DETECT_BYTES, MAY_BE_LESS);
  const detected = detectFormat(atHand(headRead) ? headRead : await headRead);
  if (!detected) throw new UnsupportedTypeError();

  const file: FileInfo = { size: source.size, mimeType: detected.mimeType, format: detected.format };
  const parsed = parseContainer(PARSERS[detected.format], reader);
  const container = parsed instanceof Promise ? await parsed : parsed;
  // The container's own list (made for this file), extended.
  const warnings = container.warnings;
  let exif: ExifMetadata | null = null;
  if (container.exifStructure) {
    exif = normaliseExif(container.exifStructure);
    warnings.push(...exif.warnings);
  } else if (container.exif) {
    try {
      const read = readExifMetadata(container.exif);
      exif = read instanceof Promise ? await read : read;
      warnings.push(...exif.warnings);
    } catch (error) {
      warnings.push(`EXIF block ignored: ${(error as Error).message}`);
    }
  }
  if (isTiffFamily(detected.format)) applyTiffImage(container, exif, file, reader.size);
  if (file.format === 'rw2' && exif && container.embeddedPreview) exif = await withEmbeddedExif(reader, exif, container.embeddedPreview, warnings);
  if (detected.format === 'cr3' && exif) {
    container.width = exif.tiffImage.width;
    container.height = exif.tiffImage.height;
  }
  let iccDescription = container.iccProfile ? iccProfileDescription(container.iccProfile) : null;
  const largeProfile = detected.format === 'tiff' && !container.iccProfile ? exif?.tiffImage.iccProfileAt : null;
  if (largeProfile)
    iccDescription = await iccProfileDescriptionAt(async (offset, length) => reader.read(largeProfile.offset + offset, length), largeProfile.length);

  const { width, height, movie } = container;
  const orientation = exif?.orientation ?? null;
  const isVideo = formatFamily(file.format) === 'video';
  const byRotation = isVideo || file.format === 'heif' || file.format === 'avif';
  const turned = byRotation ? container.rotation === 90 || container.rotation === 270 : orientation !== null && orientation >= 5 && orientation <= 8;
  // A file with no metadata block (most PNGs, GIFs, BMPs) skips the readers that would find nothing.
  const xmp = exif || container.xmp ? readXmpOf(file.format, container, exif, warnings) : null;
  const camera = exif || xmp ? reconcileCamera(exif?.camera ?? NO_CAMERA, exif, xmp) : noCamera();
  const exposure = exif?.exposure ?? NO_EXPOSURE;
  const time = movie
    ? movieCaptureTime(movie.dateTimeOriginal, movie.offsetTimeOriginal, movie.fromAppleKeys ? 'QuickTime:CreationDate' : 'QuickTime:CreateDate')
    : exif || xmp
      ? reconcileCaptureTime(timeTagsOf(exif?.timeTags, xmp?.dateCreated ?? null))
      : NO_CAPTURE_TIME;
  // Built field by field: a spread followed by more fields is V8's slow path (it was over half of a small PNG's time).
  const capture: CaptureInfo = {
    dateTimeOriginal: time.dateTimeOriginal,
    dateTimeSource: time.dateTimeSource,
    offsetTimeOriginal: time.offsetTimeOriginal,
    offsetSource: time.offsetSource,
    takenAtUtc: time.takenAtUtc,
    exposureTime: exposure.exposureTime,
    fNumber: exposure.fNumber,
    iso: exposure.iso,
    focalLength: exposure.focalLength,
    focalLengthIn35mmFilm: exposure.focalLengthIn35mmFilm ?? null,
    flash: exposure.flash ?? null,
  };

  // No EXIF, XMP or IPTC (most PNGs, GIFs, BMPs): nothing descriptive to read, and an answer of headers alone.
  const noMetadataBlock = !exif && !xmp && !container.iptc && !container.photoshop;
  const metadata: RefusedMetadata = {
    file,
    image: imageInfo(container, orientation, turned, exif?.colorSpace ?? null, iccDescription),
    camera: movie ? { ...camera, make: movie.make, model: movie.model, software: movie.software } : camera,
    capture,
    location: movie ? movie.location : (exif?.location ?? null),
    rights: exif?.rights ?? { artist: null, copyright: null },
    descriptive: noMetadataBlock ? reconcileDescriptive(NO_DESCRIPTIVE_SOURCES) : readDescriptive(file.format, container, exif, xmp),
    video: container.video ?? null,
    exif: exif?.exif ?? {},
  };
  if (warnings.length) metadata.warnings = warnings.slice(0, MAX_WARNINGS).map((w) => w.slice(0, MAX_WARNING_LENGTH));
  if (!width || !height) {
    const error = new CorruptImageError(`The ${file.format.toUpperCase()} header gives no valid width and height${warnings[0] ? ` (${warnings[0]})` : ''}`);
    throw Object.assign(error, { metadata: capSize(metadata, exif) });
  }
  if (width * height > maxPixels) throw Object.assign(new TooManyPixelsError(width, height, maxPixels), { metadata: capSize(metadata, exif) });
  // Only metadata blocks make an answer large. Without any (nor a movie's) it holds numbers, names,
  // at most a 1,024-character ICC description and 20 warnings of 200: far below the cap, so the
  // size bound (a sixth of such a file's time) is not walked.
  return noMetadataBlock && !movie ? (metadata as ImageMetadata) : capSize(metadata as ImageMetadata, exif);
}

/**
 * The container's facts (at once from a parser that walked bytes in memory); a parser that fails
 * outright leaves a warning, and the file's type still reported.
 */
function parseContainer(parser: ContainerParser, reader: RangeReader): ContainerInfo | Promise<ContainerInfo> {
  try {
    const parsed = parser(reader);
    return parsed instanceof Promise ? parsed.catch(damagedHeader) : parsed;
  } catch (error) {
    return damagedHeader(error);
  }
}

function damagedHeader(error: unknown): ContainerInfo {
  if (isMetadataError(error)) throw error;
  return { ...emptyInfo(), warnings: [`The image header is damaged: ${(error as Error).message}`] };
}

/**
 * The image facts, the optional ones only when the container has them. Assigned one by one in
 * the contract's order: conditional spreads in a literal take V8's slow path (a tenth of a small
 * PNG's time).
 */
function imageInfo(
  container: ContainerInfo,
  orientation: number | null,
  turned: boolean,
  colorSpace: string | null,
  iccProfileDescription: string | null,
): RefusedMetadata['image'] {
  const { width, height } = container;
  const image: RefusedMetadata['image'] = { width, height, orientation, displayWidth: turned ? height : width, displayHeight: turned ? width : height };
  if (container.rotation !== undefined) image.rotation = container.rotation;
  if (container.bitDepth !== undefined) image.bitDepth = container.bitDepth;
  if (container.hasAlpha !== undefined) image.hasAlpha = container.hasAlpha;
  if (container.animated !== undefined) image.animated = container.animated;
  if (container.frameCount !== undefined) image.frameCount = container.frameCount;
  image.colorSpace = colorSpace;
  image.iccProfileDescription = iccProfileDescription;
  if (container.embeddedPreview) image.embeddedPreview = container.embeddedPreview;
  return image;
}

/**
 * A TIFF-based file's size, type and preview come from its image directories: the full-resolution
 * image's size (a CR2's is its EXIF size, as ExifTool's ImageSize takes it), which RAW it is, and
 * its largest embedded JPEG. A plain TIFF's sample layout is its IFD0's.
 */
function applyTiffImage(container: ContainerInfo, exif: ExifMetadata | null, file: FileInfo, fileSize: number): void {
  if (!exif) return;
  const images = readTiffImages(exif.structure, file.format, fileSize);
  if (images.rawFormat) {
    file.format = images.rawFormat;
    file.mimeType = MIME_TYPES[images.rawFormat];
  }
  const { exifWidth, exifHeight } = exif.tiffImage;
  const useExifSize = file.format === 'cr2' && !!exifWidth && !!exifHeight;
  container.width = useExifSize ? exifWidth : images.width;
  container.height = useExifSize ? exifHeight : images.height;
  container.embeddedPreview = images.preview;
  container.iccProfile = exif.tiffImage.iccProfile;
  // A RAW's IFD0 sample layout is its preview's, not the picture's.
  if (images.rawFormat) return;
  const { bitsPerSample, samplesPerPixel, extraSamples } = exif.tiffImage;
  if (bitsPerSample !== null) container.bitDepth = bitsPerSample;
  if (samplesPerPixel !== null) container.hasAlpha = extraSamples !== null && samplesPerPixel > 1;
}

/**
 * A Panasonic RW2 keeps only some EXIF in its own IFD0 (make, model, orientation); the rest (the
 * EXIF IFD: exposure, ISO, dates; the software) is in the JPEG it embeds, where ExifTool reads it.
 * The RW2's own tags come first.
 */
async function withEmbeddedExif(reader: RangeReader, own: ExifMetadata, at: { offset: number; length: number }, warnings: string[]): Promise<ExifMetadata> {
  const jpeg = await parseEmbeddedJpeg(reader, at.offset, at.length);
  if (!jpeg.exif) return own;
  try {
    const embedded = (await readExifMetadata(jpeg.exif)).structure;
    const structure = own.structure;
    if (embedded.littleEndian !== structure.littleEndian) return own;
    const names = new Set([...Object.keys(structure.ifds), ...Object.keys(embedded.ifds)] as (keyof typeof structure.ifds)[]);
    const ifds = Object.fromEntries([...names].map((name) => [name, [...(structure.ifds[name] ?? []), ...(embedded.ifds[name] ?? [])]]));
    return normaliseExif({ ...structure, ifds });
  } catch (error) {
    warnings.push(`The embedded JPEG's EXIF ignored: ${(error as Error).message}`);
    return own;
  }
}

/**
 * Drops the largest EXIF values until the serialised metadata fits MAX_METADATA_JSON_BYTES.
 * `exif` is what the EXIF block gave: its groups' bound was counted as they were built, so only
 * the rest of the answer is walked to bound it.
 */
function capSize<T extends RefusedMetadata>(metadata: T, exif: ExifMetadata | null): T {
  const known = exif && metadata.exif === exif.exif ? { value: exif.exif, bound: exif.exifJsonBound } : undefined;
  // Nothing serialised in the common case; the loop runs only for oversized (hostile) blocks.
  if (jsonUpperBound(metadata, known) <= MAX_METADATA_JSON_BYTES) return metadata;
  let size = jsonBytes(metadata);
  for (let round = 0; round < 200 && size > MAX_METADATA_JSON_BYTES; round++) {
    const largest = largestValue(metadata.exif);
    if (!largest) break;
    largest.group[largest.key] = { omittedBytes: largest.bytes };
    size = jsonBytes(metadata);
  }
  if (size > MAX_METADATA_JSON_BYTES) {
    metadata.exif = {};
    metadata.warnings = ['EXIF tags omitted: too large', ...(metadata.warnings ?? [])].slice(0, MAX_WARNINGS);
  }
  return metadata;
}

function jsonBytes(value: unknown): number {
  // Serialising costs more than the rest of a typical extraction: skip it when a cheap upper
  // bound already fits.
  if (jsonUpperBound(value) <= MAX_METADATA_JSON_BYTES) return 0;
  return Buffer.byteLength(JSON.stringify(value));
}

function largestValue(groups: ExifGroups): { group: Record<string, ExifValue>; key: string; bytes: number } | null {
  let best: { group: Record<string, ExifValue>; key: string; bytes: number } | null = null;
  for (const group of Object.values(groups)) {
    for (const [key, value] of Object.entries(group)) {
      const bytes = JSON.stringify(value).length;
      if (bytes > 64 && (!best || bytes > best.bytes)) best = { group, key, bytes };
    }
  }
  return best;
}

/** The XMP packet from the container's standard place (a TIFF's own IFD0), parsed once; damage is a warning. */
function readXmpOf(format: ImageFormat, container: ContainerInfo, exif: ExifMetadata | null, warnings: string[]): XmpValues | null {
  const packet = (isTiffFamily(format) ? exif?.tiffBlocks.xmp : undefined) ?? container.xmp;
  if (!packet) return null;
  const time = exif?.timeTags;
  const wanted = {
    lens: !exif?.lens.exif,
    serialNumber: !exif?.serial.exif && !exif?.serial.makerNote,
    date: !parseExifDate(time?.dateTimeOriginal ?? null) && !parseExifDate(time?.createDate ?? null),
  };
  try {
    return readXmp(packet, wanted);
  } catch (error) {
    warnings.push(`XMP ignored: ${(error as Error).message}`);
    return null;
  }
}

/** A file without EXIF, XMP or IPTC (most PNGs, GIFs and BMPs). */
const NO_DESCRIPTIVE_SOURCES = { exifDescription: null, exifArtist: null, iptc: null, otherIptc: null, xmpInSyncWithIptc: true, xmp: null } as const;

/** XMP and IPTC from the container's standard places (a TIFF's own IFD0), reconciled with EXIF per MWG. */
function readDescriptive(format: ImageFormat, container: ContainerInfo, exif: ExifMetadata | null, xmp: XmpValues | null): DescriptiveInfo {
  const blocks = isTiffFamily(format) ? exif?.tiffBlocks : undefined;
  const photoshopBytes = blocks?.photoshop ?? container.photoshop;
  const photoshop = photoshopBytes ? readPhotoshopResources(photoshopBytes) : null;
  // IPTC's standard places, as ExifTool's strict MWG mode has them: APP13 in a JPEG, tag 33723 in
  // a TIFF. A JPEG's or TIFF's IPTC anywhere else it ignores; another format's it reads (title only).
  const iptcBlock = format === 'jpeg' ? (photoshop?.iptc ?? null) : isTiffFamily(format) ? (blocks?.iptc ?? null) : null;
  const otherIptcBlock = format === 'jpeg' || isTiffFamily(format) ? null : (photoshop?.iptc ?? container.iptc ?? null);
  return reconcileDescriptive({
    exifDescription: exif?.mwg.description ?? null,
    exifArtist: exif?.mwg.artist ?? null,
    iptc: iptcBlock ? readIptc(iptcBlock) : null,
    otherIptc: otherIptcBlock ? readIptc(otherIptcBlock) : null,
    // The MD5 only when there is a stored digest to compare it with.
    xmpInSyncWithIptc: !iptcBlock || !photoshop?.storedDigest || iptcDigest(iptcBlock) === photoshop.storedDigest,
    xmp,
  });
}
