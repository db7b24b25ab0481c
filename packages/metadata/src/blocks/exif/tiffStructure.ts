import { BinaryView } from '../../readers/binaryView';
import { held, untilHeld, whenHeld } from '../../readers/rangeReader';
import { isBigTiff } from '../../detect';
import type { ImageFormat } from '../../types';
import { firstNumber } from './entryValues';
import { TAG } from './tags';

/** Caps that bound the EXIF walk whatever the block claims. */
export const MAX_ENTRIES_PER_IFD = 1000;
export const MAX_TOTAL_ENTRIES = 4000;
/** A single value larger than this is kept only as its size (MakerNotes, strip tables, thumbnails). */
export const MAX_VALUE_BYTES = 64 * 1024;

/** Random access to a TIFF structure: an in-memory EXIF block or a whole TIFF file. */
export interface TiffWindow {
  readonly size: number;
  /** `length` bytes at `offset`: at once when they are in memory, else a promise (RangeReader.read). */
  read(offset: number, length: number): Uint8Array | Promise<Uint8Array>;
  /** Fetches these spans ahead, in as few reads as possible, so that the walk finds them in memory; nothing to await when they are. */
  prefetch?(spans: readonly { offset: number; length: number }[]): Promise<void> | undefined;
}

/** The IFDs we follow, named as exif-reader names them. */
export type IfdName = 'Image' | 'Thumbnail' | 'Photo' | 'GPSInfo' | 'Iop';

export interface TiffEntry {
  tag: number;
  type: number;
  count: number;
  /** The raw value bytes, or null when the value was too large to keep. */
  value: Uint8Array | null;
  /** The value's declared size in bytes. */
  byteLength: number;
  /** Where an out-of-line value lies in the window (a RAW's embedded preview, a part of a large value). */
  valueOffset?: number;
  /** The value as text (entryValues' text()), kept once decoded: the EXIF groups and the normalised facts both read it. */
  decodedText?: string | null;
}

/** One image directory: IFD0, a SubIFD, IFD1, IFD2… as ExifTool names them. */
export interface ImageDirectory {
  name: string;
  entries: TiffEntry[];
}

export interface TiffStructure {
  littleEndian: boolean;
  ifds: Partial<Record<IfdName, TiffEntry[]>>;
  /**
   * Every image directory in ExifTool's reading order: IFD0, the SubIFDs it points to, IFD1, then
   * (in a camera's file) IFD2, IFD3…. A RAW keeps its full-resolution image and its previews there.
   */
  images: ImageDirectory[];
  warnings: string[];
}

/** Bytes per value of each TIFF type (1 BYTE … 12 DOUBLE, 13 IFD, 16–18 BigTIFF's 64-bit types). */
export const TYPE_SIZES: Record<number, number> = {
  1: 1,
  2: 1,
  3: 2,
  4: 4,
  5: 8,
  6: 1,
  7: 1,
  8: 2,
  9: 4,
  10: 8,
  11: 4,
  12: 8,
  13: 4,
  16: 8,
  17: 8,
  18: 8,
};

export const POINTER_TAGS = { exif: 0x8769, gps: 0x8825, interop: 0xa005 } as const;
/** TIFF's 42, BigTIFF's 43, and the RAWs' own: Olympus ORF (0x4f52, 0x5352) and Panasonic RW2 (0x55). */
const KNOWN_MAGIC = new Set([42, 43, 0x4f52, 0x5352, 0x55]);
/**
 * Compressions that only camera RAW data uses (Nikon, Sony, Pentax, Samsung), with the format that
 * three of them name (ExifTool's IdentifyRawFile).
 */
export const RAW_COMPRESSIONS: Readonly<Record<number, ImageFormat | null>> = { 34713: 'nef', 32767: 'arw', 65535: 'pef', 32769: null, 32770: null };
/** Colour filter array and linear raw: sensor data, never a preview. */
export const RAW_PHOTOMETRIC = new Set([32803, 34892]);
/** Most SubIFDs and chained IFDs followed: cameras write two to four. */
const MAX_IMAGE_DIRECTORIES = 8;

