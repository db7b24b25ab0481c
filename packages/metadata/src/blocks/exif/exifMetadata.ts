import exifTagNames from 'exif-reader/tags.js';
import type { CameraInfo, CaptureInfo, ExifGroups, ExifValue, LocationInfo, RightsInfo } from '../../types';
import { cleanText, decodeAs, decodeText, MAX_CAPTION_LENGTH, MAX_STRING_LENGTH } from '../text';
import { firstValue, numbers, text } from './entryValues';
import { startsWith } from '../../readers/binaryView';
import { parseExifDate } from './parseExifDate';
import { TAG } from './tags';
import type { TimeTags } from '../../captureTime';
import { readMakerNote, type MakerNoteFacts } from './makerNotes';
import { NotHeld, walkUntilHeld } from '../../readers/rangeReader';
import { jsonUpperBound, memberBound } from '../../jsonBound';
import { POINTER_TAGS, walkTiffStructure, type IfdName, type TiffEntry, type TiffStructure, type TiffWindow } from './tiffStructure';

/** What the EXIF block contributes to the normalised metadata. */
export interface ExifMetadata {
  orientation: number | null;
  colorSpace: string | null;
  /** Make, model and software; the lens and serial number are in `lens` and `serial`, reconciled with XMP's (cameraIdentity.ts). */
  camera: Pick<CameraInfo, 'make' | 'model' | 'software'>;
  /** The exposure; the capture time is in `timeTags`, reconciled with XMP's and the GPS clock (captureTime.ts). */
  exposure: Pick<CaptureInfo, 'exposureTime' | 'fNumber' | 'iso' | 'focalLength' | 'focalLengthIn35mmFilm' | 'flash'>;
  location: LocationInfo | null;
  rights: RightsInfo;
  exif: ExifGroups;
  /** An upper bound of the size of `exif` as JSON (jsonBound.ts), counted as its groups were built. */
  exifJsonBound: number;
  /** IFD0's ImageWidth/ImageLength and sample layout: a TIFF file's own dimensions. */
  tiffImage: {
    width: number | null;
    height: number | null;
    bitsPerSample: number | null;
    samplesPerPixel: number | null;
    extraSamples: number | null;
    iccProfile: Uint8Array | null;
    /** Where an ICC profile too large to keep whole lies, for a read of its description. */
    iccProfileAt: { offset: number; length: number } | null;
    /** The EXIF IFD's PixelXDimension and PixelYDimension (ExifTool's ExifImageWidth/Height). */
    exifWidth: number | null;
    exifHeight: number | null;
  };
  /** IFD0's XMP (700), IPTC-IIM (33723) and Photoshop resources (34377): a TIFF file's own. */
  tiffBlocks: { xmp: Uint8Array | null; iptc: Uint8Array | null; photoshop: Uint8Array | null };
  /**
   * ImageDescription and Artist as ExifTool's MWG tags take them from the EXIF group: IFD0's,
   * else the EXIF IFD's (some phones write ImageDescription there), else IFD1's (a multi-page
   * TIFF's second page).
   */
  mwg: { description: string | null; artist: string | null };
  /** The walked structure, for what a TIFF-based RAW's image directories say (tiffImages.ts). */
  structure: TiffStructure;
  /** The time tags as found, for reconcileCaptureTime (with the XMP date, read later). */
  timeTags: Omit<TimeTags, 'xmpDateCreated'>;
  /** The lens and serial number as EXIF and the maker note give them, for reconcileCamera (with XMP's). */
  lens: { exif: string | null; makerNote: string | null; specification: (number | null)[] | null };
  serial: { exif: string | null; makerNote: string | null };
  warnings: string[];
}

const COLOR_SPACES: Record<number, string> = { 1: 'sRGB', 2: 'Adobe RGB', 0xffff: 'Uncalibrated' };

/**
 * Walks, bounds and decodes an EXIF (TIFF) structure and its maker note, then normalises them:
 * one synchronous walk over the bytes held, again after each read it needs (walkUntilHeld). A
 * block in memory (a JPEG's, a PNG's) is walked once and answered at once, without a promise.
 */
