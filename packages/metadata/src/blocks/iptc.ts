import { BinaryView, startsWith } from '../readers/binaryView';
import { cleanText, decodeAs, MAX_CAPTION_LENGTH } from './text';

/** More datasets than an IPTC block holds in practice. */
const MAX_DATASETS = 2000;
const MAX_LIST_ITEMS = 100;

/** The IPTC-IIM datasets the descriptive metadata needs (record 2), decoded. */
export interface IptcValues {
  objectName: string | null;
  captionAbstract: string | null;
  keywords: string[] | null;
  byLine: string[] | null;
}

/**
 * Reads an IPTC-IIM block (0x1C-tagged datasets). Text is UTF-8 when the block says so
 * (1:90 CodedCharacterSet = ESC % G), else Latin-1, as ExifTool reads it.
 */
export function readIptc(block: Uint8Array): IptcValues {
  const view = new BinaryView(block);
  const datasets: { record: number; dataset: number; value: Uint8Array }[] = [];
  let utf8 = false;
  for (let at = 0, count = 0; at + 5 <= block.length && count < MAX_DATASETS; count++) {
    if (block[at] !== 0x1c) break;
    const record = block[at + 1]!;
    const dataset = block[at + 2]!;
    let length = view.u16(at + 3);
    at += 5;
    if (length & 0x8000) {
      // Extended dataset: the next (length & 0x7fff) bytes hold the length.
      const size = length & 0x7fff;
      if (size > 4 || at + size > block.length) break;
      length = 0;
      for (let i = 0; i < size; i++) length = length * 256 + block[at + i]!;
      at += size;
    }
    if (at + length > block.length) break;
    const value = block.subarray(at, at + length);
    at += length;
    if (record === 1 && dataset === 90) utf8 = startsWith(value, '\x1b%G');
    else if (record === 2) datasets.push({ record, dataset, value });
  }
  const texts = (id: number) =>
    datasets
      .filter((d) => d.dataset === id)
      .slice(0, MAX_LIST_ITEMS)
      .map((d) => cleanText(decodeAs(utf8 ? 'utf-8' : 'latin1', d.value), MAX_CAPTION_LENGTH))
      .filter((text): text is string => text !== null);
  const first = (id: number) => texts(id)[0] ?? null;
  const all = (id: number) => {
    const values = texts(id);
    return values.length ? values : null;
  };
  return { objectName: first(5), captionAbstract: first(120), keywords: all(25), byLine: all(80) };
}

/** What Photoshop image resources (8BIM) hold of IPTC: the IIM block and the digest stored beside it. */
export interface PhotoshopIptc {
  iptc: Uint8Array | null;
  /** 8BIM 0x0425: MD5 of the IPTC block when XMP was last synchronised with it, hex. */
  storedDigest: string | null;
}

/** Reads Photoshop image resource blocks ("8BIM", id, Pascal name, size, data, padded to even). */
export function readPhotoshopResources(data: Uint8Array): PhotoshopIptc {
  const view = new BinaryView(data);
  const result: PhotoshopIptc = { iptc: null, storedDigest: null };
  for (let at = 0, count = 0; at + 12 <= data.length && count < 1000; count++) {
    if (!startsWith(data, '8BIM', at)) break;
    const id = view.u16(at + 4);
    const nameLength = data[at + 6]!;
    let cursor = at + 6 + ((nameLength + 2) & ~1);
    if (cursor + 4 > data.length) break;
    const size = view.u32(cursor);
    cursor += 4;
    const end = Math.min(data.length, cursor + size);
    const value = data.subarray(cursor, end);
    if (id === 0x0404 && !result.iptc) result.iptc = value;
    if (id === 0x0425 && value.length === 16) result.storedDigest = hex(value);
    at = cursor + size + (size & 1);
  }
  return result;
}

/** MD5 of an IPTC block, hex: ExifTool's CurrentIPTCDigest. */
export function iptcDigest(block: Uint8Array): string {
  return process.getBuiltinModule('node:crypto').createHash('md5').update(block).digest('hex');
}

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}
