import { BinaryView, concat, startsWith } from '../readers/binaryView';
import { memoryWindow } from '../blocks/exif/tiffStructure';
import { MAY_BE_LESS, held, RangeReader } from '../readers/rangeReader';
import { walkContainer, type ContainerInfo, type ContainerParser } from './container';
import { MAX_METADATA_BLOCK_BYTES } from '../limits';

const SOS = 0xda;
const XMP_SIGNATURE = 'http://ns.adobe.com/xap/1.0/\0';
const PHOTOSHOP_SIGNATURE = 'Photoshop 3.0\0';
const EOI = 0xd9;
/** Start-of-frame markers: C0–CF except DHT (C4), JPG (C8) and DAC (CC). */
const isStartOfFrame = (marker: number) => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
/**
 * Markers with no length word, as ExifTool's JPEG walk knows them: 0x00 ("NULL": a stray 0xFF 0x00),
 * TEM, RSTn, SOI, EOI, SOS, and JPEG 2000 code-stream markers.
 */
const hasNoLength = (marker: number) =>
  marker === 0x00 ||
  marker === 0x01 ||
  (marker >= 0xd0 && marker <= 0xda) ||
  (marker >= 0x30 && marker <= 0x3f) ||
  marker === 0x4f ||
  marker === 0x92 ||
  marker === 0x93;
/** JPEG 2000 extension markers with a 4-byte length word. */
const hasLongLength = (marker: number) => marker === 0x74 || marker === 0x75 || marker === 0x77;
/** More segments than any real file has before its scan. */
const MAX_SEGMENTS = 1000;
/** How far past a damaged spot the walk looks for the next 0xFF, before giving up. */
const MAX_RESYNC_BYTES = 64 * 1024;
const RESYNC_STEP_BYTES = 4096;

function markerName(marker: number): string {
  if (marker >= 0xe0 && marker <= 0xef) return `APP${marker - 0xe0}`;
  if (isStartOfFrame(marker)) return `SOF${marker - 0xc0}`;
  return (
    ({ 0x00: 'NULL', 0xd8: 'SOI', 0xdb: 'DQT', 0xc4: 'DHT', 0xcc: 'DAC', 0xdd: 'DRI', 0xfe: 'COM' } as Record<number, string>)[marker] ??
    `0x${marker.toString(16)}`
  );
}

/** The offset of the next 0xFF at or after `from`, within MAX_RESYNC_BYTES, or null. */
function nextFF(reader: RangeReader, from: number): number | null {
  for (let start = from; start < from + MAX_RESYNC_BYTES && start < reader.size; start += RESYNC_STEP_BYTES) {
    const at = held(reader.read(start, RESYNC_STEP_BYTES, MAY_BE_LESS)).indexOf(0xff);
    if (at >= 0) return start + at;
  }
  return null;
}

/**
 * JPEG: walks the marker segments up to the frame header (SOFn), collecting APP1 Exif and APP2
 * ICC. One synchronous walk over the bytes held (walkContainer): a JPEG in memory is read without
 * a promise.
 */
export const parseJpeg: ContainerParser = (reader: RangeReader) => walkContainer(reader, walkJpeg);

function walkJpeg(reader: RangeReader, info: ContainerInfo): void {
  const iccChunks: { sequence: number; data: Uint8Array }[] = [];
  const photoshop: Uint8Array[] = [];
  let iccBytes = 0;
  try {
    let offset = 2;
    let previous = 0xd8; // SOI: the marker before, named only in a warning
    // ExifTool's walk: skip to the next 0xFF (anything before it is junk, with a minor warning),
    // then past any 0xFF fill; a marker without a length is stepped over; a segment whose length
    // is bad or runs past the end of the file ends the walk, as do SOS and EOI.
    for (let segments = 0; segments < MAX_SEGMENTS; segments++) {
      let prefix = held(reader.read(offset, 2, MAY_BE_LESS));
      if (prefix.length < 2) break;
      if (prefix[0] !== 0xff) {
        const next = nextFF(reader, offset);
        if (next === null) {
          info.warnings.push(`JPEG marker expected at offset ${offset}`);
          break;
        }
        info.warnings.push(`[minor] Skipped unknown ${next - offset} bytes after JPEG ${markerName(previous)} segment`);
        offset = next;
        prefix = held(reader.read(offset, 2));
      }
      // Any number of 0xFF fill bytes may precede a marker.
      while (prefix[1] === 0xff) {
        offset += 1;
        prefix = held(reader.read(offset, 2));
      }
      const marker = prefix[1]!;
      offset += 2;
      if (marker === SOS || marker === EOI) break;
      if (hasNoLength(marker)) {
        previous = marker;
        continue;
      }
      if (hasLongLength(marker)) {
        offset += new BinaryView(held(reader.read(offset, 4))).u32(0);
        previous = marker;
        continue;
      }
      const lengthBytes = held(reader.read(offset, 2));
      const length = (lengthBytes[0]! << 8) | lengthBytes[1]!;
      if (length < 2 || offset + length > reader.size) {
        info.warnings.push(`JPEG ${markerName(marker)} segment has a bad length`);
        break;
      }
      const segment = new BinaryView(held(reader.read(offset + 2, length - 2)));
      previous = marker;
      if (isStartOfFrame(marker)) {
        // The first whole frame header gives the size. The walk goes on to the scan: some writers
        // put APP segments (IPTC, say) between the frame header and the scan; ExifTool reads them.
        if (info.width === null && segment.length >= 6) {
          info.bitDepth = segment.u8(0);
          info.height = segment.u16(1);
          info.width = segment.u16(3);
        }
        offset += length;
        continue;
      }
      if (marker === 0xe1 && startsWith(segment.bytes, 'Exif\0')) {
        if (info.exif) info.warnings.push('JPEG has more than one Exif segment; the first is used');
        else info.exif = memoryWindow(segment.bytes.subarray(6));
      } else if (marker === 0xe1 && startsWith(segment.bytes, XMP_SIGNATURE)) {
        info.xmp ??= segment.bytes.subarray(XMP_SIGNATURE.length);
      } else if (marker === 0xed && startsWith(segment.bytes, PHOTOSHOP_SIGNATURE)) {
        // Photoshop's resources may be split over several APP13 segments.
        photoshop.push(segment.bytes.subarray(PHOTOSHOP_SIGNATURE.length));
      } else if (marker === 0xe2 && startsWith(segment.bytes, 'ICC_PROFILE\0') && segment.length > 14) {
        if (iccBytes + segment.length <= MAX_METADATA_BLOCK_BYTES) {
          iccChunks.push({ sequence: segment.u8(12), data: segment.bytes.subarray(14) });
          iccBytes += segment.length - 14;
        }
      }
      offset += length;
    }
    if (info.width === null) info.warnings.push('JPEG has no frame header');
  } finally {
    // Also when the file ends early: what was found before is kept.
    if (iccChunks.length) info.iccProfile = concat(iccChunks.sort((a, b) => a.sequence - b.sequence).map((c) => c.data));
    if (photoshop.length) info.photoshop = concat(photoshop);
  }
}

/** A JPEG embedded in another file (a RAF's preview, an RW2's JpgFromRaw), read through the file's own reader. */
export async function parseEmbeddedJpeg(reader: RangeReader, offset: number, length: number): Promise<ContainerInfo> {
  return parseJpeg(new RangeReader({ size: length, read: async (at, bytes) => reader.read(offset + at, bytes, MAY_BE_LESS) }));
}
