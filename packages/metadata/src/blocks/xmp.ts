import { SaxesParser, type SaxesTag } from 'saxes';
import { cleanText, decodeAs, MAX_CAPTION_LENGTH } from './text';
import { MAX_METADATA_BLOCK_BYTES } from '../limits';

/** Deeper nesting than real XMP has (x:xmpmeta › rdf:RDF › rdf:Description › property › container › li › …). */
export const MAX_XMP_DEPTH = 32;
const MAX_LIST_ITEMS = 100;

const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const XML = 'http://www.w3.org/XML/1998/namespace';
const XMP_NAMESPACES = {
  dc: 'http://purl.org/dc/elements/1.1/',
  xmp: 'http://ns.adobe.com/xap/1.0/',
  aux: 'http://ns.adobe.com/exif/1.0/aux/',
  exifEX: 'http://cipa.jp/exif/1.0/',
  photoshop: 'http://ns.adobe.com/photoshop/1.0/',
} as const;

/** The XMP properties the descriptive metadata needs, as found. */
export interface XmpValues {
  /** dc:title, x-default first. */
  title: string | null;
  /** dc:description, x-default first. */
  description: string | null;
  /** dc:subject, in order. */
  subject: string[] | null;
  /** dc:creator, in order. */
  creator: string[] | null;
  /** xmp:Rating as written. */
  rating: number | null;
  /** aux:Lens, then exifEX:LensModel (what Lightroom and the CIPA schema call the lens). */
  lens: string | null;
  /** aux:SerialNumber: the body's. */
  serialNumber: string | null;
  /** photoshop:DateCreated, then xmp:CreateDate, as written (ISO 8601, maybe with a zone). */
  dateCreated: string | null;
}

/** The Dublin Core properties read here. */
const DC_NAMES = ['title', 'description', 'subject', 'creator'];
const NOTHING: XmpValues = { title: null, description: null, subject: null, creator: null, rating: null, lens: null, serialNumber: null, dateCreated: null };
/** Which fallbacks the caller still needs from XMP (what EXIF and the maker notes did not give). */
export interface XmpWanted {
  lens: boolean;
  serialNumber: boolean;
  date: boolean;
}
const ALL_WANTED: XmpWanted = { lens: true, serialNumber: true, date: true };

interface Collected {
  /** Simple value, or the items of an rdf:Alt/Bag/Seq with their xml:lang. */
  text: string | null;
  items: { value: string; lang: string | null }[];
}

/**
 * Reads an XMP packet with a streaming parser that expands no entities and reads no DTD: an
 * undeclared entity (a "billion laughs" packet) is an error, and the packet is ignored. Throws
 * on oversized packets, and on malformed or too deeply nested XML that could hold one of the
 * properties; the caller turns that into a warning.
 */
