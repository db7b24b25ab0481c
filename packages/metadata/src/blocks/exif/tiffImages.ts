import { MIN_PREVIEW_BYTES } from '../../containers/container';
import type { ImageFormat } from '../../types';
import { firstNumber, text } from './entryValues';
import { PANASONIC_RAW_TAG, TAG } from './tags';
import { RAW_COMPRESSIONS, RAW_PHOTOMETRIC, type ImageDirectory, type TiffEntry, type TiffStructure } from './tiffStructure';

/** What a TIFF structure's image directories say about the picture (a TIFF file's or a TIFF-based RAW's). */
export interface TiffImages {
  /** ImageWidth and ImageLength as ExifTool reports them (see fullResolution). */
  width: number | null;
  height: number | null;
  /** The TIFF-based RAW type the directories reveal, or null for a plain TIFF. */
  rawFormat: ImageFormat | null;
  /** The largest embedded JPEG (a RAW's preview), where it lies in the file. */
  preview: { offset: number; length: number } | null;
}

/** With raw sensor data in the file, the maker names the format (ExifTool takes it from the extension). */
const MAKER_FORMATS: [RegExp, ImageFormat][] = [
  [/^nikon/i, 'nef'],
  [/^sony/i, 'arw'],
  [/^(pentax|ricoh)/i, 'pef'],
];
const JPEG_COMPRESSIONS = new Set([6, 7]);

/**
 * Reads the image directories of a TIFF structure whose leading bytes said `format` (tiff, or a
 * RAW's own magic: cr2, orf, rw2).
 */
export function readTiffImages(structure: TiffStructure, format: ImageFormat, windowSize: number): TiffImages {
  const le = structure.littleEndian;
  const value = (directory: ImageDirectory, tag: number) => firstNumber(directory.entries, tag, le);
  const rawFormat = identifyRaw(structure, format, value);
  const { width, height } = rawFormat === 'rw2' ? rw2Size(structure.images[0], value) : fullResolution(structure.images, rawFormat, value);
  return { width, height, rawFormat, preview: largestPreview(structure, value, windowSize) };
}

function find(directory: ImageDirectory, tag: number): TiffEntry | undefined {
  return directory.entries.find((e) => e.tag === tag);
}

function identifyRaw(structure: TiffStructure, format: ImageFormat, value: (d: ImageDirectory, tag: number) => number | null): ImageFormat | null {
  if (format !== 'tiff') return format;
  const [ifd0] = structure.images;
  if (!ifd0) return null;
  if (find(ifd0, TAG.dngVersion)) return 'dng';
  let identified: ImageFormat | null = null;
  for (const directory of structure.images) {
    identified = RAW_COMPRESSIONS[value(directory, TAG.compression) ?? -1] ?? null;
    if (identified) break;
  }
  if (!identified && structure.images.some((d) => RAW_PHOTOMETRIC.has(value(d, TAG.photometric) ?? -1))) {
    const makeEntry = find(ifd0, TAG.make);
    const make = makeEntry ? (text(makeEntry, structure.littleEndian) ?? '') : '';
    identified = MAKER_FORMATS.find(([pattern]) => pattern.test(make))?.[1] ?? null;
  }
  // ExifTool's rule: a NEF whose IFD0 holds a JPEG thumbnail is a Coolpix NRW.
  if (identified === 'nef' && value(ifd0, TAG.compression) === 6 && find(ifd0, TAG.jpegOffset)) return 'nrw';
  return identified;
}

/**
 * ExifTool's ImageWidth and ImageHeight: the first directory's, unless a directory marked as the
 * full-resolution image (NewSubfileType 0) comes later; its values take priority. A Sony ARW's
 * IFD1 never does.
 */
function fullResolution(
  images: ImageDirectory[],
  rawFormat: ImageFormat | null,
  value: (d: ImageDirectory, tag: number) => number | null,
): { width: number | null; height: number | null } {
  const considered = rawFormat === 'arw' ? images.filter((d) => d.name !== 'IFD1') : images;
  const priority = considered.find((d) => value(d, TAG.subfileType) === 0);
  const size = (d: ImageDirectory | undefined) => ({ width: d ? value(d, TAG.imageWidth) : null, height: d ? value(d, TAG.imageLength) : null });
  const prioritySize = size(priority);
  const first = size(considered.find((d) => value(d, TAG.imageWidth) !== null));
  return { width: prioritySize.width ?? first.width, height: prioritySize.height ?? first.height };
}

/** Panasonic's composite: the sensor's area inside its borders. */
function rw2Size(ifd0: ImageDirectory | undefined, value: (d: ImageDirectory, tag: number) => number | null): { width: number | null; height: number | null } {
  if (!ifd0) return { width: null, height: null };
  const span = (from: number, to: number) => {
    const [start, end] = [value(ifd0, from), value(ifd0, to)];
    return start !== null && end !== null && end > start ? end - start : null;
  };
  return {
    width: span(PANASONIC_RAW_TAG.leftBorder, PANASONIC_RAW_TAG.rightBorder),
    height: span(PANASONIC_RAW_TAG.topBorder, PANASONIC_RAW_TAG.bottomBorder),
  };
}

/**
 * The largest JPEG the directories point to: a JPEGInterchangeFormat pair, a directory whose one
 * strip is JPEG-compressed (never raw sensor data: CFA or linear raw, or a CR2's sliced lossless
 * JPEG), or a Panasonic RW2's JpgFromRaw.
 */
function largestPreview(
  structure: TiffStructure,
  value: (d: ImageDirectory, tag: number) => number | null,
  windowSize: number,
): { offset: number; length: number } | null {
  const candidates: { offset: number; length: number }[] = [];
  for (const directory of structure.images) {
    const offset = value(directory, TAG.jpegOffset);
    const length = value(directory, TAG.jpegLength);
    if (offset !== null && length !== null) candidates.push({ offset, length });
    const stripOffsets = find(directory, TAG.stripOffsets);
    const stripByteCounts = find(directory, TAG.stripByteCounts);
    const compression = value(directory, TAG.compression);
    if (
      stripOffsets?.count === 1 &&
      stripByteCounts?.count === 1 &&
      compression !== null &&
      JPEG_COMPRESSIONS.has(compression) &&
      !RAW_PHOTOMETRIC.has(value(directory, TAG.photometric) ?? -1) &&
      !find(directory, TAG.cr2Slice)
    ) {
      candidates.push({ offset: value(directory, TAG.stripOffsets)!, length: value(directory, TAG.stripByteCounts)! });
    }
  }
  const embedded = structure.images[0] && find(structure.images[0], PANASONIC_RAW_TAG.jpgFromRaw);
  if (embedded?.valueOffset !== undefined) candidates.push({ offset: embedded.valueOffset, length: embedded.byteLength });
  const fitting = candidates.filter((c) => c.length >= MIN_PREVIEW_BYTES && c.offset > 0 && c.offset + c.length <= windowSize);
  return fitting.sort((a, b) => b.length - a.length)[0] ?? null;
}
