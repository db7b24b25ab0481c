import type { ByteSource } from './byteSource';
import { OutOfBoundsError } from '../errors';

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
/** A jump's read starts this fraction of a read before where it lands. */
const BACK_SLACK_FRACTION = 8;
/** The most one prefetch read spans; real TIFF value areas are a few hundred kilobytes. */
const MAX_SPAN_GROUP_BYTES = 4 * 1024 * 1024;

/**
 * Whether a read's bytes are already at hand (RangeReader.read and TiffWindow.read return them at
 * once when cached). A walk tests this before it awaits: `await` costs a microtask even on bytes
 * at hand, which over a small file's dozens of reads is a fifth of its in-memory time.
 */
export const atHand = (read: Uint8Array | Promise<Uint8Array>): read is Uint8Array => read instanceof Uint8Array;

/**
 * Thrown by a walk written synchronously over the bytes held when it needs bytes not read yet,
 * with that read under way: untilHeld waits for it and walks again from the start. A walk over
 * bytes in memory never meets one, so it never awaits.
 */
export class NotHeld extends Error {
  constructor(readonly pending: Promise<unknown>) {
    super('Bytes not read yet');
    // Awaited by untilHeld; a walk abandoned for another reason leaves no unhandled rejection.
    pending.catch(() => undefined);
  }
}

/** A read's bytes, at once; NotHeld (with the read under way) when they are not held yet. */
export function held(read: Uint8Array | Promise<Uint8Array>): Uint8Array {
  if (atHand(read)) return read;
  throw new NotHeld(read);
}

/** NotHeld when a prefetch still has reads to make (it returns nothing when all is held). */
export function whenHeld(pending: Promise<void> | undefined): void {
  if (pending) throw new NotHeld(pending);
}

/** Most walks one untilHeld makes: each one after the first follows a read, and the walks need a handful. */
const MAX_WALKS = 64;

/** A walk that needed more reads than MAX_WALKS allows (a hostile file's chain of far jumps): it stops there. */
export class TooManyReadsError extends Error {
  constructor() {
    super(`The walk needed more than ${MAX_WALKS} reads`);
    this.name = 'TooManyReadsError';
  }
}

/**
 * Runs a synchronous walk until it has every byte it needs: after each NotHeld the read is
 * awaited and the walk starts again, finding in the cache what it read before. The reads are
 * those an asynchronous walk would make, in the same order; each walk costs microseconds, a read
 * a round trip. The first walk runs at once: a walk that needs no read (bytes in memory) returns
 * its answer itself, with no promise to await.
 */
export function walkUntilHeld<T>(walk: () => T): T | Promise<T> {
  try {
    return walk();
  } catch (error) {
    if (!(error instanceof NotHeld)) throw error;
    return walkAgain(walk, error.pending);
  }
}

/** walkUntilHeld's answer as a promise, for a caller that awaits it anyway. */
export async function untilHeld<T>(walk: () => T): Promise<T> {
  return walkUntilHeld(walk);
}

async function walkAgain<T>(walk: () => T, pending: Promise<unknown>): Promise<T> {
  for (let walks = 2; ; walks++) {
    await pending;
    try {
      return walk();
    } catch (error) {
      if (!(error instanceof NotHeld)) throw error;
      if (walks >= MAX_WALKS) throw new TooManyReadsError();
      pending = error.pending;
    }
  }
}

