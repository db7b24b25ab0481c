import { BinaryView, concat, startsWith } from '../binaryView';
import { memoryWindow } from '../exif/tiffStructure';
import { MAX_ICC_BYTES } from '../icc';
import type { RangeReader } from '../rangeReader';
import { emptyInfo, tolerateTruncation, type ContainerParser } from './container';

const SOS = 0xda;
const EOI = 0xd9;
/** Start-of-frame markers: C0–CF except DHT (C4), JPG (C8) and DAC (CC). */
const isStartOfFrame = (marker: number) => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
const isStandalone = (marker: number) => marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);
/** More segments than any real file has before its frame header. */
const MAX_SEGMENTS = 1000;

/** JPEG: walks the marker segments up to the frame header (SOFn), collecting APP1 Exif and APP2 ICC. */
export const parseJpeg: ContainerParser = async (reader: RangeReader) => {
  const info = emptyInfo();
  const iccChunks: { sequence: number; data: Uint8Array }[] = [];
  let iccBytes = 0;
  return tolerateTruncation(info, async () => {
    let offset = 2;
    for (let segments = 0; segments < MAX_SEGMENTS; segments++) {
      // peek first: an await costs a microtask even when the bytes are already cached.
      let prefix = reader.peek(offset, 2) ?? (await reader.bytes(offset, 2));
      if (prefix[0] !== 0xff) {
        info.warnings.push(`JPEG marker expected at offset ${offset}`);
        break;
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
      if (isStartOfFrame(marker)) {
        info.bitDepth = segment.u8(0);
        info.height = segment.u16(1);
        info.width = segment.u16(3);
        // Everything we read (Exif, ICC) precedes the frame header in every real file.
        break;
      }
      if (marker === 0xe1 && startsWith(segment.bytes, 'Exif\0')) {
        if (info.exif) info.warnings.push('JPEG has more than one Exif segment; the first is used');
        else info.exif = memoryWindow(segment.bytes.subarray(6));
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
    return result;
  });
};
