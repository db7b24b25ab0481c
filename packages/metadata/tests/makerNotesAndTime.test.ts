import { bytesSource, extractMetadata, redactMetadata } from '../src';
import { NO_TIME_TAGS, reconcileCaptureTime, type TimeTags } from '../src/captureTime';
import { formatLensSpecification } from '../src/cameraIdentity';
import { exifBlock, TYPE, type EntrySpec } from './fixtures/exifBlock';
import { nikonD90Note, nikonNote } from './fixtures/cameraFiles';
import { jpeg, xmpSegment } from './fixtures/images';

const ascii = (text: string) => new TextEncoder().encode(text);
const read = (exif: Uint8Array, segments: Uint8Array[] = []) => extractMetadata(bytesSource(jpeg({ width: 64, height: 48, exif: [exif], segments })));

/** An Olympus maker note of today: "OLYMPUS\0II\x03\0", an IFD whose offsets count from the note's start, its Equipment sub-IFD. */
function olympusNote(equipment: EntrySpec[]): Uint8Array {
  // The Equipment IFD is written as a TIFF block placed at 22 in the note (so its IFD lands at 30);
  // its values' offsets, relative to the block, are moved by 22 to count from the note's start.
  const shift = 22;
  const block = exifBlock({ littleEndian: true, ifd0: equipment });
  const blockView = new DataView(block.buffer);
  const count = blockView.getUint16(8, true);
  for (let i = 0; i < count; i++) {
    const at = 10 + i * 12;
    if (blockView.getUint32(at + 4, true) > 4) blockView.setUint32(at + 8, blockView.getUint32(at + 8, true) + shift, true);
  }
  const note = new Uint8Array(shift + block.length);
  note.set(ascii('OLYMPUS\0II\x03\0'));
  const view = new DataView(note.buffer);
  view.setUint16(12, 1, true);
  view.setUint16(14, 0x2010, true);
  view.setUint16(16, 13, true);
  view.setUint32(18, 1, true);
  view.setUint32(22, shift + 8, true); // the Equipment IFD, relative to the note's start
  note.set(block.subarray(8), shift + 8);
  return note;
}
const camera = (make: string, model: string, exif: EntrySpec[], extra: { littleEndian?: boolean } = {}) =>
  exifBlock({
    littleEndian: extra.littleEndian ?? false,
    ifd0: [
      { tag: 0x010f, type: TYPE.ASCII, value: make },
      { tag: 0x0110, type: TYPE.ASCII, value: model },
    ],
    exif,
  });

