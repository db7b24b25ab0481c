import { closeSync, ftruncateSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { exifBlock, TYPE } from '../tests/fixtures/exifBlock';
import { concatBytes } from '../tests/fixtures/images';
import { cr3, largeMovie, nef, previewJpeg } from '../tests/fixtures/cameraFiles';

/** A realistic camera EXIF block: IFD0, EXIF and GPS tags plus an 8 KB MakerNote, as cameras write. */
function cameraExif(width: number, height: number): Uint8Array {
  return exifBlock({
    ifd0: [
      { tag: 0x010f, type: TYPE.ASCII, value: 'Canon' },
      { tag: 0x0110, type: TYPE.ASCII, value: 'Canon EOS R5' },
      { tag: 0x0112, type: TYPE.SHORT, value: [1] },
      { tag: 0x011a, type: TYPE.RATIONAL, value: [[72, 1]] },
      { tag: 0x011b, type: TYPE.RATIONAL, value: [[72, 1]] },
      { tag: 0x0131, type: TYPE.ASCII, value: 'Firmware Version 1.8.1' },
      { tag: 0x0132, type: TYPE.ASCII, value: '2024:07:14 18:30:05' },
      { tag: 0x013b, type: TYPE.ASCII, value: 'A. Photographer' },
      { tag: 0x8298, type: TYPE.ASCII, value: '© A. Photographer' },
    ],
    exif: [
      { tag: 0x829a, type: TYPE.RATIONAL, value: [[1, 250]] },
      { tag: 0x829d, type: TYPE.RATIONAL, value: [[28, 10]] },
      { tag: 0x8827, type: TYPE.SHORT, value: [400] },
      { tag: 0x9003, type: TYPE.ASCII, value: '2024:07:14 18:30:05' },
      { tag: 0x9011, type: TYPE.ASCII, value: '+02:00' },
      { tag: 0x920a, type: TYPE.RATIONAL, value: [[50, 1]] },
      { tag: 0x927c, type: TYPE.UNDEFINED, value: new Uint8Array(8192).fill(7) },
      { tag: 0xa002, type: TYPE.LONG, value: [width] },
      { tag: 0xa003, type: TYPE.LONG, value: [height] },
      { tag: 0xa434, type: TYPE.ASCII, value: 'RF24-70mm F2.8 L IS USM' },
    ],
    gps: [
      { tag: 1, type: TYPE.ASCII, value: 'N' },
      {
        tag: 2,
        type: TYPE.RATIONAL,
        value: [
          [48, 1],
          [51, 1],
          [2400, 100],
        ],
      },
      { tag: 3, type: TYPE.ASCII, value: 'E' },
      {
        tag: 4,
        type: TYPE.RATIONAL,
        value: [
          [2, 1],
          [21, 1],
          [300, 100],
        ],
      },
    ],
  });
}

const u16 = (v: number) => [(v >> 8) & 255, v & 255];

/** A JPEG of the given pixel size: SOI, APP1 Exif, SOF0, then `scanBytes` of entropy-coded filler. */
export function largeJpeg(width: number, height: number, scanBytes: number): Uint8Array {
  const exif = concatBytes(new TextEncoder().encode('Exif\0\0'), cameraExif(width, height));
  const scan = new Uint8Array(scanBytes);
  for (let i = 0; i < scan.length; i++) scan[i] = (i * 2654435761) >>> 24 === 0xff ? 0 : (i * 2654435761) >>> 24;
  return concatBytes(
    [0xff, 0xd8, 0xff, 0xe1],
    u16(exif.length + 2),
    exif,
    [0xff, 0xc0, 0, 17, 8],
    u16(height),
    u16(width),
    [3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1],
    [0xff, 0xda, 0, 12, 3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3f, 0],
    scan,
    [0xff, 0xd9],
  );
}

/** A 100 MB strip TIFF whose IFD0 sits at the end of the file, after the image data. */
export function largeTiff(totalBytes: number): Uint8Array {
  const width = 5000;
  const height = Math.floor((totalBytes - 4096) / (width * 3));
  const block = exifBlock({
    ifd0: [
      { tag: 0x0100, type: TYPE.LONG, value: [width] },
      { tag: 0x0101, type: TYPE.LONG, value: [height] },
      { tag: 0x0102, type: TYPE.SHORT, value: [8, 8, 8] },
      { tag: 0x0103, type: TYPE.SHORT, value: [1] },
      { tag: 0x0106, type: TYPE.SHORT, value: [2] },
      { tag: 0x010f, type: TYPE.ASCII, value: 'Phase One' },
      { tag: 0x0110, type: TYPE.ASCII, value: 'IQ4 150MP' },
      { tag: 0x0111, type: TYPE.LONG, value: [8] },
      { tag: 0x0115, type: TYPE.SHORT, value: [3] },
      { tag: 0x0116, type: TYPE.LONG, value: [height] },
      { tag: 0x0117, type: TYPE.LONG, value: [width * height * 3] },
    ],
  });
  // Move IFD0 to the end: header, pixel data, then the block's IFD and values (offsets shifted).
  const pixels = width * height * 3;
  const file = new Uint8Array(8 + pixels + block.length - 8);
  file.set(block.subarray(0, 8));
  const shift = pixels;
  const tail = Uint8Array.from(block.subarray(8));
  const view = new DataView(tail.buffer);
  const count = view.getUint16(0, false);
  for (let i = 0; i < count; i++) {
    const at = 2 + i * 12;
    const type = view.getUint16(at + 2, false);
    const n = view.getUint32(at + 4, false);
    const size = n * ({ 1: 1, 2: 1, 3: 2, 4: 4, 5: 8 } as Record<number, number>)[type]!;
    if (size > 4) view.setUint32(at + 8, view.getUint32(at + 8, false) + shift, false);
  }
  file.set(tail, 8 + pixels);
  new DataView(file.buffer).setUint32(4, 8 + pixels, false);
  return file;
}

/** Writes a file of `size` bytes that is zeros but for its parts: sparse on disk, so a 2 GB movie costs no space. */
function writeSparse(path: string, file: { size: number; parts: { offset: number; bytes: Uint8Array }[] }): void {
  const fd = openSync(path, 'w');
  try {
    for (const part of file.parts) writeSync(fd, part.bytes, 0, part.bytes.length, part.offset);
    ftruncateSync(fd, file.size);
  } finally {
    closeSync(fd);
  }
}

/** Camera files at their real sizes: what a photographer's RAWs and a phone's long video weigh. */
export function writeCameraFiles(dir: string): { name: string; path: string }[] {
  const files = [
    {
      name: 'generated 48 MB NEF (2 MB preview)',
      path: join(dir, 'generated-48mb.nef'),
      bytes: () => nef({ preview: previewJpeg(6048, 4024, 2 * 1024 * 1024), rawDataBytes: 46 * 1024 * 1024 }),
    },
    {
      name: 'generated 60 MB CR3 (PRVW preview)',
      path: join(dir, 'generated-60mb.cr3'),
      bytes: () => cr3({ preview: previewJpeg(1620, 1080, 300 * 1024), mdatBytes: 60 * 1024 * 1024 }),
    },
  ];
  for (const file of files) writeFileSync(file.path, file.bytes());
  const moviePath = join(dir, 'generated-2gb.mov');
  writeSparse(moviePath, largeMovie({ width: 3840, height: 2160, rotation: 90, durationSeconds: 600, frameRate: 30, codec: 'hvc1' }, 2 * 1024 ** 3));
  return [...files.map(({ name, path }) => ({ name, path })), { name: 'generated 2 GB MOV (moov at the end, sparse)', path: moviePath }];
}

export function writeLargeFiles(dir: string): { name: string; path: string }[] {
  const files = [
    { name: 'generated 12 MP JPEG (4000x3000, 6 MB)', path: join(dir, 'generated-12mp.jpg'), bytes: () => largeJpeg(4000, 3000, 6 * 1024 * 1024) },
    { name: 'generated 48 MP JPEG (8000x6000, 24 MB)', path: join(dir, 'generated-48mp.jpg'), bytes: () => largeJpeg(8000, 6000, 24 * 1024 * 1024) },
    { name: 'generated 100 MB TIFF (IFD at the end)', path: join(dir, 'generated-100mb.tif'), bytes: () => largeTiff(100 * 1024 * 1024) },
  ];
  for (const file of files) writeFileSync(file.path, file.bytes());
  return files.map(({ name, path }) => ({ name, path }));
}
