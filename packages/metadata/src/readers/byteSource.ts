/**
 * Where the extractor's bytes come from. Implementations read a byte range; on S3 every call is a
 * round trip, so the extractor keeps calls few and large.
 */
export interface ByteSource {
  /** Total size in bytes. */
  readonly size: number;
  /** Reads `length` bytes at `offset`; may return fewer only at the end of the source. */
  read(offset: number, length: number): Promise<Uint8Array>;
  /** All the bytes, when they are already in memory: then reads are answered at once, without a copy. */
  readonly inMemory?: Uint8Array;
}

/** A ByteSource over bytes already in memory. */
export function bytesSource(bytes: Uint8Array): ByteSource {
  // A Node Buffer's subarray builds a Buffer through JavaScript: a plain view makes the many small
  // slices of a parse cheap (about a fifth of a JPEG's in-memory time).
  if (Object.getPrototypeOf(bytes) !== Uint8Array.prototype) bytes = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return new MemorySource(bytes);
}

/** bytesSource's source: a class, so that each one costs one object (a literal would make a closure per source). */
class MemorySource implements ByteSource {
  readonly size: number;

  constructor(readonly inMemory: Uint8Array) {
    this.size = inMemory.length;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    return this.inMemory.subarray(offset, Math.min(this.inMemory.length, offset + length));
  }
}

/** What a source was asked for: the number of reads and the bytes they returned. */
export interface ReadStats {
  reads: number;
  bytesRead: number;
}

/** Wraps a source and counts its reads, for the CLI, the benchmark and the processor's logs. */
export function countingSource(source: ByteSource): { source: ByteSource; stats: ReadStats } {
  const stats: ReadStats = { reads: 0, bytesRead: 0 };
  return {
    stats,
    source: {
      size: source.size,
      async read(offset, length) {
        const bytes = await source.read(offset, length);
        stats.reads += 1;
        stats.bytesRead += bytes.length;
        return bytes;
      },
    },
  };
}
