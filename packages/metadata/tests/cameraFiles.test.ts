import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesSource, countingSource, extractMetadata, type ByteSource, type ImageMetadata } from '../src';
import { COMPARED_FIELDS, flatten, sameValue } from './corpus/corpus';
import { describeWithExiftool } from './corpus/describeWithExiftool';
import { readWithExiftool } from './corpus/exiftoolOracle';
import { arw, cr2, cr3, dng, jxl, largeMovie, movie, nef, orf, pef, raf, rw2 } from './fixtures/cameraFiles';
import { exifBlock, TYPE } from './fixtures/exifBlock';

const jxlExif = (orientation: number[]) =>
  exifBlock({
    ifd0: [
      { tag: 0x10f, type: TYPE.ASCII, value: 'NIKON CORPORATION' },
      { tag: 0x110, type: TYPE.ASCII, value: 'NIKON D1X' },
      ...orientation.map((value) => ({ tag: 0x112, type: TYPE.SHORT, value: [value] })),
    ],
    exif: [{ tag: 0x9003, type: TYPE.ASCII, value: '2004:06:21 23:37:53' }],
  });

/** Each generated camera file, named with the extension ExifTool expects of it (it names NEF, ARW and PEF by extension). */
const FILES: Record<string, Uint8Array> = {
  'nikon.nef': nef(),
  'iphone.dng': dng(),
  'sony.arw': arw(),
  'pentax.pef': pef(),
  'canon.cr2': cr2(),
  'olympus.orf': orf(),
  'panasonic.rw2': rw2(),
  'canon.cr3': cr3(),
  'fujifilm.raf': raf(),
  'codestream.jxl': jxl({ width: 1440, height: 1080 }),
  'container.jxl': jxl({ width: 4032, height: 3024, container: 'plain', exif: jxlExif([6]) }),
  // ExifTool 12.57 does not decompress brob boxes: no orientation, so that it reads the size as we do.
  'brotli.jxl': jxl({ width: 200, height: 130, container: 'brob', exif: jxlExif([]) }),
  'iphone.mov': movie({
    width: 1920,
    height: 1080,
    rotation: 90,
    durationSeconds: 4,
    frameRate: 30,
    codec: 'hvc1',
    created: 3_646_805_157,
    moovAtEnd: true,
    apple: { make: 'Apple', model: 'iPhone 15', software: '17.1', creationDate: '2019-07-24T11:25:40+0300', location: '+32.0929+034.8620+012.000/' },
  }),
  'android.mp4': movie({ brand: 'mp42', width: 3840, height: 2160, durationSeconds: 2.5, frameRate: 29.97, created: 3_570_337_228, xyz: '+51.4169-000.0806/' }),
  'phone.3gp': movie({ brand: '3gp5', width: 1280, height: 720, rotation: 270, durationSeconds: 1.3, frameRate: 30, created: 3_686_329_649 }),
};

const read = (bytes: Uint8Array) => extractMetadata(bytesSource(bytes));

