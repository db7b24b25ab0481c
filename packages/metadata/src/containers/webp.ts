import { BinaryView, startsWith } from '../readers/binaryView';
import { memoryWindow, type TiffWindow } from '../blocks/exif/tiffStructure';
import type { RangeReader } from '../readers/rangeReader';
import { emptyInfo, tolerateTruncation, type ContainerParser } from './container';
import { lastOccurrences, readTail } from './tailScan';
import { MAX_METADATA_BLOCK_BYTES } from '../limits';

const MAX_CHUNKS = 100_000;
const VP8X_FLAG = { icc: 0x20, alpha: 0x10, exif: 0x08, xmp: 0x04, animation: 0x02 } as const;

/** WebP: VP8, VP8L or VP8X (with ICCP, EXIF — often at the very end — and ANMF frames). */
export const parseWebp: ContainerParser = async (reader: RangeReader) => {
  const info = emptyInfo();
  return tolerateTruncation(info, async () => {
    const riffEnd = Math.min(reader.size, 8 + new BinaryView(await reader.read(4, 4), true).u32(0));
    let offset = 12;
    let flags = 0;
    let frames = 0;
    let complete = false;
    for (let chunks = 0; chunks < MAX_CHUNKS; chunks++) {
      if (offset + 8 > riffEnd) {
        complete = true;
        break;
      }
      if (!reader.has(offset, 8) && info.width !== null) {
        // What remains is image data and trailing metadata: fetch the tail once instead of walking.
        if (flags & VP8X_FLAG.exif && !info.exif) info.exif = await exifFromTail(reader);
        if (flags & VP8X_FLAG.xmp && !info.xmp) info.xmp = await xmpFromTail(reader);
        break;
      }
      const header = new BinaryView(await reader.read(offset, 8), true);
      const type = header.ascii(0, 4);
      const size = header.u32(4);
      const data = offset + 8;
      if (type === 'VP8X') {
        const vp8x = new BinaryView(await reader.read(data, 10), true);
        flags = vp8x.u8(0);
        info.width = vp8x.u24(4) + 1;
        info.height = vp8x.u24(7) + 1;
        info.hasAlpha = (flags & VP8X_FLAG.alpha) !== 0;
        info.animated = (flags & VP8X_FLAG.animation) !== 0;
        info.bitDepth = 8;
      } else if (type === 'VP8 ' && info.width === null) {
        const vp8 = new BinaryView(await reader.read(data, 10), true);
        if (vp8.u8(3) !== 0x9d || vp8.u8(4) !== 0x01 || vp8.u8(5) !== 0x2a) {
          info.warnings.push('WebP VP8 frame has no start code');
          break;
        }
        info.width = vp8.u16(6) & 0x3fff;
        info.height = vp8.u16(8) & 0x3fff;
        info.bitDepth = 8;
        info.hasAlpha = false;
        info.animated = false;
      } else if (type === 'VP8L' && info.width === null) {
        const vp8l = new BinaryView(await reader.read(data, 5), true);
        if (vp8l.u8(0) !== 0x2f) {
          info.warnings.push('WebP VP8L bitstream has no signature');
          break;
        }
        const bits = vp8l.u32(1);
        info.width = (bits & 0x3fff) + 1;
        info.height = ((bits >>> 14) & 0x3fff) + 1;
        info.hasAlpha = ((bits >>> 28) & 1) === 1;
        info.bitDepth = 8;
        info.animated = false;
      } else if (type === 'ICCP' && size <= MAX_METADATA_BLOCK_BYTES) {
        info.iccProfile = await reader.read(data, size);
      } else if (type === 'XMP ' && size <= MAX_METADATA_BLOCK_BYTES && !info.xmp) {
        info.xmp = await reader.read(data, size);
      } else if (type === 'EXIF' && size <= MAX_METADATA_BLOCK_BYTES && !info.exif) {
        info.exif = exifWindow(await reader.read(data, size));
      } else if (type === 'ANMF') {
        frames += 1;
      }
      offset = data + size + (size & 1);
    }
    if (info.animated && complete) info.frameCount = frames;
  });
};

/** Some writers put the JPEG-style "Exif\0\0" prefix inside the chunk. */
function exifWindow(data: Uint8Array): TiffWindow {
  return memoryWindow(startsWith(data, 'Exif\0\0') ? data.subarray(6) : data);
}

/**
 * The last chunk of this type in the file's tail whose size leads to where `endsAt` accepts (the
 * end of the file, or a chunk that ends it): a chunk header found inside image data would not.
 */
async function chunkFromTail(
  reader: RangeReader,
  type: string,
  endsAt: (view: BinaryView, end: number, length: number) => boolean,
): Promise<Uint8Array | null> {
  const tail = await readTail(reader);
  const view = new BinaryView(tail, true);
  for (const at of lastOccurrences(tail, type)) {
    if (!view.fits(at, 8)) continue;
    const size = view.u32(at + 4);
    if (endsAt(view, at + 8 + size + (size & 1), tail.length)) return tail.subarray(at + 8, at + 8 + size);
  }
  return null;
}

const endsFile = (_view: BinaryView, end: number, length: number) => end === length;

/** An EXIF chunk near the end: its size leads exactly to the end, or to a final XMP chunk. */
async function exifFromTail(reader: RangeReader): Promise<TiffWindow | null> {
  const data = await chunkFromTail(
    reader,
    'EXIF',
    (view, end, length) =>
      end === length || (view.fits(end, 8) && view.ascii(end, 4) === 'XMP ' && end + 8 + view.u32(end + 4) + (view.u32(end + 4) & 1) === length),
  );
  return data ? exifWindow(data) : null;
}

/** An XMP chunk that ends the file. */
async function xmpFromTail(reader: RangeReader): Promise<Uint8Array | null> {
  const data = await chunkFromTail(reader, 'XMP ', endsFile);
  return data && data.length <= MAX_METADATA_BLOCK_BYTES ? data : null;
}
