import { BinaryView } from '../readers/binaryView';
import { MAY_BE_LESS, type RangeReader } from '../readers/rangeReader';
import { memoryWindow, readTiffStructure, type IfdName, type TiffStructure } from '../blocks/exif/tiffStructure';
import { emptyInfo, MIN_PREVIEW_BYTES, tolerateTruncation, type ContainerInfo, type ContainerParser } from './container';
import { MAX_METADATA_BLOCK_BYTES } from '../limits';
import { child, children, readBox, topLevelBoxes, uuidOf, XMP_UUID } from './isoBoxes';

/** Canon's `uuid` inside `moov` that holds CMT1–CMT4, and the top-level one that holds the preview. */
const CANON_METADATA_UUID = '85c0b687820f11e08111f4ce462b6a48';
const CANON_PREVIEW_UUID = 'eaf42b5e1c984b88b9fbb7dc406e4d16';
/** A CR3's moov holds metadata and track headers only: tens of kilobytes. */
const MAX_MOOV_BYTES = 4 * 1024 * 1024;
/** Each CMT box is one TIFF structure whose IFD0 is, in turn, IFD0, the EXIF IFD and the GPS IFD. */
const CMT_IFDS: [string, IfdName][] = [
  ['CMT1', 'Image'],
  ['CMT2', 'Photo'],
  ['CMT4', 'GPSInfo'],
];

/**
 * Canon CR3 (ISO BMFF, brand `crx `): the EXIF lies in CMT1 (IFD0), CMT2 (EXIF IFD) and CMT4 (GPS),
 * each a TIFF structure of its own inside Canon's `uuid` box in `moov`; the size is IFD0's. The
 * preview (PRVW, 1620 px wide) lies in a top-level `uuid` box.
 */
export const parseCr3: ContainerParser = async (reader: RangeReader) => {
  const info = emptyInfo();
  return tolerateTruncation(info, async () => {
    for await (const box of topLevelBoxes(reader)) {
      if (box.type === 'moov') {
        const moov = await readBox(reader, box, MAX_MOOV_BYTES);
        if (moov) info.exifStructure = await readCanonMetadata(moov, info);
      } else if (box.type === 'uuid' && box.end - box.start > 16) {
        const head = new BinaryView(await reader.read(box.start, 64, MAY_BE_LESS));
        const uuid = uuidOf(head.bytes);
        if (uuid === CANON_PREVIEW_UUID) info.embeddedPreview = previewIn(head, box.start);
        else if (uuid === XMP_UUID && box.end - box.start <= MAX_METADATA_BLOCK_BYTES) info.xmp = await reader.read(box.start + 16, box.end - box.start - 16);
      } else if (box.type === 'mdat' && info.exifStructure) {
        // The preview's uuid comes before the media; nothing after it is needed.
        break;
      }
    }
  });
};

async function readCanonMetadata(moov: BinaryView, info: ContainerInfo): Promise<TiffStructure | null> {
  const canon = [...children(moov, 0, moov.length)].find((box) => box.type === 'uuid' && uuidOf(moov.bytes.subarray(box.start)) === CANON_METADATA_UUID);
  if (!canon) {
    info.warnings.push('CR3 has no Canon metadata box');
    return null;
  }
  const merged: TiffStructure = { littleEndian: true, ifds: {}, images: [], warnings: [] };
  let byteOrder: boolean | null = null;
  for (const [type, ifd] of CMT_IFDS) {
    const box = child(moov, canon.start + 16, canon.end, type);
    if (!box) continue;
    try {
      const structure = await readTiffStructure(memoryWindow(moov.bytes.subarray(box.start, box.end)));
      if (byteOrder !== null && structure.littleEndian !== byteOrder) {
        merged.warnings.push(`CR3 ${type} has another byte order; ignored`);
        continue;
      }
      byteOrder = structure.littleEndian;
      merged.littleEndian = structure.littleEndian;
      if (structure.ifds.Image) merged.ifds[ifd] = structure.ifds.Image;
      merged.warnings.push(...structure.warnings);
    } catch (error) {
      merged.warnings.push(`CR3 ${type} ignored: ${(error as Error).message}`);
    }
  }
  if (merged.ifds.Image) merged.images.push({ name: 'IFD0', entries: merged.ifds.Image });
  return merged;
}

/** PRVW: 16-byte uuid, 8 bytes, the PRVW box header (8), 8 bytes of sizes, the JPEG's length, then the JPEG. */
function previewIn(head: BinaryView, contentStart: number): { offset: number; length: number } | null {
  if (!head.fits(44, 4) || head.ascii(28, 4) !== 'PRVW' || head.u32(44) < MIN_PREVIEW_BYTES) return null;
  return { offset: contentStart + 48, length: head.u32(44) };
}
