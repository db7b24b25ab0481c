import { MAY_BE_LESS, type RangeReader } from '../readers/rangeReader';
import { BinaryView, startsWith } from '../readers/binaryView';
import { memoryWindow, type TiffWindow } from '../blocks/exif/tiffStructure';

/** ISO BMFF (HEIF, AVIF, JPEG XL's container, CR3, MP4) and QuickTime boxes. */
export interface Box {
  type: string;
  /** Offset of the box's content (after its header). */
  start: number;
  end: number;
}

/** More top-level boxes than any real file has. */
const MAX_TOP_LEVEL_BOXES = 1000;

/**
 * The header of the box at `at` in `view`, `room` bytes before its container (or the file) ends:
 * its type, header size and size (a 64-bit size when the 32-bit one is 1; to the end when 0).
 * Null at a damaged size.
 */
function boxHeader(view: BinaryView, at: number, room: number): { type: string; headerSize: number; size: number } | null {
  let size = view.u32(at);
  const type = view.ascii(at + 4, 4);
  let headerSize = 8;
  if (size === 1) {
    if (room < 16 || !view.fits(at + 8, 8)) return null;
    size = view.u64(at + 8);
    headerSize = 16;
  } else if (size === 0) {
    size = room;
  }
  return size < headerSize ? null : { type, headerSize, size };
}

/** The boxes inside `[start, end)` of an in-memory view; a damaged size ends the walk. */
export function* children(view: BinaryView, start: number, end: number): Generator<Box> {
  for (let offset = start; offset + 8 <= end;) {
    const header = boxHeader(view, offset, end - offset);
    if (!header) return;
    yield { type: header.type, start: offset + header.headerSize, end: Math.min(end, offset + header.size) };
    offset += header.size;
  }
}

/** The first box of `[start, end)` of this type, or undefined. */
export function child(view: BinaryView, start: number, end: number, type: string): Box | undefined {
  for (const box of children(view, start, end)) if (box.type === type) return box;
  return undefined;
}

/**
 * The file's top-level boxes, found by reading each header only: a movie's `moov` after gigabytes
 * of `mdat` costs one small read, never the media. Stops at a damaged size.
 */
export async function* topLevelBoxes(reader: RangeReader): AsyncGenerator<Box & { offset: number }> {
  let offset = 0;
  for (let i = 0; i < MAX_TOP_LEVEL_BOXES && offset + 8 <= reader.size; i++) {
    const header = boxHeader(new BinaryView(await reader.read(offset, 16, MAY_BE_LESS)), 0, reader.size - offset);
    if (!header || !Number.isSafeInteger(offset + header.size)) return;
    yield { type: header.type, offset, start: offset + header.headerSize, end: Math.min(reader.size, offset + header.size) };
    offset += header.size;
  }
}

/** A box's whole content read into memory (what is there, for a truncated file), or null when larger than `maxBytes`. */
export async function readBox(reader: RangeReader, box: Box, maxBytes: number): Promise<BinaryView | null> {
  if (box.end - box.start > maxBytes) return null;
  return new BinaryView(await reader.read(box.start, box.end - box.start, MAY_BE_LESS));
}

/** The `uuid` box that holds an XMP packet (Adobe's, in MP4, MOV and CR3 files). */
export const XMP_UUID = 'be7acfcb97a942e89c71999491e3afac';

/** A `uuid` box's identifier, as lower-case hex without dashes. */
export function uuidOf(bytes: Uint8Array): string {
  return [...bytes.subarray(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * An ISO BMFF Exif payload (HEIF's Exif item, JPEG XL's Exif box): the offset of the TIFF header,
 * then (usually after "Exif\0\0") the TIFF structure. Writers that got the offset wrong put the
 * header at 4 or 10, where ExifTool finds it too. Null without one.
 */
export function exifPayload(data: Uint8Array): TiffWindow | null {
  if (data.length < 8) return null;
  for (const start of [4 + new BinaryView(data).u32(0), 4, 10]) {
    if (startsWith(data, 'II', start) || startsWith(data, 'MM', start)) return memoryWindow(data.subarray(start));
  }
  return null;
}
