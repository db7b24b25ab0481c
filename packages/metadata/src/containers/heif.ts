import { decodeAs } from '../blocks/text';
import { BinaryView, concat } from '../readers/binaryView';
import type { TiffWindow } from '../blocks/exif/tiffStructure';
import { OutOfBoundsError } from '../errors';
import { MAY_BE_LESS, type RangeReader } from '../readers/rangeReader';
import { children, exifPayload, topLevelBoxes, type Box } from './isoBoxes';
import { emptyInfo, tolerateTruncation, type ContainerInfo, type ContainerParser } from './container';
import { MAX_METADATA_BLOCK_BYTES } from '../limits';

/** Largest `meta` box read; real ones are a few kilobytes. */
const MAX_META_BYTES = 4 * 1024 * 1024;
const MAX_ITEMS = 10_000;

interface ItemLocation {
  constructionMethod: number;
  extents: { offset: number; length: number }[];
}

/**
 * HEIF/HEIC and AVIF: finds the `meta` box (also after `mdat`), then the primary item's `ispe`,
 * `irot`, `pixi` and `colr` properties, and the Exif item through `iinf` and `iloc`.
 */
export const parseHeif: ContainerParser = async (reader: RangeReader) => {
  const info = emptyInfo();
  return tolerateTruncation(info, async () => {
    const meta = await findMetaBox(reader);
    if (!meta) {
      info.warnings.push('HEIF has no meta box');
      return;
    }
    await readMeta(reader, meta, info);
  });
};

async function findMetaBox(reader: RangeReader): Promise<BinaryView | null> {
  for await (const box of topLevelBoxes(reader)) {
    if (box.type !== 'meta') continue;
    if (box.end - box.offset > MAX_META_BYTES) return null;
    // Read as much as is there: a truncated meta box still yields what it holds.
    return new BinaryView(await reader.read(box.offset, box.end - box.offset, MAY_BE_LESS));
  }
  return null;
}

async function readMeta(reader: RangeReader, meta: BinaryView, info: ContainerInfo): Promise<void> {
  const boxes = new Map<string, Box>();
  // meta is a FullBox: 4 bytes of version and flags before its children.
  for (const box of children(meta, 12, meta.length)) if (!boxes.has(box.type)) boxes.set(box.type, box);
  // A damaged box costs what it holds, not what the others hold: ExifTool warns and reads on.
  const tolerate = <T>(name: string, fallback: T, read: () => T): T => {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof OutOfBoundsError) && !(error instanceof RangeError)) throw error;
      info.warnings.push(`HEIF ${name} box is damaged: ${error.message}`);
      return fallback;
    }
  };

  const pitm = boxes.get('pitm');
  const primary = pitm ? tolerate('pitm', 1, () => (meta.u8(pitm.start) === 0 ? meta.u16(pitm.start + 4) : meta.u32(pitm.start + 4))) : 1;
  const iinf = boxes.get('iinf');
  const items = iinf ? tolerate('iinf', new Map<number, ItemType>(), () => readItemTypes(meta, iinf)) : new Map<number, ItemType>();
  const iloc = boxes.get('iloc');
  // Filled as it is read, so that the items before a damaged one are kept.
  const locations = new Map<number, ItemLocation>();
  if (iloc) tolerate('iloc', undefined, () => readItemLocations(meta, iloc, locations));

  const iprp = boxes.get('iprp');
  if (iprp) tolerate('iprp', undefined, () => readItemProperties(meta, iprp, primary, info));
  info.animated = false;

  // Which image each metadata item describes (iref `cdsc`): an iPhone's HDR gain map has an XMP
  // item of its own, and it is not the photo's.
  const iref = boxes.get('iref');
  const describes = iref ? tolerate('iref', new Map<number, number[]>(), () => readContentDescriptions(meta, iref)) : new Map<number, number[]>();
  const metadataItem = (matches: (item: ItemType) => boolean) =>
    primaryFirst(
      [...items].filter(([, item]) => matches(item)).map(([id]) => id),
      describes,
      primary,
    );

  const exifItem = metadataItem((item) => item.type === 'Exif');
  const location = exifItem !== undefined ? locations.get(exifItem) : undefined;
  if (location) info.exif = await readExifItem(reader, meta, boxes.get('idat'), location, info);
  // XMP is a `mime` item of type application/rdf+xml.
  const xmpItem = metadataItem((item) => item.type === 'mime' && item.contentType === 'application/rdf+xml');
  const xmpLocation = xmpItem !== undefined ? locations.get(xmpItem) : undefined;
  if (xmpLocation) info.xmp = await readItemBytes(reader, meta, boxes.get('idat'), xmpLocation, MAX_METADATA_BLOCK_BYTES, info);
}

