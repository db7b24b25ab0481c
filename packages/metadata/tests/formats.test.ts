import { bytesSource, countingSource, extractMetadata, type ImageMetadata } from '../src';
import { HEAD_BYTES } from '../src/readers/rangeReader';
import { exifBlock, TYPE } from './fixtures/exifBlock';
import { bmp, gif, heif, iccProfile, jpeg, png, webp } from './fixtures/images';

const orientation6 = exifBlock({ ifd0: [{ tag: 0x0112, type: TYPE.SHORT, value: [6] }] });
const extract = (bytes: Uint8Array) => extractMetadata(bytesSource(bytes));

describe('format detection and dimensions', () => {
  it.each<[string, Uint8Array, Partial<ImageMetadata['file']>, Partial<ImageMetadata['image']>]>([
    ['a baseline JPEG', jpeg({ width: 640, height: 480 }), { format: 'jpeg', mimeType: 'image/jpeg' }, { width: 640, height: 480, bitDepth: 8 }],
    ['an RGB PNG', png({ width: 300, height: 200 }), { format: 'png', mimeType: 'image/png' }, { width: 300, height: 200, hasAlpha: false, animated: false }],
    ['an RGBA PNG', png({ width: 3, height: 2, colorType: 6 }), { format: 'png' }, { hasAlpha: true }],
    ['a GIF', gif({ width: 500, height: 375 }), { format: 'gif', mimeType: 'image/gif' }, { width: 500, height: 375, frameCount: 1, animated: false }],
    ['a lossy WebP', webp({ width: 1600, height: 900, kind: 'VP8' }), { format: 'webp', mimeType: 'image/webp' }, { width: 1600, height: 900 }],
    ['a lossless WebP', webp({ width: 1200, height: 900, kind: 'VP8L' }), { format: 'webp' }, { width: 1200, height: 900 }],
    ['an extended WebP', webp({ width: 4000, height: 3000, kind: 'VP8X' }), { format: 'webp' }, { width: 4000, height: 3000 }],
    ['a BMP', bmp({ width: 10, height: 12 }), { format: 'bmp', mimeType: 'image/bmp' }, { width: 10, height: 12, bitDepth: 24 }],
    [
      'an OS/2 2.x BMP (16-byte header)',
      Uint8Array.from([0x42, 0x4d, 30, 0, 0, 0, 0, 0, 0, 0, 30, 0, 0, 0, 16, 0, 0, 0, 127, 0, 0, 0, 64, 0, 0, 0, 1, 0, 8, 0]),
      { format: 'bmp' },
      { width: 127, height: 64, bitDepth: 8 },
    ],
    [
      'a BMP whose header size is odd (41), as ExifTool accepts it',
      Uint8Array.from([...bmp({ width: 127, height: 64 }).subarray(0, 14), 41, ...bmp({ width: 127, height: 64 }).subarray(15)]),
      { format: 'bmp' },
      { width: 127, height: 64 },
    ],
    [
      'a BMP (V5) with an embedded ICC profile',
      bmp({ width: 10, height: 12, icc: iccProfile('Custom RGB') }),
      { format: 'bmp' },
      { width: 10, height: 12, iccProfileDescription: 'Custom RGB' },
    ],
    // Make "Canon\0\0\0" sits inline: its 8 bytes are data, and as a 64-bit number far beyond 2^53.
    [
      'a BigTIFF with an 8-byte value inline',
      Uint8Array.from([
        0x49, 0x49, 43, 0, 8, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 1, 3, 0, 1, 0, 0, 0, 0, 0, 0, 0, 64, 0, 0, 0, 0, 0, 0, 0, 1, 1, 3, 0,
        1, 0, 0, 0, 0, 0, 0, 0, 48, 0, 0, 0, 0, 0, 0, 0, 0x0f, 1, 2, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0x43, 0x61, 0x6e, 0x6f, 0x6e, 0, 0xff, 0xff, 0, 0, 0, 0, 0, 0,
        0, 0,
      ]),
      { format: 'tiff', mimeType: 'image/x-tiff-big' },
      { width: 64, height: 48 },
    ],
    // Version 43 but no BigTIFF header (8, 0): ExifTool reads it as a classic TIFF, IFD0 at 10.
    [
      'a TIFF whose version says BigTIFF but whose header does not',
      Uint8Array.from([0x49, 0x49, 43, 0, 10, 0, 0, 0, 0, 0, 2, 0, 0, 1, 3, 0, 1, 0, 0, 0, 64, 0, 0, 0, 1, 1, 3, 0, 1, 0, 0, 0, 48, 0, 0, 0, 0, 0, 0, 0]),
      { format: 'tiff', mimeType: 'image/tiff' },
      { width: 64, height: 48 },
    ],
    [
      'a BigTIFF',
      Uint8Array.from([
        0x49, 0x49, 43, 0, 8, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1, 3, 0, 1, 0, 0, 0, 0, 0, 0, 0, 64, 0, 0, 0, 0, 0, 0, 0, 1, 1, 3, 0,
        1, 0, 0, 0, 0, 0, 0, 0, 48, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
      ]),
      { format: 'tiff', mimeType: 'image/x-tiff-big' },
      { width: 64, height: 48 },
    ],
    ['a HEIC', heif({ width: 4032, height: 3024 }), { format: 'heif', mimeType: 'image/heic' }, { width: 4032, height: 3024 }],
    ['an AVIF', heif({ width: 800, height: 600, brand: 'avif' }), { format: 'avif', mimeType: 'image/avif' }, { width: 800, height: 600 }],
    [
      'a TIFF',
      exifBlock({
        ifd0: [
          { tag: 0x0100, type: TYPE.SHORT, value: [35] },
          { tag: 0x0101, type: TYPE.SHORT, value: [23] },
        ],
      }),
      { format: 'tiff', mimeType: 'image/tiff' },
      { width: 35, height: 23 },
    ],
  ])('reads %s', async (_name, bytes, file, image) => {
    const metadata = await extract(bytes);
    expect(metadata.file).toMatchObject({ size: bytes.length, ...file });
    expect(metadata.image).toMatchObject(image);
  });
});

