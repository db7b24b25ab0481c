/** Longest stored file name, in UTF-8 bytes (what most file systems allow). */
export const MAX_FILENAME_BYTES = 255;
const FALLBACK_NAME = 'unnamed';

/**
 * The name to store: the basename only (no path from any OS), without control characters, at most
 * MAX_FILENAME_BYTES of UTF-8 cut on a character boundary.
 */
export function sanitizeFilename(raw: string | undefined | null): string {
  // eslint-disable-next-line no-control-regex
  const withoutControls = (raw ?? '').normalize('NFC').replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
  const base = withoutControls.split(/[/\\]/).pop()!.trim();
  if (!base || base === '.' || base === '..') return FALLBACK_NAME;
  let bytes = 0;
  let out = '';
  for (const char of base) {
    const size = Buffer.byteLength(char);
    if (bytes + size > MAX_FILENAME_BYTES) break;
    bytes += size;
    out += char;
  }
  return out;
}
