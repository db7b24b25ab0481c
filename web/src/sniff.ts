/**
 * A first look at a file's leading bytes, so that the page can refuse what the server would refuse
 * before uploading it. The server decides for real (with the metadata core's detector).
 */
const SIGNATURES: { name: string; test: (b: Uint8Array) => boolean }[] = [
  { name: 'JPEG', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { name: 'PNG', test: (b) => ascii(b, 0, 4) === '\x89PNG' },
  { name: 'GIF', test: (b) => ascii(b, 0, 4) === 'GIF8' },
  { name: 'WebP', test: (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP' },
  { name: 'TIFF', test: (b) => ['II*\0', 'MM\0*', 'II+\0', 'MM\0+'].includes(ascii(b, 0, 4)) },
  { name: 'BMP', test: (b) => ascii(b, 0, 2) === 'BM' },
  { name: 'HEIF/AVIF', test: (b) => ascii(b, 4, 4) === 'ftyp' && /^(hei[cxms]|hev[cx]|mif[12]|msf1|miaf|avi[fs])/.test(ascii(b, 8, 4)) },
];

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}

/** The image kind the leading bytes announce, or null. */
export function sniffImageKind(head: Uint8Array): string | null {
  return SIGNATURES.find((signature) => signature.test(head))?.name ?? null;
}

/** Why the server would refuse this file, or null if it looks acceptable. */
export function refusalReason(head: Uint8Array, size: number, maxBytes: number): string | null {
  if (size === 0) return 'The file is empty.';
  if (!sniffImageKind(head)) return 'Not a supported image: JPEG, PNG, GIF, WebP, TIFF, BMP, HEIF or AVIF.';
  if (size > maxBytes) return `Too large: at most ${Math.round(maxBytes / (1024 * 1024))} MB.`;
  return null;
}