/** RangeReader.read's option for a read that may end with the file: one shared object, not one per read. */
export const MAY_BE_LESS = { mayBeLess: true } as const;

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
  /** What `has` answered in the walk under way, in order, and how many of them this walk has asked again. */
  private answers: { given: boolean[]; next: number } | null = null;

  constructor(
    private readonly source: ByteSource,
    private readonly minReadBytes = MIN_READ_BYTES,
  ) {
    this.size = source.size;
    this.nextReadBytes = minReadBytes;
  }

  /** Reads the head of the file in one call; nothing to await when it is held (bytes in memory). */
  prefetchHead(length = HEAD_BYTES): Promise<void> | undefined {
    const headLength = Math.min(length, this.size);
    // The first read of bytes in memory, taken directly (this is most of a small file's reading).
    if (this.source.inMemory && !this.chunks.length && headLength > 0) {
      this.holdFromMemory(this.source.inMemory, 0, headLength);
      return undefined;
    }
    return this.prefetch([{ offset: 0, length: headLength }]);
  }

  /**
   * Reads the spans not cached yet in as few reads as their layout allows: spans less than one
   * read apart share a read (the gap costs less than a round trip), up to MAX_SPAN_GROUP_BYTES.
   * A TIFF walker announces an IFD's values at once, so they cost one read instead of one each.
   */
  prefetch(spans: readonly { offset: number; length: number }[]): Promise<void> | undefined {
    const missing = spans
      .filter((span) => span.length > 0 && this.inFile(span.offset, span.length) && !this.find(span.offset, span.length))
      .sort((a, b) => a.offset - b.offset);
    const groups: { start: number; end: number }[] = [];
    for (const span of missing) {
      const last = groups[groups.length - 1];
      const end = span.offset + span.length;
      if (last && span.offset <= last.end + this.minReadBytes && Math.max(last.end, end) - last.start <= MAX_SPAN_GROUP_BYTES)
        last.end = Math.max(last.end, end);
      else groups.push({ start: span.offset, end });
    }
    // All at hand (a TIFF's IFD read with its values), or bytes in memory: nothing to await.
    if (!groups.length) return undefined;
    const inMemory = this.source.inMemory;
    if (!inMemory) return this.fetchGroups(groups);
    for (const group of groups) if (!this.find(group.start, group.end - group.start)) this.holdFromMemory(inMemory, group.start, group.end - group.start);
    return undefined;
  }

  private async fetchGroups(groups: readonly { start: number; end: number }[]): Promise<void> {
    for (const group of groups) if (!this.find(group.start, group.end - group.start)) await this.fetch(group.start, group.end - group.start);
  }

  /**
   * True when `[offset, offset + length)` is already cached. Within a walk (walk()), each call
   * answers as the same call did in the walk before: a read made later in that walk does not
   * change what it followed.
   */
  has(offset: number, length: number): boolean {
    const answers = this.answers;
    if (answers && answers.next < answers.given.length) return answers.given[answers.next++]!;
    const cached = this.find(offset, length) !== undefined;
    if (answers) answers.next = answers.given.push(cached);
    return cached;
  }

  /**
   * A container's synchronous walk over the bytes held, again after each read it needs
   * (walkUntilHeld). A walk that follows only what is held (`has`) takes the same path each time,
   * so it reads what an asynchronous walk would. Bytes in memory are walked once: every read in
   * the file is at hand.
   */
  walk<T>(body: () => T): T | Promise<T> {
    if (this.source.inMemory) return walkUntilHeld(body);
    const given: boolean[] = [];
    return walkUntilHeld(() => {
      const outer = this.answers;
      this.answers = { given, next: 0 };
      try {
        return body();
      } finally {
        this.answers = outer;
      }
    });
  }

  /**
   * The one read call: `length` bytes at `offset`, returned at once (no read, no promise) when they
   * are cached, else a promise of the read. With `mayBeLess`, fewer at the end of the file;
   * without, an OutOfBoundsError if the file is shorter. Callers `await` it either way.
   */
  read(offset: number, length: number, options?: { mayBeLess?: boolean }): Uint8Array | Promise<Uint8Array> {
    if (options?.mayBeLess) {
      if (offset >= this.size) return new Uint8Array(0);
      length = Math.min(length, this.size - offset);
    }
    const cached = this.find(offset, length);
    if (cached) return cached;
    const inMemory = this.source.inMemory;
    if (inMemory && this.inFile(offset, length)) return this.takeFromMemory(inMemory, offset, length);
    return this.bytes(offset, length);
  }

  /** The contiguous bytes held from offset 0 (the head), without reading. */
  heldHead(): Uint8Array {
    for (const chunk of this.chunks) if (chunk.start === 0) return chunk.data;
    return new Uint8Array(0);
  }

  /** Exactly `length` bytes at `offset`, or an OutOfBoundsError if the file is shorter. */
  private async bytes(offset: number, length: number): Promise<Uint8Array> {
    if (!this.inFile(offset, length)) throw new OutOfBoundsError(offset, length, this.size);
    const cached = this.find(offset, length);
    if (cached) return cached;
    return this.fetch(offset, length);
  }

  /** Whether `[offset, offset + length)` lies within the file. */
  private inFile(offset: number, length: number): boolean {
    return Number.isSafeInteger(offset) && Number.isSafeInteger(length) && offset >= 0 && length >= 0 && offset + length <= this.size;
  }

  /** The end of the cached chunk nearest before `offset` (that does not hold it), or 0. */
  private cachedEndBefore(offset: number): number {
    let end = 0;
    for (const chunk of this.chunks) if (chunk.start + chunk.data.length <= offset) end = Math.max(end, chunk.start + chunk.data.length);
    return end;
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
    const { readStart, readEnd, prefix } = this.planRead(offset, length);
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

  /**
   * The same read from bytes already in memory, at once and without a copy. It is planned and
   * recorded as a read of the source would be, so what counts as held (a walk that follows only
   * what it holds, a frame count) and the answer are the same however the bytes come.
   */
  private takeFromMemory(inMemory: Uint8Array, offset: number, length: number): Uint8Array {
    const chunk = this.holdFromMemory(inMemory, offset, length);
    return chunk.data.subarray(offset - chunk.start, offset - chunk.start + length);
  }

  /** takeFromMemory's record of the read, for a prefetch that wants no bytes back. */
  private holdFromMemory(inMemory: Uint8Array, offset: number, length: number): Chunk {
    const { readStart, readEnd, prefix } = this.planRead(offset, length);
    const start = prefix ? offset : readStart;
    const chunk = { start, data: inMemory.subarray(start, readEnd) };
    this.chunks.push(chunk);
    return chunk;
  }

  /** Where the read for `[offset, offset + length)` starts and ends, and the cached chunk it continues; notes it as the last read. */
  private planRead(offset: number, length: number): { readStart: number; readEnd: number; prefix: Chunk | undefined } {
    // Reuse a cached prefix of the range and read only what follows it.
    let prefix: Chunk | undefined;
    for (const chunk of this.chunks) if (offset >= chunk.start && offset < chunk.start + chunk.data.length) prefix ??= chunk;
    let readStart = prefix ? prefix.start + prefix.data.length : offset;
    const continuing = readStart === this.lastReadEnd;
    const readBytes = continuing ? this.nextReadBytes : this.minReadBytes;
    if (!prefix && !continuing) {
      // A jump (to a TIFF IFD, a HEIF item) reads from a little before where it lands: writers
      // often put an IFD's values just before the IFD. The read is no larger for it.
      readStart = Math.max(0, offset - readBytes / BACK_SLACK_FRACTION, this.cachedEndBefore(offset));
    }
    let readEnd = Math.min(this.size, Math.max(offset + length, readStart + readBytes));
    if (!prefix && readEnd === this.size && readEnd - readStart < readBytes) {
      // Near the end of the file a read would come out short: take the same amount ending at
      // the end instead, which also holds what sits just before (TIFF values beside their IFD).
      readStart = Math.max(0, this.size - readBytes, this.cachedEndBefore(offset));
      readEnd = this.size;
    }
    this.lastReadEnd = readEnd;
    this.nextReadBytes = Math.min(MAX_READ_BYTES, readBytes * READ_GROWTH);
    return { readStart, readEnd, prefix };
  }
}
