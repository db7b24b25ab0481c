import { bytesSource, countingSource, extractMetadata } from '../src';
import { concatBytes, png, pngChunk } from './fixtures/images';
import { readTiffStructure } from '../src/blocks/exif/tiffStructure';
import { held, NotHeld, RangeReader, untilHeld } from '../src/readers/rangeReader';
import { exifBlock, TYPE } from './fixtures/exifBlock';

/** A TIFF whose EXIF IFD lies 300 KB past its header: a ranged reader must read again to walk it. */
function farTiff(): Uint8Array {
  const block = exifBlock({
    littleEndian: true,
    ifd0: [{ tag: 0x010f, type: TYPE.ASCII, value: 'Canon' }],
    exif: [{ tag: 0x9003, type: TYPE.ASCII, value: '2019:10:26 16:07:24' }],
  });
  const view = new DataView(block.buffer, block.byteOffset, block.byteLength);
  const count = view.getUint16(8, true);
  // Find the EXIF pointer in IFD0 and move the EXIF IFD (with its values) 300 KB on.
  for (let i = 0; i < count; i++) {
    const at = 10 + i * 12;
    if (view.getUint16(at, true) !== 0x8769) continue;
    const exifAt = view.getUint32(at + 8, true);
    const far = new Uint8Array(300 * 1024 + block.length);
    far.set(block.subarray(0, exifAt));
    const moved = 300 * 1024;
    const tail = block.slice(exifAt);
    const tailView = new DataView(tail.buffer);
    // The EXIF IFD's value offsets move with it.
    for (let e = 0; e < tailView.getUint16(0, true); e++) {
      const entry = 2 + e * 12;
      const size = tailView.getUint32(entry + 4, true);
      if (size > 4) tailView.setUint32(entry + 8, tailView.getUint32(entry + 8, true) - exifAt + moved, true);
    }
    far.set(tail, moved);
    new DataView(far.buffer).setUint32(at + 8, moved, true);
    return far;
  }
  throw new Error('no EXIF pointer');
}

describe('walking over the bytes held (untilHeld)', () => {
  it('walks bytes in memory once, and walks again after each read a ranged source needs: the same structure, the reads counted', async () => {
    const tiff = farTiff();
    const inMemory = await readTiffStructure(new RangeReader(bytesSource(tiff)));
    const { source, stats } = countingSource(bytesSource(tiff));
    const ranged = await readTiffStructure(new RangeReader(source));
    expect(ranged).toEqual(inMemory);
    expect(stats.reads).toBe(2);
    expect(inMemory.ifds.Photo?.length).toBe(1);
  });

  it('gives up after a bounded number of walks, and a failed read ends the walk with its own error', async () => {
    let walks = 0;
    await expect(
      untilHeld(() => {
        walks += 1;
        throw new NotHeld(Promise.resolve());
      }),
    ).rejects.toThrow(/more than 64 reads/);
    expect(walks).toBe(64);
    await expect(
      untilHeld(() => {
        throw new NotHeld(Promise.reject(new Error('storage refused')));
      }),
    ).rejects.toThrow('storage refused');
  });

  it('leaves no unhandled rejection when a walk is abandoned with a read under way', async () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listener);
    try {
      const abandoned = new NotHeld(Promise.reject(new Error('never awaited')));
      expect(abandoned).toBeInstanceOf(Error);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', listener);
    }
  });
});

describe("a container's walk over the bytes held (RangeReader.walk)", () => {
  /** Follows the chunk at 100 KB only if it is held; else reads the file's last 64 KB, which hold it too. */
  const walkOrTail = (reader: RangeReader) => () => {
    held(reader.read(0, 16));
    if (reader.has(100_000, 8)) return 'followed';
    held(reader.read(reader.size - 64 * 1024, 64 * 1024));
    return 'tail';
  };

  it('answers at once from bytes in memory, with no promise', () => {
    const reader = new RangeReader(bytesSource(new Uint8Array(120_000)));
    reader.prefetchHead();
    expect(reader.walk(walkOrTail(reader))).toBe('tail');
  });

  it('walks again after each read, and `has` answers as it did before the read: the path and the reads of one asynchronous walk', async () => {
    const { source, stats } = countingSource(bytesSource(new Uint8Array(120_000)));
    const reader = new RangeReader(source);
    await reader.prefetchHead();
    const walked = reader.walk(walkOrTail(reader));
    expect(walked).toBeInstanceOf(Promise);
    // Without the replay, the second walk would find 100 KB held (the tail read brought it) and follow it.
    expect(await walked).toBe('tail');
    expect(reader.has(100_000, 8)).toBe(true);
    expect(stats.reads).toBe(2);
  });
});

describe('a ranged PNG whose chunks lie far apart', () => {
  it('stops after a bounded number of reads, keeps the size it found and says why, where bytes in memory are read to the end', async () => {
    // 100 text chunks of 100 KB before the image data: each next chunk header is a new read.
    const comment = pngChunk('tEXt', concatBytes(new TextEncoder().encode('Comment\0'), new Uint8Array(100 * 1024).fill(0x61)));
    const file = png({ width: 640, height: 480, chunks: Array.from({ length: 100 }, () => comment) });
    const { source, stats } = countingSource(bytesSource(file));
    const ranged = await extractMetadata(source);
    expect(ranged.image).toMatchObject({ width: 640, height: 480 });
    expect(ranged.warnings).toContain('Headers not read further: The walk needed more than 64 reads');
    // The head, then one read for each of the 64 walks.
    expect(stats.reads).toBe(65);
    const inMemory = await extractMetadata(bytesSource(file));
    expect(inMemory.image).toMatchObject({ width: 640, height: 480 });
    expect(inMemory.warnings).toBeUndefined();
  });
});
