import type { ExifValue } from '../../types';
import { BinaryView, startsWith } from '../../readers/binaryView';
import { held } from '../../readers/rangeReader';
import { cleanText, decodeText } from '../text';
import { firstValue, numbers, text } from './entryValues';
import { TYPE_SIZES, type TiffEntry, type TiffWindow } from './tiffStructure';

/**
 * What the maker notes of the makes people use say about the lens and the camera's serial number,
 * read as ExifTool reads them: each maker's header, byte order and offset base, only the tags
 * needed, bounded as the rest of the EXIF walk is. Encrypted sections (Nikon's LensData, Sony's
 * 0x9050 and 0x2010) stay unread; lens names are never guessed from numeric lens ids.
 */
export interface MakerNoteFacts {
  /** The lens as text (Canon LensModel, Olympus LensModel, Panasonic LensType). */
  lensModel: string | null;
  /** Nikon's Lens: short and long focal length, and the aperture at each. */
  lensSpecification: (number | null)[] | null;
  /** The body's serial number as the maker records it. */
  serialNumber: string | null;
  /** The tags read, named as ExifTool names them: the `MakerNotes` group of `exif`. */
  tags: Record<string, ExifValue>;
}

type Maker = 'Canon' | 'Nikon' | 'Olympus' | 'Panasonic' | 'Fujifilm' | 'Pentax' | 'Samsung';

/** Where one maker's IFD lies: absolute in the EXIF window, its offsets' base, its byte order. */
interface Layout {
  maker: Maker;
  ifd: number;
  /** Value offsets are relative to this (absolute in the window); `null`: find it (ExifTool's FixBase). */
  base: number | null;
  littleEndian: boolean | null;
}

/** The tags read per maker, with ExifTool's names; each maker's serial and lens rules follow. */
const WANTED: Record<Maker, Record<number, string>> = {
  Canon: { 0x0c: 'SerialNumber', 0x95: 'LensModel', 0x96: 'InternalSerialNumber' },
  // 0xa0 is the older bodies' serial ("NO= 20025585"); where both are written, ExifTool reports 0xa0's.
  Nikon: { 0x1d: 'SerialNumber', 0x84: 'Lens', 0xa0: 'SerialNumberA0' },
  // The older bodies' serial numbers (0x0404, 0x101a); newer ones keep it in the Equipment IFD.
  Olympus: { 0x0404: 'SerialNumber0404', 0x101a: 'SerialNumber101A', 0x2010: 'Equipment' },
  Panasonic: { 0x25: 'InternalSerialNumber', 0x51: 'LensType', 0x52: 'LensSerialNumber' },
  Fujifilm: { 0x10: 'InternalSerialNumber' },
  Pentax: { 0x229: 'SerialNumber' },
  Samsung: { 0xa002: 'SerialNumber' },
};
const OLYMPUS_EQUIPMENT: Record<number, string> = { 0x101: 'SerialNumber', 0x202: 'LensSerialNumber', 0x203: 'LensModel' };

/** More entries than a maker-note IFD has; a count above it is damage. */
const MAX_ENTRIES = 512;
/** A tag's value larger than this is not one we read. */
const MAX_VALUE_BYTES = 4096;
const HEADER_BYTES = 18;

/**
 * Reads the maker note at `at` (its value's offset and length in the EXIF window, whose TIFF
 * header is at 0), for a camera of this make and model. Each maker's byte order is its own (told
 * by its header, or guessed as ExifTool guesses). Null when the make is not one read here or the
 * note is not what that make writes.
 */