/** Wraps an in-memory block as a TiffWindow. */
export function memoryWindow(block: Uint8Array): TiffWindow {
  const view = new BinaryView(block);
  return { size: block.length, read: (offset, length) => view.slice(offset, length) };
}

/**
 * Walks a TIFF structure (classic or BigTIFF) and collects the entries of IFD0, IFD1, the EXIF, GPS
 * and Interoperability IFDs. Never trusts a count or offset: every value is checked against the
 * window, each IFD is visited once, entries are capped. Damage becomes a warning and partial data.
 */
export function readTiffStructure(window: TiffWindow): Promise<TiffStructure> {
  return untilHeld(() => walkTiffStructure(window));
}

/** readTiffStructure over the bytes held: NotHeld when it needs more (see untilHeld). */
export function walkTiffStructure(window: TiffWindow): TiffStructure {
  const headerLength = Math.min(16, window.size);
  const header = new BinaryView(held(window.read(0, headerLength)));
  const order = header.ascii(0, 2);
  if (order !== 'II' && order !== 'MM') throw new Error('EXIF block has no byte-order mark');
  header.littleEndian = order === 'II';
  const magic = header.u16(2);
  // A 43 without BigTIFF's whole header is read as classic TIFF, as ExifTool does.
  const bigTiff = headerLength >= 16 && isBigTiff(header.bytes);
  const firstIfd = bigTiff ? header.u64(8) : header.u32(4);

  const structure: TiffStructure = { littleEndian: header.littleEndian, ifds: {}, images: [], warnings: [] };
  // ExifTool reads on past a damaged magic number (its words are the warning's); the IFDs decide.
  if (!KNOWN_MAGIC.has(magic)) structure.warnings.push('Invalid magic number in EXIF TIFF header');
  const walker = new IfdWalker(window, header.littleEndian, bigTiff, structure);

  let next = walker.read('Image', firstIfd);
  const image = structure.ifds.Image;
  if (!image) throw new Error('EXIF block has no readable IFD0');
  structure.images.push({ name: 'IFD0', entries: image });
  for (const [index, offset] of subIfdOffsets(image, structure.littleEndian).entries()) {
    const entries = walker.readDirectory(`SubIFD${index || ''}`, offset).entries;
    if (entries) structure.images.push({ name: `SubIFD${index || ''}`, entries });
  }
  if (next) {
    next = walker.read('Thumbnail', next);
    if (structure.ifds.Thumbnail) structure.images.push({ name: 'IFD1', entries: structure.ifds.Thumbnail });
  }
  // A camera's TIFF-based file goes on (a CR2's raw data is IFD3, a PEF's preview IFD2); a plain
  // multi-page TIFF's further pages would cost a read each, and say nothing of this image.
  if (isCameraFile(image, structure.littleEndian, header.bytes)) {
    for (let n = 2; next && n < MAX_IMAGE_DIRECTORIES; n++) {
      const directory = walker.readDirectory(`IFD${n}`, next);
      if (directory.entries) structure.images.push({ name: `IFD${n}`, entries: directory.entries });
      next = directory.next;
    }
  }
  const exifOffset = pointer(image, POINTER_TAGS.exif, structure.littleEndian);
  if (exifOffset) walker.read('Photo', exifOffset);
  const gpsOffset = pointer(image, POINTER_TAGS.gps, structure.littleEndian);
  if (gpsOffset) walker.read('GPSInfo', gpsOffset);
  const interopOffset = structure.ifds.Photo && pointer(structure.ifds.Photo, POINTER_TAGS.interop, structure.littleEndian);
  if (interopOffset) walker.read('Iop', interopOffset);
  return structure;
}