export function readExifMetadata(window: TiffWindow): ExifMetadata | Promise<ExifMetadata> {
  const walked = walkUntilHeld(() => {
    const structure = walkTiffStructure(window);
    return { structure, makerNote: makerNoteOf(structure, window) };
  });
  return walked instanceof Promise
    ? walked.then(({ structure, makerNote }) => normaliseExif(structure, makerNote))
    : normaliseExif(walked.structure, walked.makerNote);
}

/** The maker note of the EXIF IFD, read by its maker's rules (makerNotes.ts); damage is a warning. */
function makerNoteOf(structure: TiffStructure, window: TiffWindow): MakerNoteFacts | null {
  const note = structure.ifds.Photo?.find((e) => e.tag === TAG.makerNote);
  if (!note || note.valueOffset === undefined) return null;
  const image = structure.ifds.Image ?? [];
  const textOf = (tag: number) => {
    const found = image.find((e) => e.tag === tag);
    return found ? text(found, structure.littleEndian) : null;
  };
  try {
    const camera = { make: textOf(TAG.make), model: textOf(TAG.model) };
    return readMakerNote(window, { offset: note.valueOffset, length: note.byteLength }, camera, structure.warnings);
  } catch (error) {
    if (error instanceof NotHeld) throw error;
    structure.warnings.push(`MakerNotes ignored: ${(error as Error).message}`);
    return null;
  }
}

export function normaliseExif(structure: TiffStructure, makerNote: MakerNoteFacts | null = null): ExifMetadata {
  const le = structure.littleEndian;
  // The first entry of a tag wins, as in the walk order. A scan of an IFD's few dozen entries costs
  // less than building a map of them for the thirty-odd lookups.
  const entry = (ifd: IfdName, tag: number): TiffEntry | undefined => {
    const entries = structure.ifds[ifd];
    if (entries) for (const e of entries) if (e.tag === tag) return e;
    return undefined;
  };
  const num = (ifd: IfdName, tag: number): number | null => {
    const found = entry(ifd, tag);
    return found ? firstValue(found, le) : null;
  };
  const str = (ifd: IfdName, tag: number, maxLength?: number): string | null => {
    const found = entry(ifd, tag);
    return found ? text(found, le, maxLength) : null;
  };
  const flash = num('Photo', TAG.flash);
  const colorSpace = num('Photo', TAG.colorSpace);
  const iccEntry = entry('Image', TAG.iccProfile);
  const groups = exifGroups(structure, makerNote);

  return {
    orientation: num('Image', TAG.orientation),
    colorSpace: colorSpace === null ? null : (COLOR_SPACES[colorSpace] ?? `Unknown (${colorSpace})`),
    camera: {
      make: str('Image', TAG.make),
      model: str('Image', TAG.model),
      software: str('Image', TAG.software),
    },
    exposure: {
      exposureTime: num('Photo', TAG.exposureTime),
      fNumber: num('Photo', TAG.fNumber),
      iso: num('Photo', TAG.iso),
      focalLength: num('Photo', TAG.focalLength),
      focalLengthIn35mmFilm: num('Photo', TAG.focalLengthIn35mm),
      flash: flash === null ? null : { fired: (flash & 1) === 1, raw: flash },
    },
    location: readLocation(structure),
    rights: {
      artist: str('Image', TAG.artist),
      copyright: readCopyright(entry('Image', TAG.copyright)),
    },
    exif: groups.groups,
    exifJsonBound: groups.jsonBound,
    tiffImage: {
      width: num('Image', TAG.imageWidth),
      height: num('Image', TAG.imageLength),
      bitsPerSample: num('Image', TAG.bitsPerSample),
      samplesPerPixel: num('Image', TAG.samplesPerPixel),
      extraSamples: num('Image', TAG.extraSamples),
      iccProfile: iccEntry?.value ?? null,
      iccProfileAt: iccEntry && !iccEntry.value && iccEntry.valueOffset !== undefined ? { offset: iccEntry.valueOffset, length: iccEntry.byteLength } : null,
      exifWidth: num('Photo', TAG.pixelXDimension),
      exifHeight: num('Photo', TAG.pixelYDimension),
    },
    tiffBlocks: {
      xmp: entry('Image', TAG.xmp)?.value ?? null,
      iptc: entry('Image', TAG.iptc)?.value ?? null,
      photoshop: entry('Image', TAG.photoshop)?.value ?? null,
    },
    mwg: {
      description:
        str('Image', TAG.imageDescription, MAX_CAPTION_LENGTH) ??
        str('Photo', TAG.imageDescription, MAX_CAPTION_LENGTH) ??
        str('Thumbnail', TAG.imageDescription, MAX_CAPTION_LENGTH),
      artist: str('Image', TAG.artist) ?? str('Photo', TAG.artist) ?? str('Thumbnail', TAG.artist),
    },
    structure,
    timeTags: {
      dateTimeOriginal: str('Photo', TAG.dateTimeOriginal),
      subSecTimeOriginal: str('Photo', TAG.subSecTimeOriginal),
      offsetTimeOriginal: str('Photo', TAG.offsetTimeOriginal),
      createDate: str('Photo', TAG.createDate),
      subSecTimeDigitized: str('Photo', TAG.subSecTimeDigitized),
      offsetTimeDigitized: str('Photo', TAG.offsetTimeDigitized),
      gpsDateStamp: str('GPSInfo', TAG.gpsDateStamp),
      gpsTimeStamp: entry('GPSInfo', TAG.gpsTimeStamp) ? numbers(entry('GPSInfo', TAG.gpsTimeStamp)!, le) : null,
    },
    lens: {
      exif: str('Photo', TAG.lensModel),
      makerNote: makerNote?.lensModel ?? null,
      specification: lensSpecification(entry('Photo', TAG.lensSpecification), le) ?? makerNote?.lensSpecification ?? null,
    },
    serial: { exif: str('Photo', TAG.bodySerialNumber), makerNote: makerNote?.serialNumber ?? null },
    warnings: structure.warnings,
  };
}

