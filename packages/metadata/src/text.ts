/** Longest string kept from any metadata field, in characters. */
export const MAX_STRING_LENGTH = 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

/** Decodes bytes as UTF-8, or else Latin-1; strips control characters and NULs, trims, caps. */
export function decodeText(bytes: Uint8Array): string | null {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    text = latin1.decode(bytes);
  }
  return cleanText(text);
}

/** Trims, removes control characters (NUL included) and caps the length; empty becomes null. */
export function cleanText(text: string): string | null {
  // eslint-disable-next-line no-control-regex
  const cleaned = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim();
  if (!cleaned) return null;
  return cleaned.length > MAX_STRING_LENGTH ? cleaned.slice(0, MAX_STRING_LENGTH) : cleaned;
}

/** The text before the first NUL, as TIFF ASCII values are meant to be read. */
export function decodeAsciiField(bytes: Uint8Array): string | null {
  const nul = bytes.indexOf(0);
  return decodeText(nul >= 0 ? bytes.subarray(0, nul) : bytes);
}