/** IFD0's SubIFD offsets (LONG or IFD values), at most MAX_IMAGE_DIRECTORIES. */
function subIfdOffsets(entries: TiffEntry[], littleEndian: boolean): number[] {
  const entry = entries.find((e) => e.tag === TAG.subIfds);
  if (!entry?.value || (entry.type !== 4 && entry.type !== 13)) return [];
  const view = new BinaryView(entry.value, littleEndian);
  const offsets: number[] = [];
  for (let i = 0; i < Math.min(entry.count, MAX_IMAGE_DIRECTORIES) && view.fits(i * 4, 4); i++) offsets.push(view.u32(i * 4));
  return offsets;
}

/**
 * A camera RAW, whose image directories go on past IFD1 (a CR2's raw data is IFD3, a PEF's preview
 * IFD2): a CR2's own header, a DNG, raw sensor data in IFD0, or an IFD0 that is only a reduced
 * copy. A multi-page TIFF (a scanner's, a fax's) is none of these: its pages would cost a read each.
 */
function isCameraFile(image: TiffEntry[], littleEndian: boolean, header: Uint8Array): boolean {
  if (header[8] === 0x43 && header[9] === 0x52) return true;
  if (image.some((e) => e.tag === TAG.dngVersion)) return true;
  const value = (tag: number) => firstNumber(image, tag, littleEndian) ?? -1;
  return Object.hasOwn(RAW_COMPRESSIONS, value(TAG.compression)) || RAW_PHOTOMETRIC.has(value(TAG.photometric)) || value(TAG.subfileType) === 1;
}

function pointer(entries: TiffEntry[], tag: number, littleEndian: boolean): number | null {
  const entry = entries.find((e) => e.tag === tag);
  if (!entry?.value || entry.count < 1) return null;
  const view = new BinaryView(entry.value, littleEndian);
  if ((entry.type === 4 || entry.type === 13) && view.fits(0, 4)) return view.u32(0) || null;
  if ((entry.type === 16 || entry.type === 18) && view.fits(0, 8)) return view.u64(0) || null;
  return null;
}

class IfdWalker {
  private readonly visited = new Set<number>();
  private totalEntries = 0;

  constructor(
    private readonly window: TiffWindow,
    private readonly littleEndian: boolean,
    private readonly bigTiff: boolean,
    private readonly structure: TiffStructure,
  ) {}

  /**
   * Where an IFD's out-of-line values (those the walk keeps) and the IFDs it points to lie, so
   * that they can be fetched together rather than one read each.
   */
  private valueSpans(table: BinaryView, count: number): { offset: number; length: number }[] {
    const entrySize = this.bigTiff ? 20 : 12;
    const inlineSize = this.bigTiff ? 8 : 4;
    const spans: { offset: number; length: number }[] = [];
    for (let i = 0; i < count; i++) {
      const at = i * entrySize;
      const tag = table.u16(at);
      const typeSize = TYPE_SIZES[table.u16(at + 2)];
      if (!typeSize) continue;
      const valueField = at + (this.bigTiff ? 12 : 8);
      const byteLength = (this.bigTiff ? table.u64(at + 4) : table.u32(at + 4)) * typeSize;
      const pointsToIfd =
        tag === POINTER_TAGS.exif || tag === POINTER_TAGS.gps || tag === POINTER_TAGS.interop || (tag === TAG.subIfds && byteLength <= inlineSize);
      // An inline value holds data, not an offset (and in BigTIFF it may not even fit a safe integer).
      if (byteLength <= inlineSize && !pointsToIfd) continue;
      // A BigTIFF offset beyond 2^53 is damage: no span (the walk itself reports it).
      const valueOffset = this.bigTiff ? (table.u32(valueField + (this.littleEndian ? 4 : 0)) < 0x200000 ? table.u64(valueField) : -1) : table.u32(valueField);
      if (byteLength > inlineSize && byteLength <= MAX_VALUE_BYTES) spans.push({ offset: valueOffset, length: byteLength });
      // A large ICC profile is read in part (its header, tag table and description): the start is enough.
      else if (tag === TAG.iccProfile && byteLength > MAX_VALUE_BYTES) spans.push({ offset: valueOffset, length: 4096 });
      // The EXIF, GPS and Interoperability IFDs: their entry count, and with the read's size, most often the whole table.
      if (pointsToIfd) spans.push({ offset: valueOffset, length: 2 });
    }
    return spans;
  }