describe('camera RAW files', () => {
  it.each([
    ['nikon.nef', 'nef', 'image/x-nikon-nef', 4288, 2848],
    ['iphone.dng', 'dng', 'image/x-adobe-dng', 4032, 3024],
    ['sony.arw', 'arw', 'image/x-sony-arw', 6048, 4024],
    ['pentax.pef', 'pef', 'image/x-pentax-pef', 6016, 4000],
    ['canon.cr2', 'cr2', 'image/x-canon-cr2', 3888, 2592],
    ['olympus.orf', 'orf', 'image/x-olympus-orf', 5240, 3912],
    ['panasonic.rw2', 'rw2', 'image/x-panasonic-rw2', 5184, 3888],
    ['canon.cr3', 'cr3', 'image/x-canon-cr3', 6000, 4000],
    ['fujifilm.raf', 'raf', 'image/x-fujifilm-raf', 6240, 4160],
  ])('reads %s as %s (%s) with the full image size %i×%i, never the preview’s', async (name, format, mimeType, width, height) => {
    const metadata = await read(FILES[name]!);
    expect(metadata.file).toMatchObject({ format, mimeType });
    expect(metadata.image).toMatchObject({ width, height });
    expect(metadata.video).toBeNull();
  });

  it.each(['nikon.nef', 'iphone.dng', 'sony.arw', 'pentax.pef', 'canon.cr2', 'panasonic.rw2', 'canon.cr3', 'fujifilm.raf'])(
    'says where the largest embedded JPEG of %s lies',
    async (name) => {
      const bytes = FILES[name]!;
      const { embeddedPreview } = (await read(bytes)).image;
      expect(embeddedPreview).toBeDefined();
      const { offset, length } = embeddedPreview!;
      expect([...bytes.subarray(offset, offset + 3)]).toEqual([0xff, 0xd8, 0xff]);
      expect(offset + length).toBeLessThanOrEqual(bytes.length);
    },
  );

  it('never offers a CR2’s lossless raw strips or a thumbnail smaller than the preview', async () => {
    const bytes = FILES['sony.arw']!;
    const { embeddedPreview } = (await read(bytes)).image;
    expect(embeddedPreview!.length).toBe(48 * 1024);
  });

  it('offers no preview stub (a few bytes, as in ExifTool’s test files) as a preview', async () => {
    expect((await read(cr3({ preview: new Uint8Array([0xff, 0xd8, 0xff, 0xd9]) }))).image.embeddedPreview).toBeUndefined();
  });

  it('turns the displayed size by the RAW’s EXIF orientation', async () => {
    expect((await read(FILES['sony.arw']!)).image).toMatchObject({ orientation: 8, displayWidth: 4024, displayHeight: 6048 });
    expect((await read(FILES['canon.cr3']!)).image).toMatchObject({ orientation: 6, displayWidth: 4000, displayHeight: 6000 });
  });

  it('reads the EXIF of each, the RW2’s from the JPEG it embeds, the CR3’s GPS from CMT4', async () => {
    expect((await read(FILES['panasonic.rw2']!)).capture).toMatchObject({ dateTimeOriginal: '2018-09-09T09:09:09', iso: 400, exposureTime: 0.004 });
    expect((await read(FILES['panasonic.rw2']!)).camera.software).toBe('Ver.1.0');
    const canon = await read(FILES['canon.cr3']!);
    expect(canon.location).toMatchObject({ latitude: 48 + 51 / 60 + 24 / 3600, longitude: 2 + 21 / 60 });
    expect(canon.capture.dateTimeOriginal).toBe('2021-05-12T12:21:21');
  });

  it('costs at most 4 reads for a 48 MB NEF’s metadata, and its preview one more', async () => {
    const { source, stats } = countingSource(bytesSource(nef({ rawDataBytes: 48 * 1024 * 1024 })));
    const metadata = await extractMetadata(source);
    expect(stats.reads).toBeLessThanOrEqual(4);
    expect(stats.bytesRead).toBeLessThan(1024 * 1024);
    expect(metadata.image.embeddedPreview!.length).toBe(64 * 1024);
  });
});

describe('JPEG XL', () => {
  it('reads the size of a bare codestream', async () => {
    expect((await read(FILES['codestream.jxl']!)).image).toMatchObject({ width: 1440, height: 1080 });
  });

  it.each([
    ['container.jxl', 6],
    ['brotli.jxl', null],
  ])('reads the size and the EXIF of %s', async (name, orientation) => {
    const metadata = await read(FILES[name]!);
    expect(metadata.file).toMatchObject({ format: 'jxl', mimeType: 'image/jxl' });
    expect(metadata.camera.model).toBe('NIKON D1X');
    expect(metadata.capture.dateTimeOriginal).toBe('2004-06-21T23:37:53');
    expect(metadata.image.orientation).toBe(orientation);
  });
});

