import type { RangeReader } from '../readers/rangeReader';

/** How much of a file's end is searched for metadata written after the image data. */
export const TAIL_BYTES = 64 * 1024;

/** The last TAIL_BYTES of the file (at most one read; at once when held). */
export function readTail(reader: RangeReader): Uint8Array | Promise<Uint8Array> {
  const start = Math.max(0, reader.size - TAIL_BYTES);
  return reader.read(start, reader.size - start);
}

/** Offsets of an ASCII fourcc in bytes, last first (metadata chunks sit near the end). */
export function* lastOccurrences(bytes: Uint8Array, fourcc: string): Generator<number> {
  // Node's native search: a byte-by-byte loop over a 64 KB tail cost more than the rest of a PNG's parse.
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = buffer.lastIndexOf(fourcc, -1, 'latin1'); at >= 0; at = at > 0 ? buffer.lastIndexOf(fourcc, at - 1, 'latin1') : -1) yield at;
}