/** The primary item's properties (ispe, irot, pixi, colr) through ipma. */
function readItemProperties(meta: BinaryView, iprp: Box, primary: number, info: ContainerInfo): void {
  const sub = new Map<string, Box>();
  for (const box of children(meta, iprp.start, iprp.end)) if (!sub.has(box.type)) sub.set(box.type, box);
  const ipco = sub.get('ipco');
  if (!ipco) return;
  const properties = [...children(meta, ipco.start, ipco.end)];
  const ipma = sub.get('ipma');
  if (!ipma) {
    // No associations (a damaged iprp): every property is taken in order, so the last ispe
    // gives the size, as ExifTool reports it.
    info.warnings.push('HEIF has no item property associations (ipma)');
    for (const property of properties) readProperty(meta, property, info);
    return;
  }
  for (const index of readAssociations(meta, ipma).get(primary) ?? []) {
    const property = properties[index - 1];
    if (property) readProperty(meta, property, info);
  }
  // Some writers tie the ICC profile to the image's tiles rather than to the primary (grid)
  // item; the picture is still described by it, and ExifTool reports it.
  if (!info.iccProfile) {
    const profile = properties.find((property) => property.type === 'colr' && isIccColour(meta, property));
    if (profile) readProperty(meta, profile, info);
  }
}

/**
 * The metadata item that describes the primary image, else one that describes no image in
 * particular, else the first: ExifTool reads them all, and the primary's values are the ones it
 * reports.
 */
function primaryFirst(ids: number[], describes: Map<number, number[]>, primary: number): number | undefined {
  const rank = (id: number) => (describes.get(id)?.includes(primary) ? 0 : describes.has(id) ? 2 : 1);
  return [...ids].sort((a, b) => rank(a) - rank(b))[0];
}

/** The `cdsc` references of an iref box: item → the items it describes. */
function readContentDescriptions(meta: BinaryView, iref: Box): Map<number, number[]> {
  const wide = meta.u8(iref.start) !== 0;
  const describes = new Map<number, number[]>();
  for (const reference of children(meta, iref.start + 4, iref.end)) {
    if (reference.type !== 'cdsc') continue;
    const from = wide ? meta.u32(reference.start) : meta.u16(reference.start);
    let at = reference.start + (wide ? 4 : 2);
    const count = meta.u16(at);
    at += 2;
    const to: number[] = [];
    for (let i = 0; i < Math.min(count, MAX_ITEMS); i++, at += wide ? 4 : 2) to.push(wide ? meta.u32(at) : meta.u16(at));
    describes.set(from, to);
  }
  return describes;
}

interface ItemType {
  type: string;
  /** For `mime` items. */
  contentType?: string;
}

function readItemTypes(meta: BinaryView, iinf: Box): Map<number, ItemType> {
  const version = meta.u8(iinf.start);
  const items = new Map<number, ItemType>();
  const first = iinf.start + 4 + (version === 0 ? 2 : 4);
  let count = 0;
  for (const infe of children(meta, first, iinf.end)) {
    if (infe.type !== 'infe' || ++count > MAX_ITEMS) continue;
    const infeVersion = meta.u8(infe.start);
    if (infeVersion < 2) continue;
    const id = infeVersion === 2 ? meta.u16(infe.start + 4) : meta.u32(infe.start + 4);
    const typeAt = infe.start + 4 + (infeVersion === 2 ? 2 : 4) + 2;
    const type = meta.ascii(typeAt, 4);
    if (type !== 'mime') {
      items.set(id, { type });
      continue;
    }
    // item_name, then content_type, each NUL-terminated.
    const strings = meta.bytes.subarray(typeAt + 4, infe.end);
    const nameEnd = strings.indexOf(0);
    const typeEnd = nameEnd < 0 ? -1 : strings.indexOf(0, nameEnd + 1);
    items.set(id, { type, contentType: typeEnd < 0 ? undefined : decodeAs('latin1', strings.subarray(nameEnd + 1, typeEnd)) });
  }
  return items;
}

function readSized(view: BinaryView, offset: number, size: number): number {
  if (size === 0) return 0;
  // The standard allows 0, 4 and 8; some writers use 1 or 2, which ExifTool reads as well.
  if (size === 1) return view.u8(offset);
  if (size === 2) return view.u16(offset);
  if (size === 4) return view.u32(offset);
  if (size === 8) return view.u64(offset);
  throw new RangeError(`Unsupported iloc field size ${size}`);
}

