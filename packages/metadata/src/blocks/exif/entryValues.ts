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
    switch (entry.type) {
      case 1:
      case 7:
        out.push(view.u8(i));
        break;
      case 6: {
        const v = view.u8(i);
        out.push(v >= 128 ? v - 256 : v);
        break;
      }
      case 3:
        out.push(view.u16(i * 2));
        break;
      case 8:
        out.push(view.i16(i * 2));
        break;
      case 4:
      case 13:
        out.push(view.u32(i * 4));
        break;
      case 9:
        out.push(view.i32(i * 4));
        break;
      case 5:
        out.push(ratio(view.u32(i * 8), view.u32(i * 8 + 4)));
        break;
      case 10:
        out.push(ratio(view.i32(i * 8), view.i32(i * 8 + 4)));
        break;
      case 11:
        out.push(finite(new DataView(entry.value.buffer, entry.value.byteOffset).getFloat32(i * 4, littleEndian)));
        break;
      case 12:
        out.push(finite(new DataView(entry.value.buffer, entry.value.byteOffset).getFloat64(i * 8, littleEndian)));
        break;
      default:
        return [];
    }
  }
  return out;
}

/** The first number of the entry with this tag among `entries`, or null (no such entry, or not a number). */
export function firstNumber(entries: readonly TiffEntry[], tag: number, littleEndian: boolean): number | null {
  const entry = entries.find((e) => e.tag === tag);
  return entry ? (numbers(entry, littleEndian)[0] ?? null) : null;
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
  if (!entry.value) return null;
  if (entry.type === 2 || entry.type === 7 || entry.type === 1) return decodeAsciiField(entry.value, maxLength);
  const values = numbers(entry, littleEndian).filter((value) => value !== null);
  return values.length ? values.join(' ') : null;
}