export function readXmp(packet: Uint8Array, fallbacks: XmpWanted = ALL_WANTED): XmpValues {
  if (packet.length > MAX_METADATA_BLOCK_BYTES) throw new Error(`XMP packet of ${packet.length} bytes is over the ${MAX_METADATA_BLOCK_BYTES}-byte limit`);
  // A UTF-8 packet is searched for the clues as bytes first: one without any is not even decoded
  // (a TIFF's packet can be hundreds of kilobytes).
  const encoding = packetEncoding(packet);
  if (encoding === 'utf-8') {
    const bytes = Buffer.from(packet.buffer, packet.byteOffset, packet.byteLength);
    if (!mayHoldWanted((clue) => bytes.includes(clue), fallbacks)) return { ...NOTHING };
  }
  const xml = withoutPadding(decodePacket(packet, encoding));
  if (!mayHoldWanted((clue) => xml.includes(clue), fallbacks)) return { ...NOTHING };
  const wanted: ReadonlySet<string> = new Set(Object.values(XMP_NAMESPACES));
  const found = new Map<string, Collected>();
  const stack: XmlElement[] = [];
  // The property being collected (namespace + local name), its depth, and the current item.
  let property: { key: string; depth: number; collected: Collected } | null = null;
  let item: { lang: string | null; text: string } | null = null;
  let inValue = false;

  // Prefixes are resolved here (elementOf), not by the parser: its namespace mode costs a third of the parse.
  const parser = new SaxesParser({ xmlns: false, position: false });
  parser.on('opentag', (tag) => {
    const element = elementOf(tag, stack[stack.length - 1]?.scope ?? ROOT_SCOPE);
    stack.push(element);
    if (stack.length > MAX_XMP_DEPTH) throw new Error(`XMP nested deeper than ${MAX_XMP_DEPTH}`);
    const parent = stack[stack.length - 2];
    if (isRdf(element, 'Description') && !property) {
      // Simple properties may be written as attributes of a top-level rdf:Description.
      if (isRdf(parent, 'RDF')) {
        for (const name in element.attributes) {
          const attribute = qualifiedName(name, element.scope, false);
          if (attribute.uri !== undefined && wanted.has(attribute.uri))
            remember(found, `${attribute.uri}${attribute.local}`).text ??= element.attributes[name]!;
        }
      }
      return;
    }
    if (!property && isRdf(parent, 'Description') && isRdf(stack[stack.length - 3], 'RDF') && element.uri !== undefined && wanted.has(element.uri)) {
      property = { key: `${element.uri}${element.local}`, depth: stack.length, collected: remember(found, `${element.uri}${element.local}`) };
      return;
    }
    if (property && isRdf(element, 'li')) item = { lang: langOf(element), text: '' };
    // A qualified value (rdf:parseType="Resource", or a nested rdf:Description): its rdf:value.
    if (
      property &&
      !item &&
      isRdf(element, 'value') &&
      (stack.length === property.depth + 1 || (stack.length === property.depth + 2 && isRdf(parent, 'Description')))
    )
      inValue = true;
  });
  parser.on('text', (text) => {
    if (item) item.text += text;
    else if (property && (stack.length === property.depth || inValue)) property.collected.text = (property.collected.text ?? '') + text;
  });
  parser.on('closetag', () => {
    const element = stack[stack.length - 1];
    if (inValue && isRdf(element, 'value')) inValue = false;
    if (item && isRdf(element, 'li')) {
      if (property && property.collected.items.length < MAX_LIST_ITEMS) property.collected.items.push({ value: item.text, lang: item.lang });
      item = null;
    }
    if (property && stack.length === property.depth) property = null;
    stack.pop();
  });
  parser.on('error', (error) => {
    throw error;
  });
  parser.write(xml).close();

  const get = (namespace: string, name: string) => found.get(`${namespace}${name}`);
  return {
    title: alternative(get(XMP_NAMESPACES.dc, 'title')),
    description: alternative(get(XMP_NAMESPACES.dc, 'description')),
    subject: list(get(XMP_NAMESPACES.dc, 'subject')),
    creator: list(get(XMP_NAMESPACES.dc, 'creator')),
    rating: number(get(XMP_NAMESPACES.xmp, 'Rating')),
    lens: simple(get(XMP_NAMESPACES.aux, 'Lens')) ?? simple(get(XMP_NAMESPACES.exifEX, 'LensModel')),
    serialNumber: simple(get(XMP_NAMESPACES.aux, 'SerialNumber')),
    dateCreated: simple(get(XMP_NAMESPACES.photoshop, 'DateCreated')) ?? simple(get(XMP_NAMESPACES.xmp, 'CreateDate')),
  };
}

/**
 * Whether a packet may hold a property read here. Most packets (a phone's, a raw converter's) hold
 * none, and an XML name cannot be written with character references: without the Dublin Core
 * namespace and one of its four names read here (Photoshop and Lightroom declare it for a
 * dc:format alone), or the word Rating, there is nothing to find, so the parse (most of
 * readXmp's cost) is skipped. The same for the fallbacks, asked only when still needed: most
 * packets have an xmp:CreateDate that a photo with EXIF dates never uses.
 */
function mayHoldWanted(contains: (clue: string) => boolean, fallbacks: XmpWanted): boolean {
  if (contains(XMP_NAMESPACES.dc) && DC_NAMES.some(contains)) return true;
  if (contains('Rating')) return true;
  if (fallbacks.lens && contains('Lens')) return true;
  if (fallbacks.serialNumber && contains('SerialNumber')) return true;
  return fallbacks.date && (contains('DateCreated') || contains('CreateDate'));
}

/** An element as the walk needs it: its namespace and local name, from the prefixes in scope. */
interface XmlElement {
  uri: string | undefined;
  local: string;
  /** The prefixes in scope: the parent's own map unless this element declares one. */
  scope: ReadonlyMap<string, string>;
  attributes: Record<string, string>;
}

/** What is bound before any declaration: the xml prefix. */
const ROOT_SCOPE: ReadonlyMap<string, string> = new Map([['xml', XML]]);

