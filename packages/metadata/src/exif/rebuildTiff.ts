import { POINTER_TAGS, type IfdName, type TiffEntry, type TiffStructure } from './tiffStructure';

/**
 * Writes the walked entries back out as one compact, well-formed classic TIFF block, so that
 * exif-reader only ever decodes bytes whose every count and offset has already been checked.
 * Values that were too large to keep, BigTIFF's 64-bit types and entries `include` rejects are
 * left out.
 */
export function rebuildTiff(structure: TiffStructure, include: (entry: TiffEntry) => boolean = () => true): Uint8Array {
  const le = structure.littleEndian;
  const keep = (entries: TiffEntry[] | undefined) =>
    (entries ?? [])
      .filter((e) => e.value !== null && e.type <= 13 && !isPointer(e.tag) && include(e))
      .map((e) => (e.type === 13 ? { ...e, type: 4 } : e))
      .sort((a, b) => a.tag - b.tag);

  const order: IfdName[] = ['Image', 'Photo', 'GPSInfo', 'Iop', 'Thumbnail'];
  const tables = new Map<IfdName, TiffEntry[]>();
  for (const name of order) {
    if (structure.ifds[name]) tables.set(name, keep(structure.ifds[name]));
  }
  const pointerEntry = (tag: number): TiffEntry => ({ tag, type: 4, count: 1, byteLength: 4, value: new Uint8Array(4) });
  const image = tables.get('Image') ?? [];
  if (tables.get('Photo')?.length || tables.get('Iop')?.length) image.push(pointerEntry(POINTER_TAGS.exif));
  if (tables.get('GPSInfo')?.length) image.push(pointerEntry(POINTER_TAGS.gps));
  image.sort((a, b) => a.tag - b.tag);
  tables.set('Image', image);
  const photo = tables.get('Photo') ?? [];
  if (tables.get('Iop')?.length) {
    photo.push(pointerEntry(POINTER_TAGS.interop));
    photo.sort((a, b) => a.tag - b.tag);
    tables.set('Photo', photo);
  }

  // Layout: header, every IFD table, then the out-of-line values.
  const ifdOffsets = new Map<IfdName, number>();
  let position = 8;
  for (const [name, entries] of tables) {
    ifdOffsets.set(name, position);
    position += 2 + entries.length * 12 + 4;
  }
  let valuesSize = 0;
  for (const entries of tables.values()) {
    for (const e of entries) if (e.byteLength > 4) valuesSize += e.byteLength + (e.byteLength & 1);
  }
  const out = new Uint8Array(position + valuesSize);
  const view = new DataView(out.buffer);
  out.set(le ? [0x49, 0x49] : [0x4d, 0x4d], 0);
  view.setUint16(2, 42, le);
  view.setUint32(4, 8, le);

  let valueCursor = position;
  for (const [name, entries] of tables) {
    let at = ifdOffsets.get(name)!;
    view.setUint16(at, entries.length, le);
    at += 2;
    for (const entry of entries) {
      view.setUint16(at, entry.tag, le);
      view.setUint16(at + 2, entry.type, le);
      view.setUint32(at + 4, entry.count, le);
      const target = pointerTarget(entry.tag);
      if (target) {
        view.setUint32(at + 8, ifdOffsets.get(target) ?? 0, le);
      } else if (entry.byteLength <= 4) {
        out.set(entry.value!.subarray(0, 4), at + 8);
      } else {
        view.setUint32(at + 8, valueCursor, le);
        out.set(entry.value!, valueCursor);
        valueCursor += entry.byteLength + (entry.byteLength & 1);
      }
      at += 12;
    }
    // IFD0's next-IFD pointer leads to the thumbnail IFD; every other chain ends here.
    view.setUint32(at, name === 'Image' ? (ifdOffsets.get('Thumbnail') ?? 0) : 0, le);
  }
  return out;
}

function isPointer(tag: number): boolean {
  return tag === POINTER_TAGS.exif || tag === POINTER_TAGS.gps || tag === POINTER_TAGS.interop;
}

function pointerTarget(tag: number): IfdName | null {
  if (tag === POINTER_TAGS.exif) return 'Photo';
  if (tag === POINTER_TAGS.gps) return 'GPSInfo';
  if (tag === POINTER_TAGS.interop) return 'Iop';
  return null;
}