describe('damaged JPEGs that ExifTool still reads', () => {
  /** The fixture JPEG with `junk` inserted right after its APP1 (Exif) segment. */
  function withJunkAfterApp1(junk: number[]): Uint8Array {
    const clean = jpeg({ width: 2048, height: 1536, exif: [exifBlock({ ifd0: [{ tag: 0x010f, type: TYPE.ASCII, value: 'Olympus' }] })] });
    const app1End = 4 + ((clean[4]! << 8) | clean[5]!);
    return Uint8Array.from([...clean.subarray(0, app1End), ...junk, ...clean.subarray(app1End)]);
  }

  // The warnings are ExifTool 12.57's own for the same bytes.
  it.each([
    ['2 stray bytes', [0x00, 0x00], '[minor] Skipped unknown 2 bytes after JPEG APP1 segment'],
    ['a stuffed 0xFF00 (a NULL marker) and a stray byte', [0xff, 0x00, 0x12], '[minor] Skipped unknown 1 bytes after JPEG NULL segment'],
    ['100 bytes of text', [...new TextEncoder().encode('x'.repeat(100))], '[minor] Skipped unknown 100 bytes after JPEG APP1 segment'],
  ])('skips %s after a segment, with a minor warning, and reads everything', async (_name, junk, warning) => {
    const metadata = await extract(withJunkAfterApp1(junk));
    expect(metadata.image).toMatchObject({ width: 2048, height: 1536 });
    expect(metadata.camera.make).toBe('Olympus');
    expect(metadata.warnings).toEqual([warning]);
  });

  it("reads an EXIF block whose TIFF magic number is damaged, with ExifTool's warning", async () => {
    const block = exifBlock({
      ifd0: [
        { tag: 0x0131, type: TYPE.ASCII, value: 'Adobe Photoshop 7.0' },
        { tag: 0x0112, type: TYPE.SHORT, value: [1] },
      ],
    });
    block[3] = 0x2b + 0x10; // MM, then 0x003B instead of 0x002A
    const metadata = await extract(jpeg({ width: 64, height: 48, exif: [block] }));
    expect(metadata.camera.software).toBe('Adobe Photoshop 7.0');
    expect(metadata.image.orientation).toBe(1);
    expect(metadata.warnings).toEqual(['Invalid magic number in EXIF TIFF header']);
  });

  it('takes a file that starts with SOI but no marker after it as a JPEG, and walks on to its frame header', async () => {
    const clean = jpeg({ width: 80, height: 60 });
    const metadata = await extract(Uint8Array.from([0xff, 0xd8, 0x00, 0xe0, 0x00, 0x10, ...clean.subarray(2)]));
    expect(metadata.file.format).toBe('jpeg');
    expect(metadata.image).toMatchObject({ width: 80, height: 60 });
  });

  it('steps over 0xFF fill and a NULL marker right after SOI, then junk, as ExifTool does', async () => {
    const clean = jpeg({ width: 529, height: 256, exif: [exifBlock({ ifd0: [{ tag: 0x010f, type: TYPE.ASCII, value: 'Fuzzed' }] })] });
    const damaged = Uint8Array.from([0xff, 0xd8, 0xff, 0xff, 0x00, ...new TextEncoder().encode('JFIF junk'), ...clean.subarray(2)]);
    const metadata = await extract(damaged);
    expect(metadata.image).toMatchObject({ width: 529, height: 256 });
    expect(metadata.camera.make).toBe('Fuzzed');
    expect(metadata.warnings).toEqual(['[minor] Skipped unknown 9 bytes after JPEG NULL segment']);
  });

  it('still fails, with CORRUPT_IMAGE, when no marker follows the junk', async () => {
    const clean = jpeg({ width: 64, height: 48 });
    const broken = Uint8Array.from([...clean.subarray(0, 3), ...new Uint8Array(70_000)]);
    await expect(extract(broken)).rejects.toMatchObject({ code: 'CORRUPT_IMAGE' });
  });
});

