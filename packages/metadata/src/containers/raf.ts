import { BinaryView } from '../readers/binaryView';
import type { RangeReader } from '../readers/rangeReader';
import { emptyInfo, MIN_PREVIEW_BYTES, tolerateTruncation, type ContainerParser } from './container';
import { parseEmbeddedJpeg } from './jpeg';

/** The RAF header holds the embedded JPEG's offset and length at 84, the RAF directory's at 92. */
const HEADER_BYTES = 0x70;
const MAX_DIRECTORY_BYTES = 64 * 1024;
const MAX_DIRECTORY_ENTRIES = 1000;
/** RawImageCroppedSize: height, then width (int16u each). */
const CROPPED_SIZE_TAG = 0x111;

/**
 * Fujifilm RAF: its own big-endian header, then a full JPEG (the preview, with the camera's EXIF)
 * and a directory of Fujifilm tags. The size is the directory's RawImageCroppedSize, as ExifTool's
 * ImageSize takes it; else the JPEG's.
 */
export const parseRaf: ContainerParser = async (reader: RangeReader) => {
  const info = emptyInfo();
  return tolerateTruncation(info, async () => {
    const header = new BinaryView(await reader.read(0, HEADER_BYTES), false);
    const jpegOffset = header.u32(84);
    const jpegLength = header.u32(88);
    if (jpegOffset && jpegLength && jpegOffset + jpegLength <= reader.size) {
      const jpeg = await parseEmbeddedJpeg(reader, jpegOffset, jpegLength);
      Object.assign(info, { ...jpeg, warnings: [...info.warnings, ...jpeg.warnings] });
      if (jpegLength >= MIN_PREVIEW_BYTES) info.embeddedPreview = { offset: jpegOffset, length: jpegLength };
    }
    const directoryOffset = header.u32(92);
    const directoryLength = Math.min(header.u32(96), MAX_DIRECTORY_BYTES);
    if (!directoryOffset || directoryLength < 4 || directoryOffset + directoryLength > reader.size) return;
    const directory = new BinaryView(await reader.read(directoryOffset, directoryLength), false);
    const count = Math.min(directory.u32(0), MAX_DIRECTORY_ENTRIES);
    for (let i = 0, at = 4; i < count && directory.fits(at, 4); i++) {
      const tag = directory.u16(at);
      const size = directory.u16(at + 2);
      if (tag === CROPPED_SIZE_TAG && size >= 4 && directory.fits(at + 4, 4)) {
        info.height = directory.u16(at + 4);
        info.width = directory.u16(at + 6);
        return;
      }
      at += 4 + size;
    }
  });
};
