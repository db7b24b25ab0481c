import { decodeAs } from '../blocks/text';
import { BinaryView, startsWith } from '../readers/binaryView';
import { memoryWindow } from '../blocks/exif/tiffStructure';
import { inflateCapped } from '../blocks/inflate';
import { held, type RangeReader } from '../readers/rangeReader';
import { walkContainer, type ContainerInfo, type ContainerParser } from './container';
import { lastOccurrences, readTail } from './tailScan';
import { MAX_METADATA_BLOCK_BYTES } from '../limits';

const MAX_CHUNKS = 10_000;

/**
 * PNG (and APNG): IHDR, then the chunks for ICC, EXIF (also after IDAT) and animation. One
 * synchronous walk over the bytes held (walkContainer): a PNG in memory is read without a promise.
 */
export const parsePng: ContainerParser = (reader: RangeReader) => walkContainer(reader, walkPng);

function walkPng(reader: RangeReader, info: ContainerInfo): void {
  // Chunk headers are read from the bytes held (all of them, for a file in memory) in place.
  const head = new BinaryView(reader.heldHead());
  const ihdrInHead = head.fits(8, 25);
  const ihdr = ihdrInHead ? head : new BinaryView(held(reader.read(8, 25)));
  const at = ihdrInHead ? 8 : 0;
  if (ihdr.u32(at + 4) !== IHDR) {
    info.warnings.push('PNG does not start with IHDR');
    return;
  }
  info.width = ihdr.u32(at + 8);
  info.height = ihdr.u32(at + 12);
  info.bitDepth = ihdr.u8(at + 16);
  const colorType = ihdr.u8(at + 17);
  info.hasAlpha = colorType === 4 || colorType === 6;
  info.animated = false;

  let offset = 8;
  let passedImageData = false;
  for (let chunks = 0; chunks < MAX_CHUNKS && offset + 12 <= reader.size; chunks++) {
    // Past the image data, only follow chunk headers we already hold; look in the tail instead.
    if (passedImageData && !reader.has(offset, 8)) break;
    const header = head.fits(offset, 8) ? head : new BinaryView(held(reader.read(offset, 8)));
    const at = header === head ? offset : 0;
    const length = header.u32(at);
    const type = header.u32(at + 4);
    const dataStart = offset + 8;
    if (type === IEND) return;
    if (type === IDAT || type === FDAT) passedImageData = true;
    else if (type === TRNS) info.hasAlpha = true;
    else if (type === ACTL) {
      info.animated = true;
      info.frameCount = new BinaryView(held(reader.read(dataStart, 8))).u32(0);
    } else if (type === EXIF && !info.exif && length <= MAX_METADATA_BLOCK_BYTES) {
      info.exif = memoryWindow(held(reader.read(dataStart, length)));
    } else if ((type === ITXT || type === TEXT || type === ZTXT) && length <= MAX_TEXT_CHUNK_BYTES) {
      // Only the keywords we read are worth fetching the whole chunk for; the others (a comment,
      // a title, a date) are told by their first bytes, without decoding them.
      const start = held(reader.read(dataStart, Math.min(length, 80)));
      const keyword = startsWith(start, XMP_KEYWORD) || startsWith(start, RAW_PROFILE_PREFIX) ? keywordOf(start) : null;
      if (keyword !== null && (keyword === XMP_KEYWORD || RAW_PROFILES.has(keyword))) {
        const text = textOf(type, held(reader.read(dataStart, length)));
        if (text) takeText(info, keyword, text);
      }
    } else if (type === ICCP && length <= MAX_METADATA_BLOCK_BYTES) {
      const data = held(reader.read(dataStart, length));
      const nameEnd = data.indexOf(0);
      if (nameEnd > 0 && nameEnd + 2 < data.length) info.iccProfile = inflateCapped(data.subarray(nameEnd + 2), MAX_METADATA_BLOCK_BYTES);
    }
    offset = dataStart + length + 4;
    if (offset > reader.size) info.warnings.push('PNG is truncated');
  }
  if (!info.exif && passedImageData) info.exif = exifFromTail(held(readTail(reader)));
}

/** A chunk's type as its four bytes read big-endian: compared as a number, not decoded to text. */
const chunkType = (name: string) => ((name.charCodeAt(0) << 24) | (name.charCodeAt(1) << 16) | (name.charCodeAt(2) << 8) | name.charCodeAt(3)) >>> 0;
const [IHDR, IEND, IDAT, FDAT, TRNS, ACTL, EXIF, ITXT, TEXT, ZTXT, ICCP] = [
  'IHDR',
  'IEND',
  'IDAT',
  'fdAT',
  'tRNS',
  'acTL',
  'eXIf',
  'iTXt',
  'tEXt',
  'zTXt',
  'iCCP',
].map(chunkType);

