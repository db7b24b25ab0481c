import { BinaryView, concat, startsWith } from '../readers/binaryView';
import { OutOfBoundsError } from '../errors';
import type { RangeReader } from '../readers/rangeReader';
import { emptyInfo, tolerateTruncation, type ContainerInfo, type ContainerParser } from './container';
import { MAX_METADATA_BLOCK_BYTES } from '../limits';

const MAX_BLOCKS = 100_000;

/**
 * GIF: the logical screen size, then the blocks that are already in hand (frames, the NETSCAPE
 * looping extension, an ICCRGBG1 profile). The frame count is given only when the walk reached the
 * trailer; counting frames never costs an extra read.
 */
export const parseGif: ContainerParser = async (reader: RangeReader) => {
  const info = emptyInfo();
  return tolerateTruncation(info, async () => {
    const screen = new BinaryView(await reader.read(6, 7), true);
    info.width = screen.u16(0);
    info.height = screen.u16(2);
    const packed = screen.u8(4);
    info.bitDepth = (packed & 7) + 1;
    // The walk covers only the bytes already read, synchronously: counting frames costs no read.
    const held = new BinaryView(reader.heldHead(), true);
    const walk = walkBlocks(held, 13 + (packed & 0x80 ? 3 * (1 << ((packed & 7) + 1)) : 0), info);
    info.animated = walk.frames > 1 || walk.looping;
    if (walk.complete) info.frameCount = walk.frames;
    info.hasAlpha ??= false;
  });
};

function walkBlocks(held: BinaryView, start: number, info: ContainerInfo): { frames: number; looping: boolean; complete: boolean } {
  let offset = start;
  let frames = 0;
  let looping = false;
  /** Skips data sub-blocks; returns the offset after the terminator, collecting their bytes if asked. */
  const subBlocks = (at: number, collect: Uint8Array[] | null): number => {
    let collected = 0;
    for (;;) {
      const size = held.u8(at);
      if (size === 0) return at + 1;
      if (collect && collected + size <= MAX_METADATA_BLOCK_BYTES) {
        collect.push(held.slice(at + 1, size));
        collected += size;
      }
      at += 1 + size;
    }
  };
  try {
    for (let blocks = 0; blocks < MAX_BLOCKS; blocks++) {
      const introducer = held.u8(offset);
      if (introducer === 0x3b) return { frames, looping, complete: true };
      if (introducer === 0x2c) {
        frames += 1;
        const local = held.u8(offset + 9);
        offset = subBlocks(offset + 10 + (local & 0x80 ? 3 * (1 << ((local & 7) + 1)) : 0) + 1, null); // + LZW minimum code size
      } else if (introducer === 0x21) {
        const label = held.u8(offset + 1);
        if (label === 0xff) {
          const size = held.u8(offset + 2);
          const id = held.slice(offset + 3, size);
          const parts: Uint8Array[] = [];
          const isIcc = startsWith(id, 'ICCRGBG1012');
          if (startsWith(id, 'NETSCAPE2.0') || startsWith(id, 'ANIMEXTS1.0')) looping = true;
          // XMP in GIF is the raw packet, then a 258-byte "magic trailer" (01 FF FE … 01 00 00)
          // that makes the packet's bytes read as well-formed sub-blocks.
          if (startsWith(id, 'XMP DataXMP') && !info.xmp) {
            const packet = held.bytes.subarray(offset + 3 + size);
            const trailer = indexOfTrailer(packet);
            if (trailer > 0 && trailer <= MAX_METADATA_BLOCK_BYTES) info.xmp = packet.subarray(0, trailer);
          }
          offset = subBlocks(offset + 3 + size, isIcc ? parts : null);
          if (isIcc && parts.length) info.iccProfile = concat(parts);
        } else {
          if (label === 0xf9 && held.u8(offset + 4) & 1) info.hasAlpha = true;
          offset = subBlocks(offset + 2, null);
        }
      } else {
        info.warnings.push(`GIF has an unknown block 0x${introducer.toString(16)} at offset ${offset}`);
        break;
      }
    }
  } catch (error) {
    // The held bytes ended mid-walk: what was counted stands, without a frame count.
    if (!(error instanceof OutOfBoundsError)) throw error;
  }
  return { frames, looping, complete: false };
}

/** Where GIF's XMP magic trailer (01 FF FE FD …) starts, or -1. */
function indexOfTrailer(bytes: Uint8Array): number {
  for (let i = 0; i + 3 < bytes.length && i <= MAX_METADATA_BLOCK_BYTES; i++) {
    if (bytes[i] === 0x01 && bytes[i + 1] === 0xff && bytes[i + 2] === 0xfe && bytes[i + 3] === 0xfd) return i;
  }
  return -1;
}
