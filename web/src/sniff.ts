import { DETECT_BYTES, detectFormat, SUPPORTED_FORMATS_TEXT } from '@image-pipeline/metadata/detect';

/** How many leading bytes the page reads to recognise a file. */
export const SNIFF_BYTES = DETECT_BYTES;

const LABELS = { jpeg: 'JPEG', png: 'PNG', gif: 'GIF', webp: 'WebP', tiff: 'TIFF', bmp: 'BMP', heif: 'HEIF', avif: 'AVIF' } as const;

/**
 * The image kind the leading bytes announce, or null: the metadata core's own magic-byte table
 * (browser-safe), so that the page refuses exactly what the server would refuse.
 */
export function sniffImageKind(head: Uint8Array): string | null {
  const detected = detectFormat(head);
  return detected ? LABELS[detected.format] : null;
}

/** Why the server would refuse this file, or null if it looks acceptable. */
export function refusalReason(head: Uint8Array, size: number, maxBytes: number): string | null {
  if (size === 0) return 'The file is empty.';
  if (!sniffImageKind(head)) return `Not a supported image: ${SUPPORTED_FORMATS_TEXT}.`;
  if (size > maxBytes) return `Too large: at most ${Math.round(maxBytes / (1024 * 1024))} MB.`;
  return null;
}
