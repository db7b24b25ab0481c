import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bytesSource, extractMetadata, isMetadataError, MAX_METADATA_JSON_BYTES, type ImageMetadata } from '../src';
import { readExifMetadata } from '../src/blocks/exif/exifMetadata';
import { MAX_ENTRIES_PER_IFD, memoryWindow } from '../src/blocks/exif/tiffStructure';
import { CORPUS_DIR } from './corpus/corpus';
import { exifBlock, TYPE, type EntrySpec } from './fixtures/exifBlock';
import { concatBytes, gif, heif, iccProfile, jpeg, jpegSegment, png, webp } from './fixtures/images';

const extract = (bytes: Uint8Array) => extractMetadata(bytesSource(bytes));
const withExif = (ifd0: EntrySpec[], exif?: EntrySpec[]) => extract(jpeg({ width: 64, height: 48, exif: [exifBlock({ ifd0, exif })] }));

/** Resolves to the metadata, or to the typed error's code; any other exception fails the test. */
async function outcome(bytes: Uint8Array): Promise<ImageMetadata | string> {
  try {
    return await extract(bytes);
  } catch (error) {
    if (isMetadataError(error)) return error.code;
    throw error;
  }
}

describe('impossible dimensions', () => {
  it.each([
    ['a JPEG of width 0', jpeg({ width: 0, height: 480 })],
    ['a PNG of height 0', png({ width: 640, height: 0 })],
    ['a GIF of 0x0', gif({ width: 0, height: 0 })],
    ['a HEIF of width 0', heif({ width: 0, height: 10 })],
  ])('refuses %s as CORRUPT_IMAGE', async (_name, bytes) => {
    await expect(extract(bytes)).rejects.toMatchObject({ code: 'CORRUPT_IMAGE' });
  });

  it.each([
    ['a JPEG SOF of 65500x65500', jpeg({ width: 65500, height: 65500 })],
    ['a PNG IHDR of 60000x60000', png({ width: 60000, height: 60000 })],
    ['a GIF screen of 65535x65535', gif({ width: 65535, height: 65535 })],
    ['a WebP of 16383x16383', webp({ width: 16383, height: 16383, kind: 'VP8' })],
  ])('refuses %s as TOO_MANY_PIXELS without decoding', async (_name, bytes) => {
    await expect(extract(bytes)).rejects.toMatchObject({ code: 'TOO_MANY_PIXELS' });
  });

  it('says what a refused file still told: its type, and what else was read', async () => {
    const camera = exifBlock({ ifd0: [{ tag: 0x010f, type: TYPE.ASCII, value: 'Nikon' }] });
    const corrupt = await extract(jpeg({ width: 0, height: 480, exif: [camera] })).catch((error: unknown) => error);
    expect(corrupt).toMatchObject({
      code: 'CORRUPT_IMAGE',
      metadata: { file: { format: 'jpeg', mimeType: 'image/jpeg' }, image: { width: 0, height: 480 }, camera: { make: 'Nikon' } },
    });
    const huge = await extract(jpeg({ width: 65500, height: 65500, exif: [camera] })).catch((error: unknown) => error);
    expect(huge).toMatchObject({ code: 'TOO_MANY_PIXELS', metadata: { image: { width: 65500, height: 65500 }, camera: { make: 'Nikon' } } });
    const notPng = await extract(
      Uint8Array.from([...png({ width: 8, height: 8 }).subarray(0, 12), ...new TextEncoder().encode('JUNK'), ...new Uint8Array(30)]),
    ).catch((error: unknown) => error);
    expect(notPng).toMatchObject({ code: 'CORRUPT_IMAGE', metadata: { file: { format: 'png' }, image: { width: null, height: null } } });
    const text = await extract(new TextEncoder().encode('not an image at all')).catch((error: unknown) => error);
    expect(text).toMatchObject({ code: 'UNSUPPORTED_TYPE' });
    expect((text as { metadata?: unknown }).metadata).toBeUndefined();
  });

  it('honours a lower pixel limit', async () => {
    await expect(extractMetadata(bytesSource(jpeg({ width: 4000, height: 3000 })), { maxPixels: 10_000_000 })).rejects.toMatchObject({
      code: 'TOO_MANY_PIXELS',
    });
  });
});

