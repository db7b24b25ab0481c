import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { ByteSource } from './byteSource';
import { HEAD_BYTES } from './rangeReader';

/**
 * A ByteSource over a local file, for the CLI and the benches; close it when done. The head of the
 * file is read at once, so that the extractor's first read costs nothing more; a file shorter than
 * the head needs no stat.
 *
 * The reads are synchronous on purpose. A CLI reads one file after another, and on Node 20 each
 * promise-based open, read or stat costs ~70 µs of thread-pool round trip against ~5 µs for the
 * same read from the page cache done in place: over the 120 corpus files that was 60 % of the run.
 */
export async function openFileSource(path: string): Promise<ByteSource & { close(): Promise<void> }> {
  const fd = openSync(path, 'r');
  let head: Uint8Array;
  let size: number;
  try {
    head = readAt(fd, 0, HEAD_BYTES);
    size = head.length < HEAD_BYTES ? head.length : fstatSync(fd).size;
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  return {
    size,
    async read(offset, length) {
      const wanted = Math.max(0, Math.min(length, size - offset));
      if (offset + wanted <= head.length) return head.subarray(offset, offset + wanted);
      return readAt(fd, offset, wanted);
    },
    close: async () => closeSync(fd),
  };
}

function readAt(fd: number, offset: number, length: number): Uint8Array {
  // Not zero-filled: every byte returned is overwritten by the read.
  const buffer = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const bytesRead = readSync(fd, buffer, filled, length - filled, offset + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return new Uint8Array(buffer.buffer, buffer.byteOffset, filled);
}