  /** Reads one of the named IFDs; returns the offset of the next IFD in the chain, or 0. */
  read(name: IfdName, offset: number): number {
    const { entries, next } = this.readDirectory(name, offset);
    if (entries) this.structure.ifds[name] = entries;
    return next;
  }

  /** Reads one IFD: its entries (null when it could not be read) and the offset of the next IFD in the chain, or 0. */
  readDirectory(name: string, offset: number): { entries: TiffEntry[] | null; next: number } {
    const warn = (message: string) => this.structure.warnings.push(`EXIF ${name}: ${message}`);
    if (this.visited.has(offset)) {
      warn(`IFD at ${offset} visited twice (a loop); ignored`);
      return { entries: null, next: 0 };
    }
    this.visited.add(offset);
    const countSize = this.bigTiff ? 8 : 2;
    const entrySize = this.bigTiff ? 20 : 12;
    const inlineSize = this.bigTiff ? 8 : 4;
    if (offset < 8 || offset + countSize > this.window.size) {
      warn(`IFD offset ${offset} is outside the block`);
      return { entries: null, next: 0 };
    }
    const countView = new BinaryView(held(this.window.read(offset, countSize)), this.littleEndian);
    const declared = this.bigTiff ? countView.u64(0) : countView.u16(0);
    let count = Math.min(declared, MAX_ENTRIES_PER_IFD, MAX_TOTAL_ENTRIES - this.totalEntries);
    if (count < declared) warn(`${declared} entries declared; only ${count} read`);
    const available = Math.floor((this.window.size - offset - countSize) / entrySize);
    if (count > available) {
      warn(`IFD truncated: ${count} entries declared, ${available} present`);
      count = Math.max(0, available);
    }
    this.totalEntries += count;
    const tableLength = count * entrySize + inlineSize;
    const tableAvailable = Math.min(tableLength, this.window.size - offset - countSize);
    const table = new BinaryView(held(this.window.read(offset + countSize, tableAvailable)), this.littleEndian);

    whenHeld(this.window.prefetch?.(this.valueSpans(table, count)));

    const entries: TiffEntry[] = [];
    for (let i = 0; i < count; i++) {
      const at = i * entrySize;
      const tag = table.u16(at);
      const type = table.u16(at + 2);
      const valueCount = this.bigTiff ? table.u64(at + 4) : table.u32(at + 4);
      const typeSize = TYPE_SIZES[type];
      if (!typeSize) {
        warn(`tag 0x${tag.toString(16)} has unknown type ${type}; skipped`);
        continue;
      }
      const byteLength = valueCount * typeSize;
      const valueField = at + (this.bigTiff ? 12 : 8);
      if (byteLength <= inlineSize) {
        // valueOffset and decodedText written even when there is none: entries of one shape keep the code that reads them monomorphic.
        entries.push({ tag, type, count: valueCount, byteLength, value: table.slice(valueField, byteLength), valueOffset: undefined, decodedText: undefined });
        continue;
      }
      const valueOffset = this.bigTiff ? table.u64(valueField) : table.u32(valueField);
      if (!Number.isSafeInteger(byteLength) || valueOffset + byteLength > this.window.size) {
        warn(`tag 0x${tag.toString(16)} points outside the block; skipped`);
        continue;
      }
      if (byteLength > MAX_VALUE_BYTES) {
        entries.push({ tag, type, count: valueCount, byteLength, value: null, valueOffset, decodedText: undefined });
        continue;
      }
      const value = held(this.window.read(valueOffset, byteLength));
      entries.push({ tag, type, count: valueCount, byteLength, value, valueOffset, decodedText: undefined });
    }

    const nextField = count * entrySize;
    if (!table.fits(nextField, inlineSize)) return { entries, next: 0 };
    const next = this.bigTiff ? table.u64(nextField) : table.u32(nextField);
    return { entries, next: next >= 8 && next < this.window.size ? next : 0 };
  }
}
