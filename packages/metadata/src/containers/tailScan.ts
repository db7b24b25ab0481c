import type { RangeReader } from '../readers/rangeReader';

/** How much of a file's end is searched for metadata written after the image data. */
export const TAIL_BYTES = 64 * 1024;

/** The last TAIL_BYTES of the file (at most one read), with the offset where they start. */
export async function readTail(reader: RangeReader): Promise<{ start: number; bytes: Uint8Array }> {
  const start = Math.max(0, reader.size - TAIL_BYTES);
  return { start, bytes: await reader.read(start, reader.size - start) };
}

/** Offsets of an ASCII fourcc in bytes, last first (metadata chunks sit near the end). */
export function* lastOccurrences(bytes: Uint8Array, fourcc: string): Generator<number> {
  const [a, b, c, d] = [...fourcc].map((ch) => ch.charCodeAt(0));
  for (let i = bytes.length - 4; i >= 0; i--) {
    if (bytes[i] === a && bytes[i + 1] === b && bytes[i + 2] === c && bytes[i + 3] === d) yield i;
  }
}