describe('HEIF headers that ExifTool tolerates', () => {
  it.each(['primary', 'tile'] as const)('reads the ICC profile of a colr (prof) box associated with the %s item', async (on) => {
    const metadata = await extract(heif({ width: 4032, height: 3024, icc: { profile: iccProfile('Display P3'), on } }));
    expect(metadata.image.iccProfileDescription).toBe('Display P3');
  });

  it('reads a HEIF whose iprp lost its ipma: the properties in order, the last ispe giving the size, as ExifTool does', async () => {
    const metadata = await extract(
      heif({ width: 240, height: 160, exif: exifBlock({ ifd0: [{ tag: 0x010f, type: TYPE.ASCII, value: 'Canon' }] }), damage: 'no-ipma' }),
    );
    expect(metadata.image).toMatchObject({ width: 240, height: 160 });
    expect(metadata.camera.make).toBe('Canon');
    expect(metadata.warnings).toEqual(['HEIF has no item property associations (ipma)']);
  });

  it('keeps the item locations read before an iloc box runs out, and everything after it', async () => {
    const metadata = await extract(
      heif({ width: 240, height: 160, exif: exifBlock({ ifd0: [{ tag: 0x010f, type: TYPE.ASCII, value: 'Canon' }] }), damage: 'iloc-overrun' }),
    );
    expect(metadata.image).toMatchObject({ width: 240, height: 160 });
    expect(metadata.camera.make).toBe('Canon');
    expect(metadata.warnings).toEqual([expect.stringMatching(/^HEIF iloc box is damaged/)]);
  });

  it('reads iloc offsets and lengths written in 2 bytes', async () => {
    const metadata = await extract(
      heif({ width: 4032, height: 3024, exif: exifBlock({ ifd0: [{ tag: 0x0110, type: TYPE.ASCII, value: 'iPhone 15' }] }), ilocFieldSize: 2 }),
    );
    expect(metadata.image).toMatchObject({ width: 4032, height: 3024 });
    expect(metadata.camera.model).toBe('iPhone 15');
    expect(metadata.warnings ?? []).toEqual([]);
  });
});