export function readMakerNote(
  window: TiffWindow,
  at: { offset: number; length: number },
  camera: { make: string | null; model: string | null },
  warnings: string[],
): MakerNoteFacts | null {
  if (at.length < 12 || at.offset + at.length > window.size) return null;
  const header = held(window.read(at.offset, Math.min(HEADER_BYTES, at.length)));
  const layout = layoutOf(header, at, camera.make ?? '');
  if (!layout) return null;
  const span = { start: at.offset, end: at.offset + at.length };
  const reader = new MakerIfdReader(window, span, warnings);
  const entries = reader.read(layout, WANTED[layout.maker]);
  if (!entries) return null;
  const le = entries.littleEndian;
  const tags: Record<string, ExifValue> = {};
  const str = (name: string) => textOf(entries, name);
  const facts: MakerNoteFacts = { lensModel: null, lensSpecification: null, serialNumber: null, tags };
  switch (layout.maker) {
    case 'Canon': {
      const serial = entries.byName.get('SerialNumber');
      const value = serial ? firstValue(serial, le) : null;
      if (typeof value === 'number') tags.SerialNumber = canonSerial(value, camera.model ?? '');
      tags.LensModel = str('LensModel');
      tags.InternalSerialNumber = str('InternalSerialNumber');
      facts.lensModel = tags.LensModel;
      facts.serialNumber = (tags.SerialNumber as string | undefined) ?? tags.InternalSerialNumber;
      break;
    }
    case 'Nikon': {
      const older = str('SerialNumberA0');
      tags.SerialNumber = older ? nikonFormatString(older) : str('SerialNumber');
      const lens = entries.byName.get('Lens');
      if (lens?.type === 5 && lens.count === 4) tags.Lens = numbers(lens, le);
      facts.serialNumber = tags.SerialNumber;
      facts.lensSpecification = (tags.Lens as (number | null)[] | undefined) ?? null;
      break;
    }
    case 'Olympus': {
      const equipment = reader.subIfd(entries, 'Equipment', layout, OLYMPUS_EQUIPMENT);
      if (equipment) {
        tags.SerialNumber = textOf(equipment, 'SerialNumber');
        tags.LensSerialNumber = textOf(equipment, 'LensSerialNumber');
        tags.LensModel = textOf(equipment, 'LensModel');
      }
      // ExifTool reports the last one it meets: the Equipment IFD's, then 0x101a's, then 0x0404's.
      tags.SerialNumber ??= str('SerialNumber101A') ?? str('SerialNumber0404');
      facts.serialNumber = (tags.SerialNumber as string | null | undefined) ?? null;
      facts.lensModel = (tags.LensModel as string | null | undefined) ?? null;
      break;
    }
    case 'Panasonic': {
      tags.LensType = str('LensType');
      tags.LensSerialNumber = str('LensSerialNumber');
      const internal = entries.byName.get('InternalSerialNumber');
      tags.InternalSerialNumber = internal?.value ? panasonicSerial(internal.value) : null;
      facts.lensModel = tags.LensType;
      facts.serialNumber = tags.InternalSerialNumber;
      break;
    }
    case 'Fujifilm': {
      const internal = entries.byName.get('InternalSerialNumber');
      tags.InternalSerialNumber = internal?.value
        ? fujifilmSerial(String.fromCharCode(...internal.value.subarray(0, internal.value.indexOf(0) < 0 ? undefined : internal.value.indexOf(0))))
        : null;
      facts.serialNumber = tags.InternalSerialNumber;
      break;
    }
    case 'Pentax':
    case 'Samsung': {
      const serial = str('SerialNumber');
      // Samsung's is at least five characters (ExifTool's condition); Pentax leaves it blank on some models.
      tags.SerialNumber = serial && (layout.maker === 'Pentax' || /^\w{5}/.test(serial)) ? serial : null;
      facts.serialNumber = tags.SerialNumber;
      break;
    }
  }
  // The empty values left out by a copy: deleting them would turn the object into a slow dictionary.
  facts.tags = {};
  for (const name in tags) if (tags[name] !== null && tags[name] !== '') facts.tags[name] = tags[name]!;
  if (facts.serialNumber === '') facts.serialNumber = null;
  if (facts.lensModel === '') facts.lensModel = null;
  return facts;
}

