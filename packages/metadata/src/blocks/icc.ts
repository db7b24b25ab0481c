import { BinaryView } from '../readers/binaryView';
import { cleanText, decodeAs } from './text';

const MAX_ICC_TAGS = 200;

/** The profile description (`desc` tag: ICC v2 `desc` or v4 `mluc`), or null. */
export function iccProfileDescription(profile: Uint8Array): string | null {
  try {
    const tag = descTag(profile);
    if (!tag || tag.offset + Math.max(tag.size, 12) > profile.length) return null;
    return readDescription(new BinaryView(profile.subarray(tag.offset, tag.offset + tag.size)));
  } catch {
    return null;
  }
}

/** Largest `desc` tag read from a profile read in parts. */
const MAX_DESC_TAG_BYTES = 64 * 1024;

/**
 * The description of a profile too large to hold whole (a CMYK profile's lookup tables run to
 * megabytes): its header and tag table, then the `desc` tag alone. `read` takes offsets within
 * the profile.
 */
export async function iccProfileDescriptionAt(read: (offset: number, length: number) => Promise<Uint8Array>, profileLength: number): Promise<string | null> {
  try {
    if (profileLength < 132) return null;
    const tag = descTag(await read(0, Math.min(profileLength, 132 + MAX_ICC_TAGS * 12)));
    if (!tag || tag.size < 12 || tag.size > MAX_DESC_TAG_BYTES || tag.offset + tag.size > profileLength) return null;
    return readDescription(new BinaryView(await read(tag.offset, tag.size)));
  } catch {
    return null;
  }
}

/** Where the `desc` tag lies, from the profile's header and tag table. */
function descTag(head: Uint8Array): { offset: number; size: number } | null {
  const view = new BinaryView(head);
  if (head.length < 132 || view.ascii(36, 4) !== 'acsp') return null;
  const tagCount = Math.min(view.u32(128), MAX_ICC_TAGS);
  for (let i = 0; i < tagCount; i++) {
    const at = 132 + i * 12;
    if (!view.fits(at, 12)) return null;
    if (view.ascii(at, 4) === 'desc') return { offset: view.u32(at + 4), size: view.u32(at + 8) };
  }
  return null;
}

function readDescription(tag: BinaryView): string | null {
  const type = tag.ascii(0, 4);
  if (type === 'desc') {
    const length = tag.u32(8);
    if (!tag.fits(12, length)) return null;
    return cleanText(decodeAs('latin1', tag.slice(12, length)).split('\0')[0] ?? '');
  }
  if (type === 'mluc') {
    const records = tag.u32(8);
    const recordSize = tag.u32(12);
    if (records < 1 || recordSize < 12) return null;
    // Prefer English; otherwise the first record.
    let chosen = 16;
    for (let i = 0; i < Math.min(records, 100); i++) {
      const at = 16 + i * recordSize;
      if (tag.fits(at, 12) && tag.ascii(at, 2) === 'en') {
        chosen = at;
        break;
      }
    }
    const length = tag.u32(chosen + 4);
    const offset = tag.u32(chosen + 8);
    if (!tag.fits(offset, length)) return null;
    return cleanText(decodeAs('utf-16be', tag.slice(offset, length)));
  }
  return null;
}
