import { OutOfBoundsError } from '../errors';

/** Bounds-checked reads over bytes: every offset a parser computes goes through here. */
export class BinaryView {
  constructor(
    readonly bytes: Uint8Array,
    public littleEndian = false,
  ) {}

  get length(): number {
    return this.bytes.length;
  }

  check(offset: number, length: number): void {
    if (!Number.isSafeInteger(offset) || offset < 0 || length < 0 || offset + length > this.bytes.length) {
      throw new OutOfBoundsError(offset, length, this.bytes.length);
    }
  }

  fits(offset: number, length: number): boolean {
    return Number.isSafeInteger(offset) && offset >= 0 && length >= 0 && offset + length <= this.bytes.length;
  }

  u8(offset: number): number {
    this.check(offset, 1);
    return this.bytes[offset]!;
  }

  u16(offset: number, littleEndian = this.littleEndian): number {
    this.check(offset, 2);
    const a = this.bytes[offset]!;
    const b = this.bytes[offset + 1]!;
    return littleEndian ? a | (b << 8) : (a << 8) | b;
  }

  u24(offset: number, littleEndian = this.littleEndian): number {
    this.check(offset, 3);
    const [a, b, c] = [this.bytes[offset]!, this.bytes[offset + 1]!, this.bytes[offset + 2]!];
    return littleEndian ? a | (b << 8) | (c << 16) : (a << 16) | (b << 8) | c;
  }

  u32(offset: number, littleEndian = this.littleEndian): number {
    this.check(offset, 4);
    // One bounds check, four loads (the read every walk makes most); `>>> 0` keeps it unsigned.
    const bytes = this.bytes;
    if (littleEndian) return ((bytes[offset + 3]! << 24) | (bytes[offset + 2]! << 16) | (bytes[offset + 1]! << 8) | bytes[offset]!) >>> 0;
    return ((bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) >>> 0;
  }

  i16(offset: number, littleEndian = this.littleEndian): number {
    const value = this.u16(offset, littleEndian);
    return value >= 0x8000 ? value - 0x10000 : value;
  }

  i32(offset: number, littleEndian = this.littleEndian): number {
    const value = this.u32(offset, littleEndian);
    return value >= 0x80000000 ? value - 0x100000000 : value;
  }

  /** A 64-bit unsigned value; throws beyond 2^53, which no real offset or size reaches. */
  u64(offset: number, littleEndian = this.littleEndian): number {
    const first = this.u32(offset, littleEndian);
    const second = this.u32(offset + 4, littleEndian);
    const [hi, lo] = littleEndian ? [second, first] : [first, second];
    const value = hi * 0x100000000 + lo;
    if (!Number.isSafeInteger(value)) throw new OutOfBoundsError(value, 0, Number.MAX_SAFE_INTEGER);
    return value;
  }

  ascii(offset: number, length: number): string {
    this.check(offset, length);
    const bytes = this.bytes;
    // A fourcc (a PNG chunk's type, an ISO box's) in one call: built a character at a time, its
    // comparison flattens a chain of four strings.
    if (length === 4) return String.fromCharCode(bytes[offset]!, bytes[offset + 1]!, bytes[offset + 2]!, bytes[offset + 3]!);
    let text = '';
    for (let i = offset; i < offset + length; i++) text += String.fromCharCode(this.bytes[i]!);
    return text;
  }

  slice(offset: number, length: number): Uint8Array {
    this.check(offset, length);
    return this.bytes.subarray(offset, offset + length);
  }
}

/** Compares bytes at `offset` with an ASCII signature, without throwing. */
export function startsWith(bytes: Uint8Array, signature: string, offset = 0): boolean {
  if (offset + signature.length > bytes.length) return false;
  for (let i = 0; i < signature.length; i++) {
    if (bytes[offset + i] !== signature.charCodeAt(i)) return false;
  }
  return true;
}

/** The parts joined into one array. */
export function concat(parts: Uint8Array[]): Uint8Array {
  // One part (an ICC profile in one APP2 segment, as most are) needs no copy.
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
