/** Longest stored file name, in UTF-8 bytes (what most file systems allow). */
export const MAX_FILENAME_BYTES = 255;
const FALLBACK_NAME = 'unnamed';

/**
 * The name to store: the basename only (no path from any OS), without control characters nor the
 * bidirectional embedding, override and isolate marks (U+202A–U+202E, U+2066–U+2069) that can
 * disguise an extension ("photo\u202Egpj.exe"), at most MAX_FILENAME_BYTES of UTF-8 cut on a
 * character boundary.
 */
export function sanitizeFilename(raw: string | undefined | null): string {
  // eslint-disable-next-line no-control-regex
  const withoutControls = (raw ?? '').normalize('NFC').replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '');
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
