import { BinaryView, startsWith } from '../binaryView';
import { MAX_ICC_BYTES } from '../icc';
import type { RangeReader } from '../rangeReader';
import { emptyInfo, tolerateTruncation, type ContainerParser } from './container';
import { concat } from './jpeg';

const MAX_BLOCKS = 100_000;

/**
 * GIF: the logical screen size, then the blocks that are already in hand (frames, the NETSCAPE
 * looping extension, an ICCRGBG1 profile). The frame count is given only when the walk reached the
 * trailer; counting frames never costs an extra read.
 */
export const parseGif: ContainerParser = async (reader: RangeReader) => {
  const info = emptyInfo();
  return tolerateTruncation(info, async () => {
    const screen = new BinaryView(await reader.bytes(6, 7), true);
    info.width = screen.u16(0);
    info.height = screen.u16(2);
    const packed = screen.u8(4);
    info.bitDepth = (packed & 7) + 1;
    let offset = 13 + (packed & 0x80 ? 3 * (1 << ((packed & 7) + 1)) : 0);
    let frames = 0;
    let looping = false;
    const byte = async (at: number) => (await reader.bytes(at, 1))[0]!;
    /** Skips data sub-blocks; returns the offset after the terminator and, if asked, their bytes. */
    const subBlocks = async (at: number, collect: Uint8Array[] | null): Promise<number> => {
      let collected = 0;
      for (;;) {
        const size = await byte(at);
        if (size === 0) return at + 1;
        if (collect && collected + size <= MAX_ICC_BYTES) {
          collect.push(await reader.bytes(at + 1, size));
          collected += size;
        }
        at += 1 + size;
        if (!reader.has(at, 1)) throw new WalkStopped();
      }
    };
    try {
      for (let blocks = 0; blocks < MAX_BLOCKS; blocks++) {
        if (!reader.has(offset, 1)) throw new WalkStopped();
        const introducer = await byte(offset);
        if (introducer === 0x3b) {
          info.frameCount = frames;
          break;
        }
        if (introducer === 0x2c) {
          frames += 1;
          const descriptor = new BinaryView(await reader.bytes(offset + 1, 9), true);
          const local = descriptor.u8(8);
          offset += 10 + (local & 0x80 ? 3 * (1 << ((local & 7) + 1)) : 0) + 1; // + LZW minimum code size
          offset = await subBlocks(offset, null);
        } else if (introducer === 0x21) {
          const label = await byte(offset + 1);
          if (label === 0xff) {
            const size = await byte(offset + 2);
            const id = await reader.bytes(offset + 3, size);
            const parts: Uint8Array[] = [];
            const isIcc = startsWith(id, 'ICCRGBG1012');
            if (startsWith(id, 'NETSCAPE2.0') || startsWith(id, 'ANIMEXTS1.0')) looping = true;
            offset = await subBlocks(offset + 3 + size, isIcc ? parts : null);
            if (isIcc && parts.length) info.iccProfile = concat(parts);
          } else {
            if (label === 0xf9 && (await byte(offset + 4)) & 1) info.hasAlpha = true;
            offset = await subBlocks(offset + 2, null);
          }
        } else {
          info.warnings.push(`GIF has an unknown block 0x${introducer.toString(16)} at offset ${offset}`);
          break;
        }
      }
    } catch (error) {
      if (!(error instanceof WalkStopped)) throw error;
    }
    info.animated = frames > 1 || looping;
    info.hasAlpha ??= false;
  });
};

/** The walk reached bytes not yet read: stop rather than read more. */
class WalkStopped extends Error {}
