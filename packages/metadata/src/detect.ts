import { startsWith } from './readers/binaryView';
import { ImageFormat } from './types';

export { ImageFormat };

/** For the page's own refusal, in the same words as the server's. */
export { SUPPORTED_FORMATS_TEXT } from './errors';

/** How many leading bytes `detectFormat` needs. */
export const DETECT_BYTES = 32;

export const MIME_TYPES: Record<ImageFormat, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  tiff: 'image/tiff',
  bmp: 'image/bmp',
  heif: 'image/heif',
  avif: 'image/avif',
  jxl: 'image/jxl',
  dng: 'image/x-adobe-dng',
  cr2: 'image/x-canon-cr2',
  nef: 'image/x-nikon-nef',
  nrw: 'image/x-nikon-nrw',
  arw: 'image/x-sony-arw',
  orf: 'image/x-olympus-orf',
  rw2: 'image/x-panasonic-rw2',
  pef: 'image/x-pentax-pef',
  cr3: 'image/x-canon-cr3',
  raf: 'image/x-fujifilm-raf',
  mov: 'video/quicktime',
  mp4: 'video/mp4',
  m4v: 'video/x-m4v',
  '3gp': 'video/3gpp',
  '3g2': 'video/3gpp2',
};

/** Camera RAW files: their thumbnail comes from the largest JPEG preview they embed. */
export const RAW_FORMATS: ReadonlySet<ImageFormat> = new Set(['dng', 'cr2', 'nef', 'nrw', 'arw', 'orf', 'rw2', 'pef', 'cr3', 'raf']);
/** RAW files built on TIFF: the leading bytes say TIFF (or a RAW's own TIFF magic); IFD0 says which camera made it. */
export const TIFF_RAW_FORMATS: ReadonlySet<ImageFormat> = new Set(['dng', 'cr2', 'nef', 'nrw', 'arw', 'orf', 'rw2', 'pef']);
/** QuickTime and ISO BMFF movies. */
export const VIDEO_FORMATS: ReadonlySet<ImageFormat> = new Set(['mov', 'mp4', 'm4v', '3gp', '3g2']);

/**
 * BigTIFF (version 43) is its own type: ExifTool calls it image/x-tiff-big, and so do we, because a
 * reader that only knows classic TIFF (32-bit offsets) cannot open it. Its format stays `tiff`.
 */
export const BIGTIFF_MIME_TYPE = 'image/x-tiff-big';

/**
 * The one list of MIME types an upload may declare, each with the format it names: every type
 * detection answers, plus the names browsers and phones give HEIF files. The uploader accepts from
 * it, and the processor checks the bytes against it (declaredTypeMatches).
 */
export const ACCEPTED_MIME_TYPES: Readonly<Record<string, ImageFormat>> = {
  ...Object.fromEntries((Object.entries(MIME_TYPES) as [ImageFormat, string][]).map(([format, mime]) => [mime, format])),
  [BIGTIFF_MIME_TYPE]: 'tiff',
  'image/heic': 'heif',
  'image/heic-sequence': 'heif',
  'image/heif-sequence': 'heif',
  // The names operating systems give RAW files where they differ from ExifTool's.
  'image/x-panasonic-raw': 'rw2',
  'image/x-fuji-raf': 'raf',
};

/**
 * Whether bytes of `format` are what an upload declared as `declaredMimeType`, by family:
 * HEIF and AVIF share one container (and browsers name HEIC files either way); a TIFF-based RAW's
 * leading bytes say TIFF, so a page that could only sniff them declares TIFF; and a phone's movie
 * is QuickTime or MP4 whatever its extension says.
 */
export function declaredTypeMatches(declaredMimeType: string, format: ImageFormat): boolean {
  const declared = Object.hasOwn(ACCEPTED_MIME_TYPES, declaredMimeType) ? ACCEPTED_MIME_TYPES[declaredMimeType] : undefined;
  return declared !== undefined && formatFamily(declared) === formatFamily(format);
}

/** The family a format belongs to: what declaredTypeMatches compares, and how extract knows a TIFF-based file. */
export function formatFamily(format: ImageFormat): string {
  return FAMILIES[format];
}

const FAMILIES = Object.fromEntries(
  (Object.keys(MIME_TYPES) as ImageFormat[]).map((format) => [
    format,
    format === 'avif' ? 'heif' : TIFF_RAW_FORMATS.has(format) ? 'tiff' : VIDEO_FORMATS.has(format) ? 'video' : format,
  ]),
) as Record<ImageFormat, string>;

const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx']);
const HEIF_BRANDS = new Set(['mif1', 'msf1', 'mif2', 'miaf']);
const AVIF_BRANDS = new Set(['avif', 'avis']);

/** The format and its MIME type, judged only by magic bytes. */
export interface DetectedType {
  format: ImageFormat;
  mimeType: string;
}

/** Detects a supported image format from the first bytes (at least DETECT_BYTES of them), or null. */
export function detectFormat(head: Uint8Array): DetectedType | null {
  const format = detectFormatId(head);
  if (!format) return null;
  return { format, mimeType: format === 'heif' ? heifMimeType(head) : format === 'tiff' && isBigTiff(head) ? BIGTIFF_MIME_TYPE : MIME_TYPES[format] };
}

