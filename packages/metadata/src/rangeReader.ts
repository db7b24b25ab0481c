import type { ByteSource } from './byteSource';
import { OutOfBoundsError } from './errors';

/** The first read: most formats keep all their metadata in the first few kilobytes. */
export const HEAD_BYTES = 64 * 1024;
/** Any later read fetches at least this much, so that walking nearby structures costs no extra round trip. */
export const MIN_READ_BYTES = 64 * 1024;
/**
 * A walk that goes on past what was read (a JPEG with a long chain of APP segments: extended XMP,
 * depth maps, FLIR data) reads 4× more each time it continues where the last read ended, up to
 * this much: 1.4 MB of segments cost four reads, not twenty. A jump elsewhere starts small again.
 */
const READ_GROWTH = 4;
const MAX_READ_BYTES = 16 * 1024 * 1024;

interface Chunk {
  start: number;
  data: Uint8Array;
}

/**
 * Random access over a ByteSource with a cache, so the parsers can ask for small ranges freely while
 * the source sees few, large reads.
 */
export class RangeReader {
  readonly size: number;
  private readonly chunks: Chunk[] = [];
  /** Where the last read ended, and how much the next read continuing from there fetches. */
  private lastReadEnd = -1;
  private nextReadBytes: number;

  constructor(
    private readonly source: ByteSource,
    private readonly minReadBytes = MIN_READ_BYTES,
  ) {
    this.size = source.size;
    this.nextReadBytes = minReadBytes;
  }

  /** Reads the head of the file in one call. */
  async prefetchHead(length = HEAD_BYTES): Promise<void> {
    if (this.size > 0) await this.bytes(0, Math.min(length, this.size));
  }

  /** True when `[offset, offset + length)` is already cached. */
  has(offset: number, length: number): boolean {
    return this.find(offset, length) !== undefined;
  }

  /** The bytes if they are already cached (no await, no read), else undefined. */
  peek(offset: number, length: number): Uint8Array | undefined {
    return this.find(offset, length);
  }

  /** The contiguous bytes held from offset 0 (the head), without reading. */
  heldHead(): Uint8Array {
    const head = this.chunks.find((c) => c.start === 0);
    return head ? head.data : new Uint8Array(0);
  }

  /** Exactly `length` bytes at `offset`, or an OutOfBoundsError if the file is shorter. */
  async bytes(offset: number, length: number): Promise<Uint8Array> {
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > this.size) {
      throw new OutOfBoundsError(offset, length, this.size);
    }
    const cached = this.find(offset, length);
    if (cached) return cached;
    return this.fetch(offset, length);
  }

  /** Up to `length` bytes at `offset`, fewer at the end of the file. */
  async upTo(offset: number, length: number): Promise<Uint8Array> {
    if (offset >= this.size) return new Uint8Array(0);
    return this.bytes(offset, Math.min(length, this.size - offset));
  }

  private find(offset: number, length: number): Uint8Array | undefined {
    for (const chunk of this.chunks) {
      if (offset >= chunk.start && offset + length <= chunk.start + chunk.data.length) {
        return chunk.data.subarray(offset - chunk.start, offset - chunk.start + length);
      }
    }
    return undefined;
  }

  private async fetch(offset: number, length: number): Promise<Uint8Array> {
    // Reuse a cached prefix of the range and read only what follows it.
    const prefix = this.chunks.find((c) => offset >= c.start && offset < c.start + c.data.length);
    const readStart = prefix ? prefix.start + prefix.data.length : offset;
    const continuing = readStart === this.lastReadEnd;
    const readBytes = continuing ? this.nextReadBytes : this.minReadBytes;
    const readEnd = Math.min(this.size, Math.max(offset + length, readStart + readBytes));
    this.lastReadEnd = readEnd;
    this.nextReadBytes = Math.min(MAX_READ_BYTES, readBytes * READ_GROWTH);
    const fresh = await this.source.read(readStart, readEnd - readStart);
    if (fresh.length < offset + length - readStart) {
      throw new OutOfBoundsError(offset, length, readStart + fresh.length);
    }
    let chunk: Chunk;
    if (prefix) {
      const kept = prefix.data.subarray(offset - prefix.start);
      const merged = new Uint8Array(kept.length + fresh.length);
      merged.set(kept, 0);
      merged.set(fresh, kept.length);
      chunk = { start: offset, data: merged };
    } else {
      chunk = { start: readStart, data: fresh };
    }
    this.chunks.push(chunk);
    return chunk.data.subarray(offset - chunk.start, offset - chunk.start + length);
  }
}