describe('orientation and displayed size', () => {
  it('swaps the displayed size for EXIF orientation 6 in a JPEG', async () => {
    const metadata = await extract(jpeg({ width: 640, height: 480, exif: [orientation6] }));
    expect(metadata.image).toMatchObject({ orientation: 6, width: 640, height: 480, displayWidth: 480, displayHeight: 640 });
  });

  it.each([
    [1, false],
    [3, false],
    [5, true],
    [8, true],
    [0, false],
    [9, false],
  ])('orientation %i turns the display: %s', async (value, turned) => {
    const exif = exifBlock({ ifd0: [{ tag: 0x0112, type: TYPE.SHORT, value: [value] }] });
    const { image } = await extract(jpeg({ width: 40, height: 30, exif: [exif] }));
    expect(image.orientation).toBe(value);
    expect([image.displayWidth, image.displayHeight]).toEqual(turned ? [30, 40] : [40, 30]);
  });

  it('uses irot, not EXIF orientation, for HEIF', async () => {
    const rotated = await extract(heif({ width: 4032, height: 3024, rotation: 3, exif: exifBlock({ ifd0: [{ tag: 0x0112, type: TYPE.SHORT, value: [1] }] }) }));
    expect(rotated.image).toMatchObject({ rotation: 270, orientation: 1, displayWidth: 3024, displayHeight: 4032 });
    const informational = await extract(heif({ width: 4032, height: 3024, rotation: 0, exif: orientation6 }));
    expect(informational.image).toMatchObject({ rotation: 0, orientation: 6, displayWidth: 4032, displayHeight: 3024 });
  });
});

describe('text tags written with a numeric type', () => {
  it('reads them as their numbers, as ExifTool shows them', async () => {
    const metadata = await extractMetadata(
      bytesSource(
        jpeg({
          width: 8,
          height: 8,
          exif: [
            exifBlock({
              ifd0: [
                { tag: 0x0131, type: TYPE.SHORT, value: [28] },
                { tag: 0x010f, type: TYPE.ASCII, value: 'Canon' },
              ],
            }),
          ],
        }),
      ),
    );
    expect(metadata.camera).toMatchObject({ software: '28', make: 'Canon' });
  });
});