/** Recognises the maker note by its header, else by the make (ExifTool's MakerNotes table, for the makes read here). */
function layoutOf(header: Uint8Array, at: { offset: number }, make: string): Layout | null {
  const starts = (signature: string) => startsWith(header, signature);
  const order = (i: number) => (header[i] === 0x49 && header[i + 1] === 0x49 ? true : header[i] === 0x4d && header[i + 1] === 0x4d ? false : null);
  if (starts('Nikon\0\x02')) {
    // Type 3: a TIFF header of its own at 10; offsets from it.
    const le = order(10);
    if (le === null) return null;
    const inner = new BinaryView(header, le);
    return { maker: 'Nikon', ifd: at.offset + 10 + inner.u32(14), base: at.offset + 10, littleEndian: le };
  }
  if (starts('Nikon\0\x01')) return { maker: 'Nikon', ifd: at.offset + 8, base: 0, littleEndian: true };
  if (starts('OLYMPUS\0')) return { maker: 'Olympus', ifd: at.offset + 12, base: at.offset, littleEndian: order(8) };
  if (starts('OM SYSTEM\0')) return { maker: 'Olympus', ifd: at.offset + 16, base: at.offset, littleEndian: order(12) };
  if (starts('OLYMP\0') || starts('EPSON\0')) return { maker: 'Olympus', ifd: at.offset + 8, base: 0, littleEndian: null };
  if (starts('Panasonic\0')) return { maker: 'Panasonic', ifd: at.offset + 12, base: 0, littleEndian: null };
  if (starts('FUJIFILM') || starts('GENERALE')) {
    // Always little-endian; the IFD's offset (at 8) and its values are relative to the note.
    return { maker: 'Fujifilm', ifd: at.offset + new BinaryView(header, true).u32(8), base: at.offset, littleEndian: true };
  }
  if (starts('AOC\0')) return { maker: 'Pentax', ifd: at.offset + 6, base: null, littleEndian: order(4) };
  if (starts('PENTAX \0')) return { maker: 'Pentax', ifd: at.offset + 10, base: at.offset, littleEndian: order(8) };
  // Canon: an IFD at once, in either byte order; its offsets are the TIFF header's, unless an
  // editor moved the note (its footer then says where it was: FixBase).
  if (/^Canon/i.test(make)) return { maker: 'Canon', ifd: at.offset, base: null, littleEndian: null };
  // Headerless Nikon notes (type 2): an IFD at once, most little-endian.
  if (/^NIKON/i.test(make)) return { maker: 'Nikon', ifd: at.offset, base: 0, littleEndian: null };
  if (/^SAMSUNG/i.test(make)) return { maker: 'Samsung', ifd: at.offset, base: null, littleEndian: null };
  return null;
}

interface MakerEntries {
  littleEndian: boolean;
  byName: Map<string, TiffEntry>;
}

/** A tag of a maker-note IFD as text, or null. */
function textOf(entries: MakerEntries, name: string): string | null {
  const entry = entries.byName.get(name);
  return entry ? text(entry, entries.littleEndian) : null;
}

/** Reads maker-note IFDs inside the note's span: only the wanted tags' values, each bounded. */
class MakerIfdReader {
  constructor(
    private readonly window: TiffWindow,
    private readonly span: { start: number; end: number },
    private readonly warnings: string[],
  ) {}

