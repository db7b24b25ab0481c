import { bytesSource, extractMetadata, redactMetadata } from '../src';
import { exifBlock, TYPE } from './fixtures/exifBlock';
import { heif, jpeg, png, webp } from './fixtures/images';

/** Every identifying tag a private upload must lose: GPS, each serial-number form, the owner, a MakerNote. */
const identifying = exifBlock({
  ifd0: [
    { tag: 0x010f, type: TYPE.ASCII, value: 'Canon' },
    { tag: 0x0100, type: TYPE.SHORT, value: [64] },
    { tag: 0x0101, type: TYPE.SHORT, value: [48] },
    { tag: 0xc62f, type: TYPE.ASCII, value: 'DNG-CAMERA-0001' },
    { tag: 0xfde9, type: TYPE.ASCII, value: 'PS-SERIAL-0002' },
  ],
  exif: [
    { tag: 0xa430, type: TYPE.ASCII, value: 'Jane Doe' },
    { tag: 0xa431, type: TYPE.ASCII, value: 'BODY-0003' },
    { tag: 0xa435, type: TYPE.ASCII, value: 'LENS-0004' },
    { tag: 0x927c, type: TYPE.UNDEFINED, value: new TextEncoder().encode('Canon\0SERIAL-0005') },
    { tag: 0x829a, type: TYPE.RATIONAL, value: [[1, 250]] },
  ],
  gps: [
    { tag: 0x0001, type: TYPE.ASCII, value: 'N' },
    {
      tag: 0x0002,
      type: TYPE.RATIONAL,
      value: [
        [48, 1],
        [51, 1],
        [24, 1],
      ],
    },
    { tag: 0x0003, type: TYPE.ASCII, value: 'E' },
    {
      tag: 0x0004,
      type: TYPE.RATIONAL,
      value: [
        [2, 1],
        [21, 1],
        [3, 1],
      ],
    },
  ],
});
const SECRETS = ['DNG-CAMERA-0001', 'PS-SERIAL-0002', 'Jane Doe', 'BODY-0003', 'LENS-0004', 'SERIAL-0005', 'GPS'];

const formats: [string, Uint8Array][] = [
  ['JPEG (APP1)', jpeg({ width: 64, height: 48, exif: [identifying] })],
  ['PNG (eXIf)', png({ width: 64, height: 48, exif: identifying })],
  ['WebP (EXIF chunk)', webp({ width: 64, height: 48, kind: 'VP8X', exif: identifying })],
  ['TIFF', identifying],
  ['HEIF (Exif item)', heif({ width: 64, height: 48, exif: identifying })],
];

describe('redactMetadata', () => {
  it.each(formats)('removes location, every serial number, the owner and the MakerNote of a %s, and lists them', async (_format, bytes) => {
    const metadata = await extractMetadata(bytesSource(bytes));
    // The fixture carries them all, as the extractor reads them.
    expect(metadata.location).not.toBeNull();
    expect(JSON.stringify(metadata)).toContain('BODY-0003');

    const { metadata: redacted, redacted: removed } = redactMetadata(metadata, { private: true, location: false });
    expect(removed).toEqual(['location', 'serialNumbers', 'ownerName']);
    expect(redacted.location).toBeNull();
    expect(redacted.camera.serialNumber ?? null).toBeNull();
    const json = JSON.stringify(redacted);
    for (const secret of SECRETS) expect(json).not.toContain(secret);
    // Everything else stays.
    expect(redacted.camera.make).toBe('Canon');
    expect(redacted.capture.exposureTime).toBe(1 / 250);
  });

  it('lists only what the photo carried', async () => {
    const plain = await extractMetadata(
      bytesSource(jpeg({ width: 64, height: 48, exif: [exifBlock({ ifd0: [{ tag: 0x010f, type: TYPE.ASCII, value: 'Canon' }] })] })),
    );
    expect(redactMetadata(plain, { private: true, location: false }).redacted).toEqual([]);
    const serialOnly = await extractMetadata(
      bytesSource(jpeg({ width: 64, height: 48, exif: [exifBlock({ exif: [{ tag: 0xa435, type: TYPE.ASCII, value: 'LENS-1' }] })] })),
    );
    expect(redactMetadata(serialOnly, { private: true, location: false }).redacted).toEqual(['serialNumbers']);
  });

  it('removes only the location when asked only for that (REDACT_LOCATION), and leaves its input untouched', async () => {
    const metadata = await extractMetadata(bytesSource(identifying));
    const before = JSON.stringify(metadata);
    const { metadata: redacted, redacted: removed } = redactMetadata(metadata, { private: false, location: true });
    expect(removed).toEqual(['location']);
    expect(redacted.exif.GPSInfo).toBeUndefined();
    expect(JSON.stringify(redacted)).toContain('BODY-0003');
    expect(JSON.stringify(metadata)).toBe(before);
  });

  it('does not list a location for a GPS block that holds only its version (GPSVersionID)', async () => {
    const versionOnly = await extractMetadata(
      bytesSource(jpeg({ width: 64, height: 48, exif: [exifBlock({ gps: [{ tag: 0x0000, type: TYPE.BYTE, value: [2, 3, 0, 0] }] })] })),
    );
    expect(versionOnly.exif.GPSInfo).toBeDefined();
    const { metadata: redacted, redacted: removed } = redactMetadata(versionOnly, { private: true, location: false });
    expect(removed).toEqual([]);
    expect(redacted.exif.GPSInfo).toBeUndefined();
  });
});