describe('EXIF in every container', () => {
  const camera = exifBlock({
    littleEndian: true,
    ifd0: [
      { tag: 0x010f, type: TYPE.ASCII, value: 'Canon' },
      { tag: 0x0110, type: TYPE.ASCII, value: 'Canon EOS 40D' },
    ],
    exif: [
      { tag: 0x829a, type: TYPE.RATIONAL, value: [[1, 250]] },
      { tag: 0x829d, type: TYPE.RATIONAL, value: [[28, 10]] },
      { tag: 0x8827, type: TYPE.SHORT, value: [100] },
      { tag: 0x9003, type: TYPE.ASCII, value: '2024:07:14 18:30:05' },
      { tag: 0x9011, type: TYPE.ASCII, value: '+02:00' },
      { tag: 0x920a, type: TYPE.RATIONAL, value: [[35, 1]] },
    ],
    gps: [
      { tag: 1, type: TYPE.ASCII, value: 'S' },
      {
        tag: 2,
        type: TYPE.RATIONAL,
        value: [
          [33, 1],
          [51, 1],
          [3546, 100],
        ],
      },
      { tag: 3, type: TYPE.ASCII, value: 'W' },
      {
        tag: 4,
        type: TYPE.RATIONAL,
        value: [
          [70, 1],
          [39, 1],
          [0, 1],
        ],
      },
      { tag: 5, type: TYPE.BYTE, value: [1] },
      { tag: 6, type: TYPE.RATIONAL, value: [[1250, 100]] },
    ],
  });
  const expected = {
    camera: { make: 'Canon', model: 'Canon EOS 40D' },
    capture: { exposureTime: 0.004, fNumber: 2.8, iso: 100, focalLength: 35, dateTimeOriginal: '2024-07-14T18:30:05', offsetTimeOriginal: '+02:00' },
  };

  it.each([
    ['JPEG APP1', jpeg({ width: 8, height: 8, exif: [camera] })],
    ['PNG eXIf before IDAT', png({ width: 8, height: 8, exif: camera })],
    ['PNG eXIf after IDAT', png({ width: 8, height: 8, exif: camera, exifAfterIdat: true })],
    ['PNG eXIf after 300 KB of IDAT', png({ width: 8, height: 8, exif: camera, exifAfterIdat: true, idatBytes: 300_000 })],
    ['WebP EXIF chunk', webp({ width: 8, height: 8, kind: 'VP8X', exif: camera })],
    ['WebP EXIF chunk after 500 KB of image data', webp({ width: 8, height: 8, kind: 'VP8X', exif: camera, imageBytes: 500_000 })],
    ['HEIF Exif item', heif({ width: 8, height: 8, exif: camera })],
    ['HEIF meta after a 1 MB mdat', heif({ width: 8, height: 8, exif: camera, metaAfterMdat: true, mdatBytes: 1_000_000 })],
  ])('finds it in %s', async (_name, bytes) => {
    const metadata = await extract(bytes);
    expect(metadata).toMatchObject(expected);
    expect(metadata.location).toEqual({ latitude: -(33 + 51 / 60 + 35.46 / 3600), longitude: -(70 + 39 / 60), altitude: -12.5 });
  });

  it('reads a JPEG whose frame header follows 200 KB of APP segments in four reads or fewer', async () => {
    const { source, stats } = countingSource(bytesSource(jpeg({ width: 6000, height: 4000, exif: [camera], padding: 200_000 })));
    const metadata = await extractMetadata(source);
    expect(metadata.image).toMatchObject({ width: 6000, height: 4000 });
    expect(stats.reads).toBeLessThanOrEqual(4);
  });

  it('reads a JPEG whose frame header follows a chain of 20 APP segments of 60 KB in four reads or fewer, with one read of slack at most', async () => {
    const bytes = jpeg({ width: 8000, height: 6000, exif: [camera], padding: 20 * 60_000 });
    const { source, stats } = countingSource(bytesSource(bytes));
    const metadata = await extractMetadata(source);
    expect(metadata.image).toMatchObject({ width: 8000, height: 6000 });
    expect(stats.reads).toBeLessThanOrEqual(4);
    expect(stats.bytesRead).toBeLessThanOrEqual(bytes.length);
  });

  it('reads a TIFF whose IFDs sit deep in the file, each after its values, in three reads', async () => {
    // Layout: header, 1 MB of strips, IFD0's values (XMP, ICC, Make), IFD0, 300 KB, the EXIF IFD's value, the EXIF IFD.
    const xmpPacket = new TextEncoder().encode(
      `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title><rdf:Alt><rdf:li xml:lang="x-default">Deep</rdf:li></rdf:Alt></dc:title></rdf:Description></rdf:RDF></x:xmpmeta>${' '.repeat(3000)}`,
    );
    const icc = iccProfile('Deep RGB');
    const make = new TextEncoder().encode('Canon EOS\0');
    const date = new TextEncoder().encode('2024:05:06 07:08:09\0');
    const values = 8 + 1_000_000;
    const ifd0 = values + xmpPacket.length + icc.length + make.length;
    const dateAt = ifd0 + 2 + 7 * 12 + 4 + 300_000;
    const exifIfd = dateAt + date.length;
    const file = new Uint8Array(exifIfd + 2 + 12 + 4);
    const view = new DataView(file.buffer);
    file.set([0x49, 0x49, 42, 0]);
    view.setUint32(4, ifd0, true);
    file.set(xmpPacket, values);
    file.set(icc, values + xmpPacket.length);
    file.set(make, values + xmpPacket.length + icc.length);
    file.set(date, dateAt);
    const entry = (at: number, tag: number, type: number, count: number, value: number) => {
      view.setUint16(at, tag, true);
      view.setUint16(at + 2, type, true);
      view.setUint32(at + 4, count, true);
      if (type === TYPE.SHORT && count === 1) view.setUint16(at + 8, value, true);
      else view.setUint32(at + 8, value, true);
    };
    view.setUint16(ifd0, 7, true);
    entry(ifd0 + 2, 0x0100, TYPE.SHORT, 1, 4000);
    entry(ifd0 + 14, 0x0101, TYPE.SHORT, 1, 3000);
    entry(ifd0 + 26, 0x010f, TYPE.ASCII, make.length, values + xmpPacket.length + icc.length);
    entry(ifd0 + 38, 0x0112, TYPE.SHORT, 1, 1);
    entry(ifd0 + 50, 0x02bc, TYPE.UNDEFINED, xmpPacket.length, values);
    entry(ifd0 + 62, 0x8769, TYPE.LONG, 1, exifIfd);
    entry(ifd0 + 74, 0x8773, TYPE.UNDEFINED, icc.length, values + xmpPacket.length);
    view.setUint16(exifIfd, 1, true);
    entry(exifIfd + 2, 0x9003, TYPE.ASCII, date.length, dateAt);

    const { source, stats } = countingSource(bytesSource(file));
    const metadata = await extractMetadata(source);
    expect(metadata.image).toMatchObject({ width: 4000, height: 3000, iccProfileDescription: 'Deep RGB' });
    expect(metadata.camera.make).toBe('Canon EOS');
    expect(metadata.capture.dateTimeOriginal).toBe('2024-05-06T07:08:09');
    expect(metadata.descriptive.title).toBe('Deep');
    // The head, IFD0 with the values just before it, the EXIF IFD with its value just before it.
    expect(stats.reads).toBe(3);
    expect(stats.bytesRead).toBeLessThanOrEqual(3 * HEAD_BYTES);
  });

  it('reads the description of a TIFF ICC profile too large to keep whole, from its head only', async () => {
    const profile = Uint8Array.from([...iccProfile('Euroscale Uncoated v2'), ...new Uint8Array(600_000)]);
    const tiff = exifBlock({
      ifd0: [
        { tag: 0x0100, type: TYPE.SHORT, value: [8] },
        { tag: 0x0101, type: TYPE.SHORT, value: [8] },
        { tag: 0x8773, type: TYPE.UNDEFINED, value: profile },
      ],
    });
    const { source, stats } = countingSource(bytesSource(tiff));
    const metadata = await extractMetadata(source);
    expect(metadata.image.iccProfileDescription).toBe('Euroscale Uncoated v2');
    expect(metadata.exif.Image?.InterColorProfile).toEqual({ binaryBytes: profile.length });
    expect(stats.bytesRead).toBeLessThanOrEqual(2 * HEAD_BYTES);
  });

  it('reads only the head, in one read, when the metadata is at the front of a large file', async () => {
    const big = png({ width: 8000, height: 6000, exif: camera, idatBytes: 5_000_000 });
    const { source, stats } = countingSource(bytesSource(big));
    await extractMetadata(source);
    expect(stats).toEqual({ reads: 1, bytesRead: HEAD_BYTES });
  });
});