  read(layout: Layout, wanted: Record<number, string>): MakerEntries | null {
    if (layout.ifd < this.span.start || layout.ifd + 2 > this.span.end) return null;
    const countBytes = held(this.window.read(layout.ifd, 2));
    const le = layout.littleEndian ?? guessOrder(countBytes);
    if (le === null) return null;
    const count = new BinaryView(countBytes, le).u16(0);
    if (count === 0 || count > MAX_ENTRIES || layout.ifd + 2 + count * 12 > this.window.size) {
      this.warnings.push(`MakerNotes: IFD of ${count} entries ignored`);
      return null;
    }
    const table = new BinaryView(held(this.window.read(layout.ifd + 2, count * 12)), le);
    const raw: { name: string; tag: number; type: number; count: number; byteLength: number; field: number }[] = [];
    for (let i = 0; i < count; i++) {
      const tag = table.u16(i * 12);
      const name = wanted[tag];
      const type = table.u16(i * 12 + 2);
      const size = TYPE_SIZES[type];
      if (!name || !size) continue;
      const valueCount = table.u32(i * 12 + 4);
      raw.push({ name, tag, type, count: valueCount, byteLength: valueCount * size, field: i * 12 + 8 });
    }
    const outOfLine = raw.filter((entry) => entry.byteLength > 4);
    const base =
      layout.base ??
      this.fixBase(
        outOfLine.map((entry) => ({ offset: table.u32(entry.field), length: entry.byteLength })),
        layout,
        layout.ifd + 2 + count * 12 + 4,
        this.footerBase(le),
      );
    const byName = new Map<string, TiffEntry>();
    for (const entry of raw) {
      const { tag, type, byteLength } = entry;
      if (byteLength <= 4) {
        byName.set(entry.name, {
          tag,
          type,
          count: entry.count,
          byteLength,
          value: table.slice(entry.field, byteLength),
          valueOffset: undefined,
          decodedText: undefined,
        });
        continue;
      }
      const offset = base + table.u32(entry.field);
      if (entry.byteLength > MAX_VALUE_BYTES || offset < 0 || offset + entry.byteLength > this.window.size) {
        this.warnings.push(`MakerNotes: ${entry.name} points outside the block; skipped`);
        continue;
      }
      byName.set(entry.name, {
        tag,
        type,
        count: entry.count,
        byteLength,
        value: held(this.window.read(offset, byteLength)),
        valueOffset: offset,
        decodedText: undefined,
      });
    }
    return { littleEndian: le, byName };
  }

  /** Canon's footer: the byte order, 42, and the note's offset when it was written (so the base it had). */
  private footerBase(littleEndian: boolean): number | null {
    if (this.span.end - this.span.start < 16) return null;
    const footer = new BinaryView(held(this.window.read(this.span.end - 8, 8)), littleEndian);
    const order = footer.ascii(0, 2);
    if ((order !== 'II' && order !== 'MM') || footer.u16(2) !== 42) return null;
    return this.span.start - footer.u32(4);
  }

  /** A sub-IFD of the note (Olympus' Equipment): an IFD pointer from the note's base, or a block of its own. */
  subIfd(parent: MakerEntries, name: string, layout: Layout, wanted: Record<number, string>): MakerEntries | null {
    const entry = parent.byName.get(name);
    if (!entry) return null;
    if (entry.type === 13 || entry.type === 4) {
      const pointer = firstValue(entry, parent.littleEndian);
      if (typeof pointer !== 'number') return null;
      return this.read({ ...layout, ifd: (layout.base ?? 0) + pointer, littleEndian: null }, wanted);
    }
    // An UNDEFINED block that is itself an IFD (older Olympus notes): its values lie within it.
    if (entry.valueOffset === undefined) return null;
    return this.read({ ...layout, ifd: entry.valueOffset, base: null, littleEndian: null }, wanted);
  }

  /**
   * ExifTool's FixBase, simplified: of the bases a maker uses (the EXIF TIFF header, the note's
   * start), the note's own footer (Canon's records where the note was written), and the base that
   * puts the first value right after the IFD (where writers put them), the one under which the
   * most out-of-line values fall inside the note.
   */
  private fixBase(values: { offset: number; length: number }[], layout: Layout, ifdEnd: number, footer: number | null): number {
    // The footer first: where it fits as well as another base, it is the one the note was written with.
    const candidates = [...(footer !== null ? [footer] : []), 0, this.span.start, layout.ifd];
    if (values.length) candidates.push(ifdEnd - Math.min(...values.map((v) => v.offset)));
    const inside = (base: number) => values.filter((v) => base + v.offset >= this.span.start && base + v.offset + v.length <= this.span.end).length;
    return candidates.reduce((best, candidate) => (inside(candidate) > inside(best) ? candidate : best), candidates[0]!);
  }
}

