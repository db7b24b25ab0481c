import { BinaryView } from '../../readers/binaryView';
import { decodeAsciiField } from '../text';
import type { TiffEntry } from './tiffStructure';

/** Most numbers kept from one entry; longer arrays are cut. */
export const MAX_ARRAY_VALUES = 64;

/**
 * The numeric values of an entry. Rationals with a zero denominator become null, never NaN or
 * Infinity. Returns [] for text and unknown types.
 */
export function numbers(entry: TiffEntry, littleEndian: boolean): (number | null)[] {
  if (!entry.value) return [];
  const view = new BinaryView(entry.value, littleEndian);
  const count = Math.min(entry.count, MAX_ARRAY_VALUES);
  const out: (number | null)[] = [];
  for (let i = 0; i < count; i++) {
    const value = valueAt(view, entry, i);
    if (value === undefined) return [];
    out.push(value);
  }
  return out;
}

/** `numbers(entry)[0] ?? null` without building the list (most entries hold one number). */
export function firstValue(entry: TiffEntry, littleEndian: boolean): number | null {
  if (!entry.value || entry.count < 1) return null;
  return valueAt(new BinaryView(entry.value, littleEndian), entry, 0) ?? null;
}

/** The i-th number of an entry; undefined for text and unknown types. */
function valueAt(view: BinaryView, entry: TiffEntry, i: number): number | null | undefined {
  const littleEndian = view.littleEndian;
  switch (entry.type) {
    case 1:
    case 7:
      return view.u8(i);
    case 6: {
      const v = view.u8(i);
      return v >= 128 ? v - 256 : v;
    }
    case 3:
      return view.u16(i * 2);
    case 8:
      return view.i16(i * 2);
    case 4:
    case 13:
      return view.u32(i * 4);
    case 9:
      return view.i32(i * 4);
    case 5:
      return ratio(view.u32(i * 8), view.u32(i * 8 + 4));
    case 10:
      return ratio(view.i32(i * 8), view.i32(i * 8 + 4));
    case 11:
      return finite(new DataView(view.bytes.buffer, view.bytes.byteOffset).getFloat32(i * 4, littleEndian));
    case 12:
      return finite(new DataView(view.bytes.buffer, view.bytes.byteOffset).getFloat64(i * 8, littleEndian));
    default:
      return undefined;
  }
}

/** The first number of the entry with this tag among `entries`, or null (no such entry, or not a number). */
export function firstNumber(entries: readonly TiffEntry[], tag: number, littleEndian: boolean): number | null {
  const entry = entries.find((e) => e.tag === tag);
  return entry ? firstValue(entry, littleEndian) : null;
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/**
 * An entry's value as text: ASCII up to its first NUL, or UNDEFINED/BYTE bytes as text. A text tag
 * written with a numeric type (damaged or odd writers) reads as its numbers, as ExifTool shows them.
 */
export function text(entry: TiffEntry, littleEndian: boolean, maxLength?: number): string | null {
  if (maxLength !== undefined) return decodedText(entry, littleEndian, maxLength);
  if (entry.decodedText === undefined) entry.decodedText = decodedText(entry, littleEndian);
  return entry.decodedText;
}

function decodedText(entry: TiffEntry, littleEndian: boolean, maxLength?: number): string | null {
  if (!entry.value) return null;
  if (entry.type === 2 || entry.type === 7 || entry.type === 1) return decodeAsciiField(entry.value, maxLength);
  const values = numbers(entry, littleEndian).filter((value) => value !== null);
  return values.length ? values.join(' ') : null;
}