function detectFormatId(head: Uint8Array): ImageFormat | null {
  // SOI alone, as ExifTool takes it: a damaged file may lack the 0xFF of its first marker.
  if (head[0] === 0xff && head[1] === 0xd8) return 'jpeg';
  if (startsWith(head, '\x89PNG\r\n\x1a\n')) return 'png';
  if (startsWith(head, 'GIF87a') || startsWith(head, 'GIF89a')) return 'gif';
  if (startsWith(head, 'RIFF') && startsWith(head, 'WEBP', 8)) return 'webp';
  if (startsWith(head, 'II') && (head[2] === 42 || head[2] === 43) && head[3] === 0) return startsWith(head, 'CR\x02', 8) ? 'cr2' : 'tiff';
  if (startsWith(head, 'MM') && head[2] === 0 && (head[3] === 42 || head[3] === 43)) return 'tiff';
  // Olympus and Panasonic change TIFF's magic number: IIRO, IIRS and MMOR; IIU.
  if (startsWith(head, 'IIRO\x08\0\0\0') || startsWith(head, 'IIRS\x08\0\0\0') || startsWith(head, 'MMOR\0\0\0\x08')) return 'orf';
  if (startsWith(head, 'IIU\0')) return 'rw2';
  if (startsWith(head, 'FUJIFILM')) return 'raf';
  if (startsWith(head, 'BM') && head.length >= 18 && isBmpHeaderSize(head)) return 'bmp';
  // JPEG XL: the bare codestream, or its ISO BMFF container's signature box.
  if (head[0] === 0xff && head[1] === 0x0a) return 'jxl';
  if (startsWith(head, '\0\0\0\x0cJXL \x0d\x0a\x87\x0a')) return 'jxl';
  if (startsWith(head, 'ftyp', 4)) return isoBrandFormat(head);
  // A QuickTime movie from before ftyp: its first atom is one of these.
  if (QUICKTIME_FIRST_ATOMS.some((atom) => startsWith(head, atom, 4))) return 'mov';
  return null;
}

const QUICKTIME_FIRST_ATOMS = ['moov', 'mdat', 'wide', 'free', 'skip', 'pnot'];

/** Version 43 with BigTIFF's whole header (8-byte offsets, then 0); without it ExifTool reads a classic TIFF. */
export function isBigTiff(head: Uint8Array): boolean {
  if (head[0] === 0x49) return head[2] === 43 && head[4] === 8 && head[5] === 0 && head[6] === 0 && head[7] === 0;
  return head[3] === 43 && head[4] === 0 && head[5] === 8 && head[6] === 0 && head[7] === 0;
}

/** The DIB header sizes ExifTool accepts: OS/2 1.x (12) and 2.x (16, 64), and 40 or more for Windows' (V3 40, V4 108, V5 124, …). */
function isBmpHeaderSize(head: Uint8Array): boolean {
  const dibSize = (head[14]! | (head[15]! << 8) | (head[16]! << 16) | (head[17]! << 24)) >>> 0;
  return dibSize === 12 || dibSize === 16 || (dibSize >= 40 && dibSize < 1_000_000);
}

function brands(head: Uint8Array): string[] {
  const boxSize = ((head[0]! << 24) | (head[1]! << 16) | (head[2]! << 8) | head[3]!) >>> 0;
  const end = Math.min(head.length, boxSize);
  const found: string[] = [];
  const read = (offset: number) => String.fromCharCode(...head.subarray(offset, offset + 4));
  if (end >= 12) found.push(read(8));
  for (let offset = 16; offset + 4 <= end; offset += 4) found.push(read(offset));
  return found;
}

/** Major brands that name a movie type, as ExifTool's ftyp table does. */
const VIDEO_BRANDS: Record<string, ImageFormat> = { 'qt  ': 'mov', 'M4V ': 'm4v', M4VH: 'm4v', M4VP: 'm4v' };
/** Major brands of audio-only and other non-video ISO BMFF files, which are not ours. */
const NOT_VIDEO_BRANDS = new Set(['M4A ', 'M4B ', 'M4P ', 'F4A ', 'F4B ', 'aax ', 'jp2 ', 'jpm ', 'jpx ', 'mqt ']);

function isoBrandFormat(head: Uint8Array): ImageFormat | null {
  const all = brands(head);
  const major = all[0];
  if (major && AVIF_BRANDS.has(major)) return 'avif';
  if (major && (HEIC_BRANDS.has(major) || HEIF_BRANDS.has(major))) return 'heif';
  if (major === 'crx ') return 'cr3';
  if (major && Object.hasOwn(VIDEO_BRANDS, major)) return VIDEO_BRANDS[major]!;
  if (major?.startsWith('3g2')) return '3g2';
  if (major && /^3g[pegs]/.test(major)) return '3gp';
  if (all.some((b) => AVIF_BRANDS.has(b))) return 'avif';
  if (all.some((b) => HEIC_BRANDS.has(b) || HEIF_BRANDS.has(b))) return 'heif';
  if (major && NOT_VIDEO_BRANDS.has(major)) return null;
  // ExifTool's rule for other brands: QuickTime when only 'qt  ' is compatible, else MP4.
  if (!all.some((b) => b === 'mp41' || b === 'mp42' || b === 'avc1') && all.includes('qt  ')) return 'mov';
  return 'mp4';
}

function heifMimeType(head: Uint8Array): string {
  const major = brands(head)[0];
  // ExifTool's naming: HEIC for HEVC-coded brands, HEIF otherwise.
  return major && HEIC_BRANDS.has(major) ? 'image/heic' : 'image/heif';
}