function elementOf(tag: SaxesTag, parentScope: ReadonlyMap<string, string>): XmlElement {
  const attributes = tag.attributes as Record<string, string>;
  let scope = parentScope;
  for (const name in attributes) {
    if (name !== 'xmlns' && !name.startsWith('xmlns:')) continue;
    const declared: Map<string, string> = scope === parentScope ? new Map(parentScope) : (scope as Map<string, string>);
    declared.set(name === 'xmlns' ? '' : name.slice(6), attributes[name]!);
    scope = declared;
  }
  const { uri, local } = qualifiedName(tag.name, scope, true);
  return { uri, local, scope, attributes };
}

/** A name's namespace and local part. An unprefixed element is in the default namespace; an unprefixed attribute in none. */
function qualifiedName(name: string, scope: ReadonlyMap<string, string>, isElement: boolean): { uri: string | undefined; local: string } {
  const colon = name.indexOf(':');
  if (colon < 0) return { uri: isElement ? scope.get('') : undefined, local: name };
  return { uri: scope.get(name.slice(0, colon)), local: name.slice(colon + 1) };
}

function isRdf(element: XmlElement | undefined, local: string): boolean {
  return element?.uri === RDF && element.local === local;
}

function remember(found: Map<string, Collected>, key: string): Collected {
  let collected = found.get(key);
  if (!collected) found.set(key, (collected = { text: null, items: [] }));
  return collected;
}

function langOf(element: XmlElement): string | null {
  for (const name in element.attributes) {
    const attribute = qualifiedName(name, element.scope, false);
    if (attribute.uri === XML && attribute.local === 'lang') return element.attributes[name]!;
  }
  return null;
}

/** A language alternative: x-default first, else the first item; a plain value as it is. */
function alternative(collected: Collected | undefined): string | null {
  if (!collected) return null;
  if (collected.items.length) {
    const chosen = collected.items.find((i) => i.lang?.toLowerCase() === 'x-default') ?? collected.items[0]!;
    return cleanText(chosen.value, MAX_CAPTION_LENGTH);
  }
  return collected.text === null ? null : cleanText(collected.text, MAX_CAPTION_LENGTH);
}

function list(collected: Collected | undefined): string[] | null {
  if (!collected) return null;
  const values = collected.items.length ? collected.items.map((i) => i.value) : collected.text !== null && collected.text.trim() ? [collected.text] : [];
  const cleaned = values.map((v) => cleanText(v)).filter((v): v is string => v !== null && v !== '');
  return cleaned.length ? cleaned : null;
}

function simple(collected: Collected | undefined): string | null {
  return typeof collected?.text === 'string' ? cleanText(collected.text) : null;
}

function number(collected: Collected | undefined): number | null {
  const text = collected?.text?.trim();
  if (!text) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/**
 * The XML up to the packet's trailer `<?xpacket end?>`, without the padding before it: writers
 * leave 2–4 KB of spaces there for in-place edits, which a streaming parser would step through one
 * character at a time. Whatever follows the trailer is outside the packet (some writers leave a
 * stale copy of its tail there) and is ignored, as ExifTool does.
 */
function withoutPadding(xml: string): string {
  const trailer = PACKET_END.exec(xml);
  return trailer ? xml.slice(0, trailer.index).trimEnd() : xml;
}
const PACKET_END = /<\?xpacket end=["'][rw]["'] *\?>/;

type PacketEncoding = 'utf-8' | 'utf-16be' | 'utf-16le';

/** A packet's encoding: told by the byte-order mark, else by where the NUL bytes of the leading "<" fall. */
function packetEncoding(packet: Uint8Array): PacketEncoding {
  const [a, b] = [packet[0], packet[1]];
  if ((a === 0xfe && b === 0xff) || (a === 0 && b !== 0)) return 'utf-16be';
  if ((a === 0xff && b === 0xfe) || (a !== 0 && b === 0)) return 'utf-16le';
  return 'utf-8';
}

/**
 * The packet as text. XMP may be UTF-8 or UTF-16 of either byte order (ExifTool's own test files
 * have a UTF-16BE one; packetEncoding tells which). The mark and any trailing NULs, spaces and control characters are dropped.
 */
function decodePacket(packet: Uint8Array, encoding: PacketEncoding): string {
  // TextDecoder drops a byte-order mark that matches its encoding.
  const text = decodeAs(encoding, packet);
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 0 || text.charCodeAt(end - 1) <= 0x20)) end--;
  return text.slice(0, end);
}