/** A file of `size` bytes that is zeros but for the parts given: a 2 GB movie without 2 GB of memory. */
function sparseSource(size: number, parts: { offset: number; bytes: Uint8Array }[]): ByteSource {
  return {
    size,
    async read(offset, length) {
      const out = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
      for (const part of parts) {
        const from = Math.max(offset, part.offset);
        const to = Math.min(offset + out.length, part.offset + part.bytes.length);
        if (from < to) out.set(part.bytes.subarray(from - part.offset, to - part.offset), from - offset);
      }
      return out;
    },
  };
}

describe('phone videos', () => {
  it('reads an iPhone movie: size turned by the track’s rotation, codec, rate, duration, Apple’s local time, place and camera', async () => {
    const metadata = await read(FILES['iphone.mov']!);
    expect(metadata.file).toMatchObject({ format: 'mov', mimeType: 'video/quicktime' });
    expect(metadata.image).toMatchObject({ width: 1920, height: 1080, rotation: 90, displayWidth: 1080, displayHeight: 1920 });
    expect(metadata.video).toEqual({ durationSeconds: 4, codec: 'hvc1', frameRate: 30 });
    expect(metadata.capture).toMatchObject({ dateTimeOriginal: '2019-07-24T11:25:40', offsetTimeOriginal: '+03:00' });
    expect(metadata.location).toEqual({ latitude: 32.0929, longitude: 34.862, altitude: 12 });
    expect(metadata.camera).toMatchObject({ make: 'Apple', model: 'iPhone 15', software: '17.1' });
  });

  it('reads an Android MP4: the movie header’s time is UTC, the place is ©xyz', async () => {
    const metadata = await read(FILES['android.mp4']!);
    expect(metadata.file).toMatchObject({ format: 'mp4', mimeType: 'video/mp4' });
    expect(metadata.capture).toMatchObject({ dateTimeOriginal: '2017-02-19T08:20:28', offsetTimeOriginal: '+00:00' });
    expect(metadata.location).toEqual({ latitude: 51.4169, longitude: -0.0806, altitude: null });
    expect(metadata.video).toEqual({ durationSeconds: 2.5, codec: 'avc1', frameRate: 29.97 });
  });

  it('costs at most 4 reads for a 2 GB movie whose moov is at its end', async () => {
    const file = largeMovie({ width: 1920, height: 1080, durationSeconds: 600, frameRate: 30 }, 2 * 1024 ** 3);
    const { source, stats } = countingSource(sparseSource(file.size, file.parts));
    const metadata = await extractMetadata(source);
    expect(metadata.video).toMatchObject({ durationSeconds: 600, frameRate: 30 });
    expect(stats.reads).toBeLessThanOrEqual(4);
    expect(stats.bytesRead).toBeLessThan(1024 * 1024);
  });
});

describeWithExiftool('camera files against ExifTool', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'camera-files-'));
    for (const [name, bytes] of Object.entries(FILES)) writeFileSync(join(folder, name), bytes);
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('agrees with ExifTool on every field ExifTool reads: type, size (RAW: the full image), orientation and rotation, camera, exposure, time, place', async () => {
    const paths = Object.keys(FILES).map((name) => join(folder, name));
    const oracle = readWithExiftool(paths);
    const disagreements: string[] = [];
    let cells = 0;
    for (const path of paths) {
      const expected = oracle.get(path)!;
      const ours = flatten((await read(FILES[path.split('/').pop()!]!)) as ImageMetadata);
      for (const field of COMPARED_FIELDS) {
        const want = expected[field];
        if (want === null || want === undefined) continue;
        cells++;
        if (!sameValue(field, want, ours[field]))
          disagreements.push(`${path.split('/').pop()} ${field}: ExifTool ${JSON.stringify(want)}, ours ${JSON.stringify(ours[field])}`);
      }
    }
    expect(disagreements).toEqual([]);
    expect(cells).toBeGreaterThan(150);
  }, 60_000);
});
