import { formatBytes } from './format';
import { ACCEPTED_MIME_TYPES, DETECT_BYTES, detectFormat, SUPPORTED_FORMATS_TEXT, type ImageFormat } from '@image-pipeline/metadata/detect';

/** How many leading bytes the page reads to recognise a file. */
export const SNIFF_BYTES = DETECT_BYTES;

const LABELS: Record<ImageFormat, string> = {
  jpeg: 'JPEG',
  png: 'PNG',
  gif: 'GIF',
  webp: 'WebP',
  tiff: 'TIFF',
  bmp: 'BMP',
  heif: 'HEIF',
  avif: 'AVIF',
  jxl: 'JPEG XL',
  dng: 'DNG',
  cr2: 'Canon CR2',
  nef: 'Nikon NEF',
  nrw: 'Nikon NRW',
  arw: 'Sony ARW',
  orf: 'Olympus ORF',
  rw2: 'Panasonic RW2',
  pef: 'Pentax PEF',
  cr3: 'Canon CR3',
  raf: 'Fujifilm RAF',
  mov: 'QuickTime movie',
  mp4: 'MP4 video',
  m4v: 'M4V video',
  '3gp': '3GP video',
  '3g2': '3G2 video',
};

/**
 * The image kind the leading bytes announce, or null: the metadata core's own magic-byte table
 * (browser-safe), so that the page refuses exactly what the server would refuse.
 */
export function sniffImageKind(head: Uint8Array): string | null {
  const detected = detectFormat(head);
  return detected ? (LABELS[detected.format] ?? null) : null;
}

/** Why the server would refuse this file, or null if it looks acceptable. */
export function refusalReason(head: Uint8Array, size: number, maxBytes: number): string | null {
  if (size === 0) return 'The file is empty.';
  if (!sniffImageKind(head)) return `Not a supported image: ${SUPPORTED_FORMATS_TEXT}.`;
  if (size > maxBytes) return `Too large: at most ${formatBytes(maxBytes)}.`;
  return null;
}

/**
 * The MIME type to declare for a file: the browser's when the server accepts it, else what the
 * leading bytes say. Browsers name most RAW files "" (and some movies oddly); the server checks
 * the bytes against the declaration by family, so a NEF sniffed as TIFF is still a NEF.
 */
export function declaredMimeType(browserType: string, head: Uint8Array): string {
  if (Object.hasOwn(ACCEPTED_MIME_TYPES, browserType)) return browserType;
  return detectFormat(head)?.mimeType ?? (browserType || 'application/octet-stream');
}