describe('types that are not images', () => {
  it.each([
    ['an empty file', new Uint8Array(0)],
    ['a PDF', new TextEncoder().encode('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n')],
    ['HTML', new TextEncoder().encode('<!doctype html><html><body>photo</body></html>')],
    ['an SVG', new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')],
    ['a ZIP', Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0, 8, 0])],
    [
      'an M4A (audio: ftyp with an audio brand)',
      concatBytes([0, 0, 0, 20], new TextEncoder().encode('ftypM4A '), [0, 0, 0, 0], new TextEncoder().encode('isom')),
    ],
  ])('refuses %s as UNSUPPORTED_TYPE', async (_name, bytes) => {
    await expect(extract(bytes)).rejects.toMatchObject({ code: 'UNSUPPORTED_TYPE' });
  });
});

describe('hostile EXIF', () => {
  it('survives an entry whose count is 0xFFFFFFFF', async () => {
    const metadata = await withExif([
      { tag: 0x010f, type: TYPE.ASCII, value: 'Canon', count: 0xffffffff },
      { tag: 0x0110, type: TYPE.ASCII, value: 'EOS' },
    ]);
    expect(metadata.camera).toMatchObject({ make: null, model: 'EOS' });
    expect(metadata.warnings?.join(' ')).toMatch(/outside the block/);
  });

  it('survives offsets outside the block', async () => {
    const metadata = await withExif([{ tag: 0x010f, type: TYPE.ASCII, value: 'A long make name', offset: 0x7fffffff }]);
    expect(metadata.camera.make).toBeNull();
    expect(metadata.image.width).toBe(64);
  });

  it('visits each IFD once when the chain loops', async () => {
    const block = exifBlock({ ifd0: [{ tag: 0x010f, type: TYPE.ASCII, value: 'Loop' }], exif: [{ tag: 0x8827, type: TYPE.SHORT, value: [200] }], loop: true });
    // Point IFD0's next-IFD field at IFD0 itself as well.
    const view = new DataView(block.buffer);
    const entries = view.getUint16(8, false);
    view.setUint32(8 + 2 + entries * 12, 8, false);
    const metadata = await extract(jpeg({ width: 8, height: 8, exif: [block] }));
    expect(metadata.camera.make).toBe('Loop');
    expect(metadata.capture.iso).toBe(200);
    expect(metadata.warnings?.join(' ')).toMatch(/visited twice/);
  });

  it('gives null, never NaN or Infinity, for zero denominators', async () => {
    const metadata = await withExif(
      [],
      [
        { tag: 0x829a, type: TYPE.RATIONAL, value: [[1, 0]] },
        { tag: 0x829d, type: TYPE.RATIONAL, value: [[0, 0]] },
        { tag: 0x920a, type: TYPE.SRATIONAL, value: [[-5, 0]] },
      ],
    );
    expect(metadata.capture).toMatchObject({ exposureTime: null, fNumber: null, focalLength: null });
    expect(JSON.stringify(metadata)).not.toMatch(/NaN|Infinity/);
  });

  it.each(['0000:00:00 00:00:00', '    :  :     :  :  ', '2021:02:30 10:00:00', '2021:13:01 10:00:00', 'yesterday'])(
    'gives a null date for "%s"',
    async (date) => {
      const metadata = await withExif([], [{ tag: 0x9003, type: TYPE.ASCII, value: date }]);
      expect(metadata.capture.dateTimeOriginal).toBeNull();
    },
  );

  it('keeps the camera wall-clock time and its offset as found', async () => {
    const metadata = await withExif(
      [],
      [
        { tag: 0x9003, type: TYPE.ASCII, value: '2019:10:20 23:59:59' },
        { tag: 0x9011, type: TYPE.ASCII, value: '-07:00' },
      ],
    );
    expect(metadata.capture).toMatchObject({ dateTimeOriginal: '2019-10-20T23:59:59', offsetTimeOriginal: '-07:00' });
  });

  it('decodes UTF-8 and falls back to Latin-1 for other bytes', async () => {
    const metadata = await withExif([
      { tag: 0x013b, type: TYPE.ASCII, value: concatBytes(new TextEncoder().encode('Zoë 写真'), [0]) },
      { tag: 0x8298, type: TYPE.ASCII, value: Uint8Array.from([0xa9, 0x20, 0x4a, 0xfc, 0x72, 0x67, 0x65, 0x6e, 0]) },
    ]);
    expect(metadata.rights).toEqual({ artist: 'Zoë 写真', copyright: '© Jürgen' });
  });

  it('caps a 60 KB UserComment and keeps the output under 64 KB', async () => {
    const comment = concatBytes(new TextEncoder().encode('ASCII\0\0\0'), new Uint8Array(60_000).fill(0x41));
    const metadata = await withExif([], [{ tag: 0x9286, type: TYPE.UNDEFINED, value: comment }]);
    const userComment = metadata.exif.Photo?.UserComment;
    expect(typeof userComment === 'string' && userComment.length <= 1024).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(metadata))).toBeLessThan(MAX_METADATA_JSON_BYTES);
  });

  it("bounds the EXIF groups' JSON size from above as it builds them (the size cap then serialises nothing)", async () => {
    const block = exifBlock({
      ifd0: [
        { tag: 0x010f, type: TYPE.ASCII, value: 'Straße "quoted" \\ back\\slash ☃' },
        { tag: 0x010f, type: TYPE.ASCII, value: 'written twice' },
        { tag: 0x0131, type: TYPE.ASCII, value: '\u00e9'.repeat(300) },
        { tag: 0x0102, type: TYPE.SHORT, value: Array.from({ length: 200 }, (_, i) => i * 300) },
      ],
      exif: [
        { tag: 0x829a, type: TYPE.RATIONAL, value: [[1, 3]] },
        {
          tag: 0x9201,
          type: TYPE.SRATIONAL,
          value: [
            [-1, 7],
            [22, 7],
          ],
        },
        { tag: 0x9000, type: TYPE.UNDEFINED, value: new TextEncoder().encode('0232') },
        { tag: 0xa40b, type: TYPE.UNDEFINED, value: Uint8Array.from({ length: 12 }, (_, i) => i * 20) },
        { tag: 0x927c, type: TYPE.UNDEFINED, value: new Uint8Array(600).fill(0x22) },
      ],
    });
    // And text that grows most when serialised: escaped quotes, three UTF-8 bytes per character.
    const escaped = exifBlock({ ifd0: [{ tag: 0x0131, type: TYPE.ASCII, value: '"'.repeat(500) + '☃'.repeat(500) }] });
    for (const tested of [block, escaped]) {
      const exif = await readExifMetadata(memoryWindow(tested));
      expect(Object.keys(exif.exif)).toContain('Image');
      expect(exif.exifJsonBound).toBeGreaterThanOrEqual(Buffer.byteLength(JSON.stringify(exif.exif)));
    }
  });

  it('uses the first of duplicate APP1 Exif segments and says so', async () => {
    const first = exifBlock({ ifd0: [{ tag: 0x010f, type: TYPE.ASCII, value: 'First' }] });
    const second = exifBlock({ ifd0: [{ tag: 0x010f, type: TYPE.ASCII, value: 'Second' }] });
    const metadata = await extract(jpeg({ width: 8, height: 8, exif: [first, second] }));
    expect(metadata.camera.make).toBe('First');
    expect(metadata.warnings).toContain('JPEG has more than one Exif segment; the first is used');
  });

  it('caps the number of entries read from an IFD that claims 65535', async () => {
    const block = exifBlock({ ifd0: [{ tag: 0x010f, type: TYPE.ASCII, value: 'Many' }] });
    new DataView(block.buffer).setUint16(8, 0xffff, false);
    const metadata = await extract(jpeg({ width: 8, height: 8, exif: [block] }));
    expect(metadata.image.width).toBe(8);
    expect(metadata.warnings?.join(' ')).toMatch(/entries declared/);
  });

  it('returns the image with a warning when the EXIF block is garbage', async () => {
    const metadata = await extract(jpeg({ width: 8, height: 8, exif: [Uint8Array.from([0x4d, 0x4d, 0, 7, 1, 2, 3])] }));
    expect(metadata.image.width).toBe(8);
    expect(metadata.warnings?.[0]).toMatch(/EXIF block ignored/);
  });

  it('bounds a 65 KB block crafted to make an unbounded decoder allocate gigabytes', async () => {
    // 5,000 entries, each claiming 0x3FFFFFFF LONGs at the same offset inside the block.
    const entries: EntrySpec[] = Array.from({ length: 5000 }, (_, i) => ({ tag: 0x1000 + i, type: TYPE.LONG, value: [0, 0], count: 0x3fffffff, offset: 8 }));
    const block = exifBlock({ ifd0: entries });
    const metadata = await extract(jpeg({ width: 8, height: 8, exif: [block.subarray(0, 65_000)] }));
    expect(metadata.image.width).toBe(8);
    // Counted work: at most MAX_ENTRIES_PER_IFD entries kept, and each value summarised, not expanded.
    const kept = Object.values(metadata.exif).reduce((sum, group) => sum + Object.keys(group).length, 0);
    expect(kept).toBeLessThanOrEqual(MAX_ENTRIES_PER_IFD);
    expect(Buffer.byteLength(JSON.stringify(metadata))).toBeLessThanOrEqual(MAX_METADATA_JSON_BYTES);
  });
});

