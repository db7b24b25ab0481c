import { BinaryView, concat, startsWith } from '../binaryView';
import { memoryWindow } from '../exif/tiffStructure';
import { MAX_ICC_BYTES } from '../icc';
import type { RangeReader } from '../rangeReader';
import { emptyInfo, tolerateTruncation, type ContainerParser } from './container';

const SOS = 0xda;
const XMP_SIGNATURE = 'http://ns.adobe.com/xap/1.0/\0';
const PHOTOSHOP_SIGNATURE = 'Photoshop 3.0\0';
const EOI = 0xd9;
/** Start-of-frame markers: C0–CF except DHT (C4), JPG (C8) and DAC (CC). */
const isStartOfFrame = (marker: number) => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
const isStandalone = (marker: number) => marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);
/** More segments than any real file has before its frame header. */
const MAX_SEGMENTS = 1000;
/** How far past a damaged spot the walk looks for the next marker, as ExifTool does, before giving up. */
const MAX_RESYNC_BYTES = 64 * 1024;
const RESYNC_STEP_BYTES = 4096;

/** A marker byte that can follow 0xFF in the header: not stuffing (0x00), not fill (0xFF). */
const isMarker = (byte: number) => byte >= 0xc0 && byte <= 0xfe;

function markerName(marker: number): string {
  if (marker >= 0xe0 && marker <= 0xef) return `APP${marker - 0xe0}`;
  if (isStartOfFrame(marker)) return `SOF${marker - 0xc0}`;
  return ({ 0xdb: 'DQT', 0xc4: 'DHT', 0xdd: 'DRI', 0xfe: 'COM' } as Record<number, string>)[marker] ?? `0x${marker.toString(16)}`;
}

/** The offset of the next 0xFF + marker at or after `from`, within MAX_RESYNC_BYTES, or null. */
async function nextMarker(reader: RangeReader, from: number): Promise<number | null> {
  for (let start = from; start < from + MAX_RESYNC_BYTES; start += RESYNC_STEP_BYTES) {
    // One byte of overlap, so that a marker split across two steps is still seen.
    const bytes = await reader.upTo(start, RESYNC_STEP_BYTES + 1);
    for (let i = 0; i + 1 < bytes.length; i++) if (bytes[i] === 0xff && isMarker(bytes[i + 1]!)) return start + i;
    if (bytes.length <= RESYNC_STEP_BYTES) return null;
  }
  return null;
}

/** JPEG: walks the marker segments up to the frame header (SOFn), collecting APP1 Exif and APP2 ICC. */
export const parseJpeg: ContainerParser = async (reader: RangeReader) => {
  const info = emptyInfo();
  const iccChunks: { sequence: number; data: Uint8Array }[] = [];
  const photoshop: Uint8Array[] = [];
  let iccBytes = 0;
  return tolerateTruncation(info, async () => {
    let offset = 2;
    let previous = 'SOI';
    for (let segments = 0; segments < MAX_SEGMENTS; segments++) {
      // peek first: an await costs a microtask even when the bytes are already cached.
      let prefix = reader.peek(offset, 2) ?? (await reader.bytes(offset, 2));
      if (prefix[0] !== 0xff || !(isMarker(prefix[1]!) || prefix[1] === 0xff || isStandalone(prefix[1]!))) {
        // Junk between segments (a camera's stray bytes, a bad edit): skip to the next marker and
        // keep reading, as ExifTool does, rather than lose everything after it.
        const next = await nextMarker(reader, offset);
        if (next === null) {
          info.warnings.push(`JPEG marker expected at offset ${offset}`);
          break;
        }
        info.warnings.push(`[minor] Skipped unknown ${next - offset} bytes after JPEG ${previous} segment`);
        offset = next;
        prefix = reader.peek(offset, 2) ?? (await reader.bytes(offset, 2));
      }
      // Any number of 0xFF fill bytes may precede a marker.
      while (prefix[1] === 0xff) {
        offset += 1;
        prefix = reader.peek(offset, 2) ?? (await reader.bytes(offset, 2));
      }
      const marker = prefix[1]!;
      offset += 2;
      if (isStandalone(marker)) continue;
      if (marker === SOS || marker === EOI) break;
      const length = new BinaryView(reader.peek(offset, 2) ?? (await reader.bytes(offset, 2))).u16(0);
      if (length < 2) {
        info.warnings.push(`JPEG segment 0x${marker.toString(16)} has a bad length`);
        break;
      }
      const segment = new BinaryView(reader.peek(offset + 2, length - 2) ?? (await reader.bytes(offset + 2, length - 2)));
      previous = markerName(marker);
      if (isStartOfFrame(marker)) {
        // The first frame header gives the size. The walk goes on to the scan: some writers put
        // APP segments (IPTC, say) between the frame header and the scan, and ExifTool reads them.
        if (info.width === null) {
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
        if (iccBytes + segment.length <= MAX_ICC_BYTES) {
          iccChunks.push({ sequence: segment.u8(12), data: segment.bytes.subarray(14) });
          iccBytes += segment.length - 14;
        }
      }
      offset += length;
    }
    if (info.width === null) info.warnings.push('JPEG has no frame header');
  }).then((result) => {
    if (iccChunks.length) result.iccProfile = concat(iccChunks.sort((a, b) => a.sequence - b.sequence).map((c) => c.data));
    if (photoshop.length) result.photoshop = concat(photoshop);
    return result;
  });
};
