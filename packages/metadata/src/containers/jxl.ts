import { decodeAs } from '../blocks/text';
import { MAY_BE_LESS, type RangeReader } from '../readers/rangeReader';
import { brotliCapped } from '../blocks/inflate';
import { MAX_METADATA_BLOCK_BYTES } from '../limits';
import { emptyInfo, tolerateTruncation, type ContainerInfo, type ContainerParser } from './container';
import { exifPayload, readBox, topLevelBoxes } from './isoBoxes';

/** The size header needs at most 12 bytes after the codestream's signature. */
const SIZE_HEADER_BYTES = 16;
/** The aspect ratios a JPEG XL size header may name instead of a width. */
const RATIOS: [number, number][] = [
  [1, 1],
  [12, 10],
  [4, 3],
  [3, 2],
  [16, 9],
  [5, 4],
  [2, 1],
];

/**
 * JPEG XL: the bare codestream (its size header), or the ISO BMFF container: the codestream in
 * `jxlc` or the first `jxlp`, EXIF in `Exif`, XMP in `xml `, either also Brotli-compressed in `brob`.
 */
export const parseJxl: ContainerParser = async (reader: RangeReader) => {
  const info = emptyInfo();
  return tolerateTruncation(info, async () => {
    const head = await reader.read(0, SIZE_HEADER_BYTES, MAY_BE_LESS);
    if (head[0] === 0xff && head[1] === 0x0a) {
      readSizeHeader(head.subarray(2), info);
      return;
    }
    for await (const box of topLevelBoxes(reader)) {
      if ((box.type === 'jxlc' || box.type === 'jxlp') && info.width === null) {
        const start = box.start + (box.type === 'jxlp' ? 4 : 0);
        const codestream = await reader.read(start, SIZE_HEADER_BYTES, MAY_BE_LESS);
        if (codestream[0] === 0xff && codestream[1] === 0x0a) readSizeHeader(codestream.subarray(2), info);
      } else if (box.type === 'Exif' || box.type === 'xml ' || box.type === 'brob') {
        const content = await readBox(reader, box, MAX_METADATA_BLOCK_BYTES);
        if (!content) {
          info.warnings.push(`JPEG XL ${box.type} box of ${box.end - box.start} bytes ignored`);
          continue;
        }
        readMetadataBox(box.type, content.bytes, info);
      }
    }
  });
};

function readMetadataBox(type: string, bytes: Uint8Array, info: ContainerInfo): void {
  if (type === 'brob') {
    const inner = decodeAs('latin1', bytes.subarray(0, 4));
    const decompressed = brotliCapped(bytes.subarray(4), MAX_METADATA_BLOCK_BYTES);
    if (!decompressed) info.warnings.push(`JPEG XL brob box (${inner}) does not decompress`);
    else if (inner === 'Exif' || inner === 'xml ') readMetadataBox(inner, decompressed, info);
    return;
  }
  if (type === 'xml ') {
    info.xmp ??= bytes;
    return;
  }
  if (info.exif) return;
  info.exif = exifPayload(bytes);
  if (!info.exif) info.warnings.push('JPEG XL Exif box has no TIFF header');
}

/** The SizeHeader (ISO/IEC 18181-1), bits read least significant first. */
function readSizeHeader(bytes: Uint8Array, info: ContainerInfo): void {
  let position = 0;
  const bits = (count: number): number => {
    let value = 0;
    for (let i = 0; i < count; i++, position++) {
      const byte = bytes[position >> 3] ?? 0;
      value += ((byte >> (position & 7)) & 1) * 2 ** i;
    }
    return value;
  };
  const u32 = () => bits([9, 13, 18, 30][bits(2)]!) + 1;
  const small = bits(1) === 1;
  const height = small ? (bits(5) + 1) * 8 : u32();
  const ratio = bits(3);
  const width = ratio ? Math.floor((height * RATIOS[ratio - 1]![0]) / RATIOS[ratio - 1]![1]) : small ? (bits(5) + 1) * 8 : u32();
  info.width = width;
  info.height = height;
}