describe('a file that ends inside its headers', () => {
  it('keeps what the JPEG walk found before the end (the ICC profile, the size) and says the file is truncated', async () => {
    const icc = jpegSegment(0xe2, concatBytes(new TextEncoder().encode('ICC_PROFILE\0'), [1, 1], iccProfile('Cut Profile')));
    const frame = concatBytes([0xff, 0xc0, 0, 17, 8, 0, 48, 0, 64], [3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
    // 0xFF fill bytes that run to the end of the file: the walk reads past it.
    const cut = concatBytes([0xff, 0xd8], icc, frame, [0xff, 0xff, 0xff]);
    const result = await extract(cut);
    expect(result.image).toMatchObject({ width: 64, height: 48, iccProfileDescription: 'Cut Profile' });
    expect(result.warnings?.join(' ')).toMatch(/truncated/);
  });
});

describe('truncation at every kilobyte of the first 64 KB', () => {
  const samples = [
    [
      'JPEG',
      'ian_Canon_40D.jpg',
      jpeg({ width: 640, height: 480, exif: [exifBlock({ ifd0: [{ tag: 0x010f, type: TYPE.ASCII, value: 'Canon' }] })], padding: 70_000 }),
    ],
    ['PNG', 'mei_Issue_280_dotnet.png', png({ width: 640, height: 480, idatBytes: 70_000 })],
    ['WebP', 'mei_HTC_Desire.webp', webp({ width: 640, height: 480, kind: 'VP8X', imageBytes: 70_000 })],
    ['HEIF', 'exifr_heic-iphone7.heic', heif({ width: 640, height: 480, exif: exifBlock({}), mdatBytes: 70_000 })],
  ] as const;

  it.each(samples)('never throws anything but a typed error for a cut %s', async (_format, corpusName, generated) => {
    let sample: Uint8Array = generated;
    try {
      sample = readFileSync(join(CORPUS_DIR, corpusName));
    } catch {
      // Without ../shared/corpus the generated sample is used.
    }
    for (let cut = 0; cut <= Math.min(64 * 1024, sample.length); cut += 1024) {
      const result = await outcome(sample.subarray(0, cut));
      expect(typeof result === 'string' ? ['UNSUPPORTED_TYPE', 'CORRUPT_IMAGE'] : ['metadata']).toContain(typeof result === 'string' ? result : 'metadata');
    }
  });
});