/** ExifTool's "ByteOrder Unknown": the order in which the entry count is plausible. */
function guessOrder(countBytes: Uint8Array): boolean | null {
  const little = countBytes[0]! | (countBytes[1]! << 8);
  const big = (countBytes[0]! << 8) | countBytes[1]!;
  if (little > 0 && little <= MAX_ENTRIES && (big === 0 || big > MAX_ENTRIES || little <= big)) return true;
  if (big > 0 && big <= MAX_ENTRIES) return false;
  return null;
}

/** ExifTool's Canon SerialNumber: ten digits; six for the EOS-1D family; the D30's own form. */
function canonSerial(value: number, model: string): string {
  if (/EOS D30\b/.test(model)) return `${(value >>> 16).toString(16).padStart(4, '0')}${String(value & 0xffff).padStart(5, '0')}`;
  return String(value).padStart(/EOS-1D/.test(model) ? 6 : 10, '0');
}

/**
 * Fujifilm's InternalSerialNumber as ExifTool prints it: the body number (hex in the raw value)
 * and the date of manufacture made readable ("FC  A3115393     Y-1353 2007:07:31 962330313C44").
 */
function fujifilmSerial(raw: string): string | null {
  const match = /^(.*?\s*)([0-9a-fA-F]*)(\d{2})(\d{2})(\d{2})(.{12})\s*\0*$/s.exec(raw);
  if (match && Number(match[4]) >= 1 && Number(match[4]) <= 12 && Number(match[5]) >= 1 && Number(match[5]) <= 31) {
    const year = Number(match[3]) + (Number(match[3]) < 70 ? 2000 : 1900);
    return cleanText(`${match[1]}${packHex(match[2]!)} ${year}:${match[4]}:${match[5]} ${match[6]}`);
  }
  return cleanText(raw.replace(/\b(592D(3[0-9])+)/, (hex) => `${packHex(hex)} `));
}

/** Perl's pack("H*"): hex digits as bytes, an odd last digit padded with 0. */
function packHex(hex: string): string {
  let out = '';
  for (let i = 0; i < hex.length; i += 2) out += String.fromCharCode(parseInt(`${hex[i]}${hex[i + 1] ?? '0'}`, 16));
  return out;
}

/**
 * Panasonic's InternalSerialNumber as ExifTool prints it: "(S00) 2004:07:19 no. 0102" when the
 * raw value has that shape from its first byte (some bodies lead with NULs: printed as written).
 */
function panasonicSerial(bytes: Uint8Array): string | null {
  const raw = String.fromCharCode(...bytes);
  const match = /^([A-Z][0-9A-Z]{2})(\d{2})(\d{2})(\d{2})(\d{4})/.exec(raw);
  if (!match) return cleanText(decodeText(bytes) ?? '');
  const year = Number(match[2]) + (Number(match[2]) < 70 ? 2000 : 1900);
  return `(${match[1]}) ${year}:${match[3]}:${match[4]} no. ${match[5]}`;
}

/**
 * ExifTool's FormatString for Nikon's text tags: trailing spaces go, and words with a vowel lose
 * their capitals but the first ("NO= 20025585" is "No= 20025585").
 */
function nikonFormatString(value: string): string {
  if (value.length > 60) return `${value.slice(0, 55)}[...]`;
  let text = value.replace(/\s+$/, '');
  if (!/[AEIOUY]/.test(text)) return text;
  const vowelFirst = /\b([AEIOUY])([A-Z]+)/g;
  if (vowelFirst.test(text)) {
    text = text.replace(vowelFirst, (_, first: string, rest: string) => first + rest.toLowerCase());
    text = text.replace(/\bAf\b/, 'AF').replace(/  +.$/s, '');
  }
  const withVowel = /\b([A-Z])([A-Z]*[AEIOUY][A-Z]*)/g;
  if (withVowel.test(text)) text = text.replace(withVowel, (_, first: string, rest: string) => first + rest.toLowerCase()).replace(/\bRaw\b/, 'RAW');
  return text;
}
