/** Longest string kept from any metadata field, in characters. */
export const MAX_STRING_LENGTH = 1024;
/**
 * Longest title or caption kept: news and museum captions run past 1,024 characters (IPTC allows
 * 2,000 bytes, XMP has no limit), and cutting them would lose what ExifTool reads.
 */
export const MAX_CAPTION_LENGTH = 16 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });
// eslint-disable-next-line no-control-regex
const CONTROL_ALL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;
const decoders = new Map<string, TextDecoder>();

/**
 * Bytes decoded with one of the encodings metadata uses (a UTF-16 byte-order mark that matches is
 * dropped), each decoder made once: making one costs more than a short decode (a UTF-16 one, ten times more).
 */
export function decodeAs(encoding: 'latin1' | 'utf-8' | 'utf-16be' | 'utf-16le', bytes: Uint8Array): string {
  let decoder = decoders.get(encoding);
  if (!decoder) decoders.set(encoding, (decoder = new TextDecoder(encoding)));
  return decoder.decode(bytes);
}

/** Decodes bytes as UTF-8, or else Latin-1; strips control characters and NULs, trims, caps. */
export function decodeText(bytes: Uint8Array, maxLength = MAX_STRING_LENGTH): string | null {
  // Trailing NULs and spaces (fixed-size fields' padding: a blank UserComment is hundreds) would
  // go anyway; dropped as bytes, they cost no decoding and no regular expression.
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0 || bytes[end - 1] === 0x20)) end--;
  if (end === 0) return null;
  if (end < bytes.length) bytes = bytes.subarray(0, end);
  return cleanText(isAscii(bytes) ? asciiText(bytes) : decodeUtf8OrLatin1(bytes), maxLength);
}

/** Most metadata text is a short ASCII field: one call builds it, where a TextDecoder call costs several times more. */
const SHORT_TEXT = 64;
function asciiText(bytes: Uint8Array): string {
  return bytes.length <= SHORT_TEXT ? String.fromCharCode.apply(null, bytes as unknown as number[]) : decodeAs('latin1', bytes);
}

function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return false;
  return true;
}

function decodeUtf8OrLatin1(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return decodeAs('latin1', bytes);
  }
}

/** Trims, removes control characters (NUL included) and caps the length; empty becomes null. */
export function cleanText(text: string, maxLength = MAX_STRING_LENGTH): string | null {
  const cleaned = (hasControl(text) ? text.replace(CONTROL_ALL, '') : text).trim();
  if (!cleaned) return null;
  return cleaned.length > maxLength ? cleaned.slice(0, maxLength) : cleaned;
}

/** Whether CONTROL_ALL has anything to remove: a plain scan, which on short text costs less than a regular expression's test. */
function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a) || code === 0x7f) return true;
  }
  return false;
}

/** The text before the first NUL, as TIFF ASCII values are meant to be read. */
export function decodeAsciiField(bytes: Uint8Array, maxLength = MAX_STRING_LENGTH): string | null {
  // Most fields are short printable ASCII: one pass finds the NUL and checks the bytes, and the
  // text is built once, trimmed as bytes (decodeText's answer for such bytes, without its passes).
  let end = 0;
  let printable = true;
  for (; end < bytes.length && bytes[end] !== 0; end++) if (bytes[end]! < 0x20 || bytes[end]! > 0x7e) printable = false;
  if (!printable || end > SHORT_TEXT) return decodeText(bytes.subarray(0, end), maxLength);
  let start = 0;
  while (start < end && bytes[start] === 0x20) start++;
  while (end > start && bytes[end - 1] === 0x20) end--;
  if (start === end) return null;
  const text = asciiText(bytes.subarray(start, end));
  return text.length > maxLength ? text.slice(0, maxLength) : text;
}