describe('maker notes', () => {
  it('reads a Nikon D90’s serial and its lens as "24mm f/2.8" (Nikon Lens, as ExifTool prints it)', async () => {
    const note = nikonD90Note('3001234');
    const metadata = await read(camera('NIKON CORPORATION', 'NIKON D90', [{ tag: 0x927c, type: TYPE.UNDEFINED, value: note }]));
    expect(metadata.camera).toMatchObject({ lensModel: '24mm f/2.8', lensSource: 'specification', serialNumber: '3001234', serialNumberSource: 'makernote' });
    expect(metadata.exif.MakerNotes).toEqual({ SerialNumber: '3001234', Lens: [24, 24, 2.8, 2.8] });
  });

  it('reads an Olympus body’s serial and lens from its Equipment IFD', async () => {
    const note = olympusNote([
      { tag: 0x101, type: TYPE.ASCII, value: 'BHP231234' },
      { tag: 0x203, type: TYPE.ASCII, value: 'OLYMPUS M.12-40mm F2.8' },
    ]);
    const metadata = await read(camera('OLYMPUS IMAGING CORP.', 'E-M5MarkII', [{ tag: 0x927c, type: TYPE.UNDEFINED, value: note }]));
    expect(metadata.camera).toMatchObject({ lensModel: 'OLYMPUS M.12-40mm F2.8', lensSource: 'makernote', serialNumber: 'BHP231234' });
  });

  it('never lets a maker note override EXIF LensModel, and takes XMP’s lens before the maker note’s', async () => {
    const note = olympusNote([{ tag: 0x203, type: TYPE.ASCII, value: 'MAKER LENS' }]);
    const withExif = await read(
      camera('OLYMPUS IMAGING CORP.', 'E-M1', [
        { tag: 0xa434, type: TYPE.ASCII, value: 'EXIF LENS' },
        { tag: 0x927c, type: TYPE.UNDEFINED, value: note },
      ]),
    );
    expect(withExif.camera).toMatchObject({ lensModel: 'EXIF LENS', lensSource: 'exif' });
    const packet = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:aux="http://ns.adobe.com/exif/1.0/aux/" aux:Lens="XMP LENS" aux:SerialNumber="XMP-SERIAL"/></rdf:RDF></x:xmpmeta>`;
    const withXmp = await read(camera('OLYMPUS IMAGING CORP.', 'E-M1', [{ tag: 0x927c, type: TYPE.UNDEFINED, value: note }]), [xmpSegment(packet)]);
    expect(withXmp.camera).toMatchObject({ lensModel: 'XMP LENS', lensSource: 'xmp', serialNumber: 'XMP-SERIAL', serialNumberSource: 'xmp' });
  });

  it.each([
    ['an IFD count of 60,000', nikonNote([]).map((b, i) => (i === 18 ? 0x60 : i === 19 ? 0xea : b))],
    ['a value outside the note', nikonNote([{ tag: 0x1d, type: TYPE.ASCII, value: 'A-LONG-SERIAL', offset: 0x7ffffff0 }])],
    ['a note cut short', nikonNote([{ tag: 0x1d, type: TYPE.ASCII, value: '3001234' }]).subarray(0, 14)],
    ['no header a make reads', ascii('garbage maker note of some length')],
  ])('survives %s: no value, at most a warning', async (_name, note) => {
    const metadata = await read(camera('NIKON CORPORATION', 'NIKON D90', [{ tag: 0x927c, type: TYPE.UNDEFINED, value: note }]));
    expect(metadata.camera.serialNumber).toBeNull();
    expect(metadata.image.width).toBe(64);
  });

  it('removes, in private mode, exactly the serial numbers it found (maker note and XMP), lists them, and keeps the lens', async () => {
    const note = nikonNote([
      { tag: 0x1d, type: TYPE.ASCII, value: '3001234' },
      {
        tag: 0x84,
        type: TYPE.RATIONAL,
        value: [
          [18, 1],
          [55, 1],
          [35, 10],
          [56, 10],
        ],
      },
    ]);
    const metadata = await read(camera('NIKON CORPORATION', 'NIKON D3200', [{ tag: 0x927c, type: TYPE.UNDEFINED, value: note }]));
    const { metadata: redacted, redacted: removed } = redactMetadata(metadata, { private: true, location: false });
    expect(removed).toEqual(['serialNumbers']);
    expect(redacted.camera).toMatchObject({ serialNumber: null, serialNumberSource: null, lensModel: '18-55mm f/3.5-5.6' });
    expect(JSON.stringify(redacted)).not.toContain('3001234');
  });
});

describe('the lens specification as ExifTool prints it', () => {
  it.each([
    [[18, 55, 3.5, 5.6], '18-55mm f/3.5-5.6'],
    [[24, 24, 2.8, 2.8], '24mm f/2.8'],
    [[50, 50, 1.8, 0], '50mm f/1.8'],
    [[0, 0, 0, 0], null],
    [[null, 55, 3.5, 5.6], null],
  ])('%j is %j', (values, text) => {
    expect(formatLensSpecification(values)).toBe(text);
  });
});

describe('the capture time', () => {
  const tags = (overrides: Partial<TimeTags>): TimeTags => ({ ...NO_TIME_TAGS, ...overrides });

  it('joins the sub-seconds (ExifTool’s SubSecDateTimeOriginal) and gives the UTC instant when the offset is known', () => {
    expect(reconcileCaptureTime(tags({ dateTimeOriginal: '2019:10:26 16:07:24', subSecTimeOriginal: '54', offsetTimeOriginal: '+02:00' }))).toEqual({
      dateTimeOriginal: '2019-10-26T16:07:24.54',
      dateTimeSource: 'DateTimeOriginal',
      offsetTimeOriginal: '+02:00',
      offsetSource: 'exif',
      takenAtUtc: '2019-10-26T14:07:24.54Z',
    });
  });

  it('falls back on CreateDate (with its own offset), the XMP date (with its zone), then the GPS clock (UTC)', () => {
    expect(reconcileCaptureTime(tags({ createDate: '2020:01:02 03:04:05', offsetTimeDigitized: '-05:00' }))).toMatchObject({
      dateTimeOriginal: '2020-01-02T03:04:05',
      dateTimeSource: 'CreateDate',
      offsetTimeOriginal: '-05:00',
      offsetSource: 'exif',
    });
    expect(reconcileCaptureTime(tags({ xmpDateCreated: '2011-09-23T12:43:03Z' }))).toMatchObject({
      dateTimeSource: 'XMP:DateCreated',
      offsetTimeOriginal: '+00:00',
      offsetSource: 'xmp',
    });
    expect(reconcileCaptureTime(tags({ gpsDateStamp: '2021:06:30', gpsTimeStamp: [23, 59, 58.5] }))).toEqual({
      dateTimeOriginal: '2021-06-30T23:59:58.5',
      dateTimeSource: 'GPSDateTime',
      offsetTimeOriginal: '+00:00',
      offsetSource: 'gps',
      takenAtUtc: '2021-06-30T23:59:58.5Z',
    });
  });

  it.each([
    ['+02:00 from a GPS clock 2 h behind (a few seconds apart)', '2019:10:26 16:07:24', '2019:10:26', [14, 7, 2], '+02:00'],
    ['+05:45 (Nepal) to the quarter hour', '2019:10:26 16:07:24', '2019:10:26', [10, 22, 30], '+05:45'],
    ['-03:30 across midnight', '2019:10:26 22:00:00', '2019:10:27', [1, 30, 0], '-03:30'],
    ['nothing beyond ±14 h (another day’s GPS time)', '2019:10:26 16:07:24', '2019:10:25', [0, 0, 0], null],
  ])('derives %s', (_name, local, gpsDate, gpsTime, offset) => {
    const time = reconcileCaptureTime(tags({ dateTimeOriginal: local, gpsDateStamp: gpsDate, gpsTimeStamp: gpsTime as number[] }));
    expect(time.offsetTimeOriginal).toBe(offset);
    expect(time.offsetSource).toBe(offset ? 'gps' : null);
  });

  it('never derives an offset where EXIF gives one', () => {
    const time = reconcileCaptureTime(
      tags({ dateTimeOriginal: '2019:10:26 16:07:24', offsetTimeOriginal: '+09:00', gpsDateStamp: '2019:10:26', gpsTimeStamp: [14, 7, 24] }),
    );
    expect(time).toMatchObject({ offsetTimeOriginal: '+09:00', offsetSource: 'exif', takenAtUtc: '2019-10-26T07:07:24Z' });
  });
});