/** An eXIf chunk after the image data, found in the file's tail and confirmed by its CRC. */
function exifFromTail(tail: Uint8Array) {
  const view = new BinaryView(tail);
  for (const at of lastOccurrences(tail, 'eXIf')) {
    if (at < 4) continue;
    const length = view.u32(at - 4);
    if (!view.fits(at + 4, length + 4)) continue;
    const crc = view.u32(at + 4 + length);
    if (crc32(tail.subarray(at, at + 4 + length)) !== crc) continue;
    const data = tail.subarray(at + 4, at + 4 + length);
    return startsWith(data, 'II') || startsWith(data, 'MM') ? memoryWindow(data) : null;
  }
  return null;
}

let crcTable: Uint32Array | undefined;

export function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const byte of bytes) crc = crcTable[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const XMP_KEYWORD = 'XML:com.adobe.xmp';
/** Text chunks larger than this are not read. */
const MAX_TEXT_CHUNK_BYTES = 4 * 1024 * 1024;
const RAW_PROFILE_PREFIX = 'Raw profile type ';
/** ImageMagick's "Raw profile type …" text chunks (hex, often in zTXt), which ExifTool reads too. */
const RAW_PROFILES = new Map<string, 'exif' | 'icc' | 'iptc' | 'photoshop' | 'xmp'>([
  ['Raw profile type exif', 'exif'],
  ['Raw profile type APP1', 'exif'],
  ['Raw profile type icc', 'icc'],
  ['Raw profile type icm', 'icc'],
  ['Raw profile type iptc', 'iptc'],
  ['Raw profile type 8bim', 'photoshop'],
  ['Raw profile type xmp', 'xmp'],
]);

function keywordOf(data: Uint8Array): string | null {
  const end = data.indexOf(0);
  return end > 0 ? decodeAs('latin1', data.subarray(0, end)) : null;
}

/** The text of a tEXt, zTXt or iTXt chunk (inflated when compressed), or null when damaged. */
function textOf(type: number, data: Uint8Array): Uint8Array | null {
  const keywordEnd = data.indexOf(0);
  if (type === TEXT) return data.subarray(keywordEnd + 1);
  if (type === ZTXT) return inflateCapped(data.subarray(keywordEnd + 2), MAX_TEXT_CHUNK_BYTES);
  const compressed = data[keywordEnd + 1] === 1;
  const languageEnd = data.indexOf(0, keywordEnd + 3);
  const translatedEnd = languageEnd < 0 ? -1 : data.indexOf(0, languageEnd + 1);
  if (translatedEnd < 0) return null;
  const text = data.subarray(translatedEnd + 1);
  return compressed ? inflateCapped(text, MAX_TEXT_CHUNK_BYTES) : text;
}

/** An XMP packet, or a raw profile's bytes, where the rest of the pipeline looks for them; the first of each wins. */
function takeText(info: ContainerInfo, keyword: string, text: Uint8Array): void {
  if (keyword === XMP_KEYWORD) {
    if (text.length <= MAX_METADATA_BLOCK_BYTES) info.xmp ??= text;
    return;
  }
  const bytes = rawProfileBytes(text);
  if (!bytes) return;
  switch (RAW_PROFILES.get(keyword)) {
    case 'exif': {
      const tiff = startsWith(bytes, 'Exif\0\0') ? bytes.subarray(6) : bytes;
      if (startsWith(tiff, 'II') || startsWith(tiff, 'MM')) info.exif ??= memoryWindow(tiff);
      break;
    }
    case 'icc':
      if (bytes.length <= MAX_METADATA_BLOCK_BYTES) info.iccProfile ??= bytes;
      break;
    case 'iptc':
      // ImageMagick writes either bare IIM or Photoshop resources under this name.
      if (startsWith(bytes, '8BIM')) info.photoshop ??= bytes;
      else info.iptc ??= bytes;
      break;
    case 'photoshop':
      info.photoshop ??= bytes;
      break;
    case 'xmp':
      if (bytes.length <= MAX_METADATA_BLOCK_BYTES) info.xmp ??= bytes;
      break;
  }
}

/** A raw profile's text: "\n<name>\n<length, right-aligned>\n<hex, in lines>". Its bytes, or null when malformed. */
export function rawProfileBytes(text: Uint8Array): Uint8Array | null {
  const string = decodeAs('latin1', text);
  // As ExifTool reads it: a newline, the profile's name (any text: "IPTC profile"), its length.
  const match = /^\n[^\n]*\n\s*(\d+)\n/.exec(string);
  if (!match) return null;
  const length = Number(match[1]);
  if (!Number.isSafeInteger(length) || length <= 0 || length > MAX_TEXT_CHUNK_BYTES) return null;
  const out = new Uint8Array(length);
  let filled = 0;
  let high = -1;
  for (let i = match[0].length; i < string.length && filled < length; i++) {
    const digit = HEX_VALUES[string.charCodeAt(i)] ?? -1;
    if (digit < 0) continue; // line breaks and spaces between the hex digits
    if (high < 0) high = digit;
    else {
      out[filled++] = (high << 4) | digit;
      high = -1;
    }
  }
  return filled === length ? out : null;
}

const HEX_VALUES: Record<number, number> = Object.fromEntries(
  [...'0123456789abcdef'].flatMap((c, v) => [
    [c.charCodeAt(0), v],
    [c.toUpperCase().charCodeAt(0), v],
  ]),
);