function readItemLocations(meta: BinaryView, iloc: Box, locations: Map<number, ItemLocation>): void {
  const version = meta.u8(iloc.start);
  let at = iloc.start + 4;
  const sizes = meta.u16(at);
  const offsetSize = sizes >> 12;
  const lengthSize = (sizes >> 8) & 15;
  const baseOffsetSize = (sizes >> 4) & 15;
  const indexSize = version === 1 || version === 2 ? sizes & 15 : 0;
  at += 2;
  const itemCount = version < 2 ? meta.u16(at) : meta.u32(at);
  at += version < 2 ? 2 : 4;
  for (let i = 0; i < Math.min(itemCount, MAX_ITEMS); i++) {
    const id = version < 2 ? meta.u16(at) : meta.u32(at);
    at += version < 2 ? 2 : 4;
    let constructionMethod = 0;
    if (version === 1 || version === 2) {
      constructionMethod = meta.u16(at) & 15;
      at += 2;
    }
    at += 2; // data_reference_index
    const baseOffset = readSized(meta, at, baseOffsetSize);
    at += baseOffsetSize;
    const extentCount = meta.u16(at);
    at += 2;
    const extents: ItemLocation['extents'] = [];
    for (let e = 0; e < extentCount; e++) {
      at += indexSize;
      const offset = readSized(meta, at, offsetSize);
      at += offsetSize;
      const length = readSized(meta, at, lengthSize);
      at += lengthSize;
      if (extents.length < 64) extents.push({ offset: baseOffset + offset, length });
    }
    if (at > iloc.end) throw new OutOfBoundsError(at, 0, iloc.end);
    locations.set(id, { constructionMethod, extents });
  }
}

function readAssociations(meta: BinaryView, ipma: Box): Map<number, number[]> {
  const version = meta.u8(ipma.start);
  const flags = meta.u24(ipma.start + 1);
  const associations = new Map<number, number[]>();
  let at = ipma.start + 4;
  const count = meta.u32(at);
  at += 4;
  for (let i = 0; i < Math.min(count, MAX_ITEMS); i++) {
    const id = version < 1 ? meta.u16(at) : meta.u32(at);
    at += version < 1 ? 2 : 4;
    const n = meta.u8(at);
    at += 1;
    const indices: number[] = [];
    for (let j = 0; j < n; j++) {
      indices.push(flags & 1 ? meta.u16(at) & 0x7fff : meta.u8(at) & 0x7f);
      at += flags & 1 ? 2 : 1;
    }
    associations.set(id, indices);
  }
  return associations;
}

function readProperty(meta: BinaryView, property: Box, info: ContainerInfo): void {
  switch (property.type) {
    case 'ispe':
      info.width = meta.u32(property.start + 4);
      info.height = meta.u32(property.start + 8);
      break;
    case 'irot':
      info.rotation = (meta.u8(property.start) & 3) * 90;
      break;
    case 'pixi':
      if (meta.u8(property.start + 4) > 0) info.bitDepth = meta.u8(property.start + 5);
      break;
    case 'colr': {
      if (isIccColour(meta, property)) {
        info.iccProfile = meta.slice(property.start + 4, property.end - property.start - 4);
      }
      break;
    }
  }
}

/** A `colr` property that carries an ICC profile (`prof` or `rICC`), not just nclx numbers. */
function isIccColour(meta: BinaryView, property: Box): boolean {
  const colourType = meta.ascii(property.start, 4);
  return (colourType === 'prof' || colourType === 'rICC') && property.end > property.start + 4;
}

/** An item's bytes from its extents (in idat or in the file), or null when over `maxBytes`. */
async function readItemBytes(
  reader: RangeReader,
  meta: BinaryView,
  idat: Box | undefined,
  location: ItemLocation,
  maxBytes: number,
  info: ContainerInfo,
): Promise<Uint8Array | null> {
  const total = location.extents.reduce((sum, e) => sum + e.length, 0);
  if (total > maxBytes || total < 8) {
    info.warnings.push(`HEIF item of ${total} bytes ignored`);
    return null;
  }
  const parts: Uint8Array[] = [];
  for (const extent of location.extents) {
    if (location.constructionMethod === 1) {
      if (!idat) return null;
      parts.push(meta.slice(idat.start + extent.offset, extent.length));
    } else {
      parts.push(await reader.read(extent.offset, extent.length));
    }
  }
  return concat(parts);
}

async function readExifItem(
  reader: RangeReader,
  meta: BinaryView,
  idat: Box | undefined,
  location: ItemLocation,
  info: ContainerInfo,
): Promise<TiffWindow | null> {
  const data = await readItemBytes(reader, meta, idat, location, MAX_METADATA_BLOCK_BYTES, info);
  if (!data) return null;
  const exif = exifPayload(data);
  if (!exif) info.warnings.push('HEIF Exif item has no TIFF header');
  return exif;
}
