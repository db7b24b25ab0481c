import type { RangeReader } from '../readers/rangeReader';
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

/** The boxes inside `[start, end)` of an in-memory view; a damaged size ends the walk. */
export function* children(view: BinaryView, start: number, end: number): Generator<Box> {
  let offset = start;
  while (offset + 8 <= end) {
    let size = view.u32(offset);
    const type = view.ascii(offset + 4, 4);
    let headerSize = 8;
    if (size === 1) {
      if (offset + 16 > end) return;
      size = view.u64(offset + 8);
      headerSize = 16;
    } else if (size === 0) {
      size = end - offset;
    }
    if (size < headerSize) return;
    yield { type, start: offset + headerSize, end: Math.min(end, offset + size) };
    offset += size;
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
    const header = new BinaryView(await reader.read(offset, 16, { mayBeLess: true }));
    let size = header.u32(0);
    const type = header.ascii(4, 4);
    let headerSize = 8;
    if (size === 1) {
      if (!header.fits(8, 8)) return;
      size = header.u64(8);
      headerSize = 16;
    } else if (size === 0) {
      size = reader.size - offset;
    }
    if (size < headerSize || !Number.isSafeInteger(offset + size)) return;
    yield { type, offset, start: offset + headerSize, end: Math.min(reader.size, offset + size) };
    offset += size;
  }
}

/** A box's whole content read into memory (what is there, for a truncated file), or null when larger than `maxBytes`. */
export async function readBox(reader: RangeReader, box: Box, maxBytes: number): Promise<BinaryView | null> {
  if (box.end - box.start > maxBytes) return null;
  return new BinaryView(await reader.read(box.start, box.end - box.start, { mayBeLess: true }));
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
