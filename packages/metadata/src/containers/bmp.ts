import { BinaryView } from '../readers/binaryView';
import type { RangeReader } from '../readers/rangeReader';
import { emptyInfo, tolerateTruncation, type ContainerParser } from './container';
import { MAX_METADATA_BLOCK_BYTES } from '../limits';

const FILE_HEADER_BYTES = 14;
/** LCS_PROFILE_EMBEDDED: the value of the characters 'MBED' as a big-endian DWORD. */
const PROFILE_EMBEDDED = 0x4d424544;

/** BMP: the DIB header's size, bit count, alpha mask and (V5) embedded ICC profile. */
export const parseBmp: ContainerParser = async (reader: RangeReader) => {
  const info = emptyInfo();
  return tolerateTruncation(info, async () => {
    const dibSize = new BinaryView(await reader.read(FILE_HEADER_BYTES, 4), true).u32(0);
    const dib = new BinaryView(await reader.read(FILE_HEADER_BYTES, Math.min(dibSize, 124)), true);
    if (dibSize === 12) {
      info.width = dib.u16(4);
      info.height = dib.u16(6);
      info.bitDepth = dib.u16(10);
      info.hasAlpha = false;
      return;
    }
    info.width = Math.abs(dib.i32(4));
    info.height = Math.abs(dib.i32(8)); // negative height: rows stored top-down
    info.bitDepth = dib.u16(14);
    info.hasAlpha = info.bitDepth === 32 && dibSize >= 56 && dib.u32(52) !== 0;
    // bV5CSType is a DWORD holding the four characters 'MBED', so the file's bytes read "DEBM".
    if (dibSize >= 124 && dib.u32(56) === PROFILE_EMBEDDED) {
      const profileOffset = FILE_HEADER_BYTES + dib.u32(112);
      const profileSize = dib.u32(116);
      if (profileSize > 0 && profileSize <= MAX_METADATA_BLOCK_BYTES) info.iccProfile = await reader.read(profileOffset, profileSize);
    }
  });
};