/** EXIF LensSpecification: four rationals (short and long focal length, the aperture at each). */
function lensSpecification(found: TiffEntry | undefined, littleEndian: boolean): (number | null)[] | null {
  if (!found || found.count !== 4 || (found.type !== 5 && found.type !== 10)) return null;
  return numbers(found, littleEndian);
}

/** Copyright may hold "photographer\0editor"; ExifTool shows both parts joined by ", ". */
function readCopyright(found: TiffEntry | undefined): string | null {
  if (!found?.value) return null;
  const parts = [...splitNul(found.value)].map((part) => decodeText(part) ?? '');
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return cleanText(parts.join(', '));
}

function* splitNul(bytes: Uint8Array): Generator<Uint8Array> {
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0) {
      yield bytes.subarray(start, i);
      start = i + 1;
    }
  }
}

function readLocation(structure: TiffStructure): LocationInfo | null {
  const gps = structure.ifds.GPSInfo;
  if (!gps) return null;
  const le = structure.littleEndian;
  const find = (tag: number) => gps.find((e) => e.tag === tag);
  const ref = (tag: number) => {
    const found = find(tag);
    return found ? (text(found, le) ?? '').toUpperCase() : '';
  };
  const degrees = (tag: number): number | null => {
    const found = find(tag);
    if (!found) return null;
    const [d, m = 0, s = 0] = numbers(found, le);
    if (d === null || d === undefined || m === null || s === null) return null;
    return d + m / 60 + s / 3600;
  };
  const latitude = degrees(TAG.gpsLatitude);
  const longitude = degrees(TAG.gpsLongitude);
  if (latitude === null || longitude === null || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return null;
  const altitudeEntry = find(TAG.gpsAltitude);
  let altitude = altitudeEntry ? firstValue(altitudeEntry, le) : null;
  const altitudeRefEntry = find(TAG.gpsAltitudeRef);
  if (altitude !== null && altitudeRefEntry && firstValue(altitudeRefEntry, le) === 1) altitude = -altitude;
  return {
    latitude: ref(TAG.gpsLatitudeRef).startsWith('S') ? -latitude : latitude,
    longitude: ref(TAG.gpsLongitudeRef).startsWith('W') ? -longitude : longitude,
    altitude,
  };
}

const tagMap = (table: Record<number, string>) => new Map(Object.entries(table).map(([tag, name]) => [Number(tag), name]));
const IMAGE_TAGS = tagMap(exifTagNames.Image);
/** exif-reader's tag names, per IFD. */
const GROUP_TAG_NAMES: Record<IfdName, Map<number, string>> = {
  Image: IMAGE_TAGS,
  Thumbnail: IMAGE_TAGS,
  Photo: tagMap(exifTagNames.Photo),
  GPSInfo: tagMap(exifTagNames.GPSInfo),
  Iop: tagMap(exifTagNames.Iop),
};

/** Tags whose values are offsets into the original file: meaningless once extracted. */
const OFFSET_TAGS = new Set([
  POINTER_TAGS.exif,
  POINTER_TAGS.gps,
  POINTER_TAGS.interop,
  TAG.stripOffsets,
  TAG.stripByteCounts,
  0x0144, // TileOffsets
  0x0145, // TileByteCounts
  TAG.jpegOffset,
  TAG.jpegLength,
  TAG.subIfds,
]);

/**
 * Every tag of the walked IFDs, decoded once from the entry bytes the walk already bounded, made
 * JSON-safe. Named as exif-reader names them; a tag it does not know is named by its hex code.
 */
function exifGroups(structure: TiffStructure, makerNote: MakerNoteFacts | null): { groups: ExifGroups; jsonBound: number } {
  const groups: ExifGroups = {};
  // The JSON size bound of what is built, counted here rather than walked again (a tenth of a JPEG's time).
  let jsonBound = 2;
  for (const [name, entries] of Object.entries(structure.ifds) as [IfdName, TiffEntry[]][]) {
    const names = GROUP_TAG_NAMES[name];
    // Assigned one by one: on Node 20 that is four times faster than Object.fromEntries for a
    // typical IFD's thirty tags. A tag written twice in one IFD keeps its last value (and is
    // counted twice: the bound only needs to be above).
    const group: Record<string, ExifValue> = {};
    let count = 0;
    let groupBound = 2;
    for (const found of entries) {
      if (OFFSET_TAGS.has(found.tag)) continue;
      const key = names.get(found.tag) ?? `0x${found.tag.toString(16).padStart(4, '0')}`;
      const value = found.value === null ? { binaryBytes: found.byteLength } : jsonSafe(found, structure.littleEndian);
      group[key] = value;
      groupBound += memberBound(key, jsonUpperBound(value));
      count++;
    }
    if (count) {
      groups[name] = group;
      jsonBound += memberBound(name, groupBound);
    }
  }
  if (makerNote && Object.keys(makerNote.tags).length) {
    groups.MakerNotes = makerNote.tags;
    jsonBound += memberBound('MakerNotes', jsonUpperBound(makerNote.tags));
  }
  return { groups, jsonBound };
}

/** DateTime, DateTimeOriginal, DateTimeDigitized: shown as ISO 8601 when they are real dates. */
const DATE_TAGS = new Set([0x0132, 0x9003, 0x9004]);

function jsonSafe(found: TiffEntry, littleEndian: boolean): ExifValue {
  if (found.type === 2) {
    const textValue = text(found, littleEndian);
    return DATE_TAGS.has(found.tag) ? (parseExifDate(textValue) ?? textValue) : textValue;
  }
  if (found.tag === TAG.userComment) return userComment(found.value!);
  if (found.type === 7) return undefinedBytes(found.value!);
  // One value as a number, several as an array; BigTIFF's 64-bit types decode to nothing (null).
  return found.count === 1 ? jsonNumber(firstValue(found, littleEndian)) : numbers(found, littleEndian).map((v) => jsonNumber(v));
}

function jsonNumber(value: unknown): ExifValue {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** UNDEFINED bytes: short printable text as text, a few bytes as numbers, the rest summarised. */
function undefinedBytes(bytes: Uint8Array): ExifValue {
  if (bytes.length <= 256 && isPrintable(bytes)) return decodeText(bytes);
  if (bytes.length <= 16) return [...bytes];
  return { binaryBytes: bytes.length };
}

function isPrintable(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if ((byte < 0x20 || byte >= 0x7f) && byte !== 0) return false;
  }
  return true;
}

/** UserComment starts with an 8-byte character code (ASCII, UNICODE, JIS or undefined). */
function userComment(bytes: Uint8Array): ExifValue {
  const body = bytes.subarray(8, 8 + MAX_STRING_LENGTH * 4);
  if (startsWith(bytes, 'UNICODE\0')) {
    const bigEndian = body[0] === 0 && body[1] !== 0;
    return cleanText(decodeAs(bigEndian ? 'utf-16be' : 'utf-16le', body));
  }
  return decodeText(body);
}
