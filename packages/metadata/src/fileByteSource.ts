import { open } from 'node:fs/promises';
import type { ByteSource } from './byteSource';
import { HEAD_BYTES } from './rangeReader';

/**
 * A ByteSource over a file; close it when done. The head of the file is read at once, so that the
 * extractor's first read costs no further round trip; a file shorter than the head needs no stat.
 */
export async function openFileSource(path: string): Promise<ByteSource & { close(): Promise<void> }> {
  const handle = await open(path, 'r');
  let head: Uint8Array;
  let size: number;
  try {
    head = await readAt(handle, 0, HEAD_BYTES);
    size = head.length < HEAD_BYTES ? head.length : (await handle.stat()).size;
  } catch (error) {
    await handle.close();
    throw error;
  }
  return {
    size,
    async read(offset, length) {
      const wanted = Math.max(0, Math.min(length, size - offset));
      if (offset + wanted <= head.length) return head.subarray(offset, offset + wanted);
      return readAt(handle, offset, wanted);
    },
    close: () => handle.close(),
  };
}

async function readAt(handle: Awaited<ReturnType<typeof open>>, offset: number, length: number): Promise<Uint8Array> {
  // Not zero-filled: every byte returned is overwritten by the read.
  const buffer = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, offset + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return new Uint8Array(buffer.buffer, buffer.byteOffset, filled);
}
