import { spawnSync } from 'node:child_process';

import type { ExpectedFile } from './corpus';

/**
 * ExifTool's reading of any files, normalised to the corpus's fields exactly as the corpus README
 * describes `expected.json`: the same three ExifTool passes, the same tags, the same rules. With it
 * the corpus comparison runs on files nobody prepared (`pnpm compare:exiftool <file|folder…>`).
 */
export type OracleFile = Omit<ExpectedFile, 'size'>;

const COMMON = ['-json', '-G1', '-q', '-q', '-api', 'largefilesupport=1'];
/** Text tags are read with a \x01 prefix, so that ExifTool's JSON writer cannot turn "1.10" into a number. */
const AS_TEXT = ['-api', 'Filter=$_="\\x01$_"'];
const TEXT_MARK = '\u0001';
const PASSES: string[][] = [
  [
    ...COMMON,
    '-n',
    '-File:FileType',
    '-File:MIMEType',
    '-Composite:ImageSize',
    '-IFD0:Orientation',
    '-QuickTime:Rotation',
    '-Composite:Rotation',
    '-QuickTime:GPSCoordinates',
    '-ExifIFD:ExposureTime',
    '-ExifIFD:FNumber',
    '-ExifIFD:ISO',
    '-ExifIFD:FocalLength',
    '-GPS:GPSLatitude',
    '-GPS:GPSLatitudeRef',
    '-GPS:GPSLongitude',
    '-GPS:GPSLongitudeRef',
    '-GPS:GPSAltitude',
    '-GPS:GPSAltitudeRef',
    '-Composite:GPSLatitude',
    '-Composite:GPSLongitude',
    '-Composite:GPSAltitude',
    '-ExifIFD:ColorSpace',
    '-ExifTool:Error',
    '-ExifTool:Warning',
  ],
  [
    ...COMMON,
    ...AS_TEXT,
    '-IFD0:Make',
    '-IFD0:Model',
    '-ExifIFD:LensModel',
    '-IFD0:Software',
    '-IFD0:Artist',
    '-IFD0:Copyright',
    '-ExifIFD:DateTimeOriginal',
    '-ExifIFD:OffsetTimeOriginal',
    '-ICC_Profile:ProfileDescription',
    // A movie's own: Apple's keys and the classic user data.
    '-QuickTime:CreationDate',
    '-QuickTime:CreateDate',
    '-QuickTime:Make',
    '-QuickTime:Model',
    '-QuickTime:Software',
  ],
  [...COMMON, '-use', 'MWG', ...AS_TEXT, '-MWG:Description', '-MWG:Keywords', '-MWG:Rating', '-MWG:Creator', '-XMP-dc:Title', '-IPTC:ObjectName'],
];

const FORMATS: Record<string, string> = {
  JPEG: 'jpeg',
  PNG: 'png',
  APNG: 'png',
  GIF: 'gif',
  TIFF: 'tiff',
  BTF: 'tiff',
  WEBP: 'webp',
  'Extended WEBP': 'webp',
  HEIC: 'heif',
  HEIF: 'heif',
  AVIF: 'avif',
  BMP: 'bmp',
  JXL: 'jxl',
  'JXL Codestream': 'jxl',
  DNG: 'dng',
  CR2: 'cr2',
  NEF: 'nef',
  NRW: 'nrw',
  ARW: 'arw',
  ORF: 'orf',
  RW2: 'rw2',
  PEF: 'pef',
  CR3: 'cr3',
  RAF: 'raf',
  MOV: 'mov',
  MP4: 'mp4',
  M4V: 'm4v',
  '3GP': '3gp',
  '3G2': '3g2',
};
const VIDEO = new Set(['mov', 'mp4', 'm4v', '3gp', '3g2']);

/** Runs ExifTool over the files (in batches) and returns each file's normalised reading by path. */
export function readWithExiftool(paths: string[]): Map<string, OracleFile> {
  const raw = new Map<string, Record<string, unknown>>(paths.map((path) => [path, {}]));
  for (let start = 0; start < paths.length; start += 200) {
    const batch = paths.slice(start, start + 200);
    for (const pass of PASSES) {
      const result = spawnSync('exiftool', [...pass, ...batch], { encoding: 'utf8', maxBuffer: 256 << 20 });
      if (result.error) throw new Error(`ExifTool could not run (apt-get install libimage-exiftool-perl): ${result.error.message}`);
      for (const entry of JSON.parse(result.stdout || '[]') as Record<string, unknown>[]) {
        const path = entry.SourceFile as string;
        Object.assign(raw.get(path) ?? {}, entry);
      }
    }
  }
  return new Map([...raw].map(([path, tags]) => [path, normalise(tags)]));
}

function normalise(tags: Record<string, unknown>): OracleFile {
  const text = (tag: string): string | null => {
    const value = tags[tag];
    if (value === undefined || value === null) return null;
    const string = (Array.isArray(value) ? value.join(', ') : String(value)).replaceAll(TEXT_MARK, '').trim();
    return string === '' ? null : string;
  };
  const list = (tag: string): string[] | null => {
    const value = tags[tag];
    if (value === undefined || value === null) return null;
    const items = (Array.isArray(value) ? value : [value]).map((item) => String(item).replaceAll(TEXT_MARK, '').trim()).filter(Boolean);
    return items.length ? items : null;
  };
  const number = (tag: string): number | null => {
    const value = tags[tag];
    if (typeof value === 'number') return value;
    if (typeof value !== 'string' || value.replaceAll(TEXT_MARK, '').trim() === '') return null;
    const first = Number(value.replaceAll(TEXT_MARK, '').trim().split(/\s+/)[0]);
    return Number.isFinite(first) ? first : null;
  };

  /** A movie's make, model or software: Apple's keys first, then the ©mak-style user data. */
  const movieText = (tag: string) => text(`Keys:${tag}`) ?? text(`UserData:${tag}`);
  /** Apple's creationdate carries its offset; the movie header's time is UTC. */
  const movieOffset = () => {
    const created = text('Keys:CreationDate');
    if (created) return /([+-]\d{2}:\d{2}|Z)$/.exec(created)?.[1]?.replace('Z', '+00:00') ?? null;
    return isoDate(text('QuickTime:CreateDate')) ? '+00:00' : null;
  };
  const fileType = text('File:FileType');
  const format = fileType ? (FORMATS[fileType] ?? null) : null;
  const mimeType = text('File:MIMEType');
  const [width, height] = (text('Composite:ImageSize') ?? '').split(/[ x]/).map(Number);
  const orientation = number('IFD0:Orientation');
  const video = format !== null && VIDEO.has(format);
  const rotation = video ? number('Composite:Rotation') : number('QuickTime:Rotation');
  const turned =
    format === 'heif' || format === 'avif' || video ? rotation === 90 || rotation === 270 : orientation !== null && orientation >= 5 && orientation <= 8;
  const hasSize = Number.isFinite(width) && Number.isFinite(height) && width! > 0 && height! > 0;

  const latitude = number('GPS:GPSLatitude');
  const longitude = number('GPS:GPSLongitude');
  let altitude = number('GPS:GPSAltitude');
  if (altitude !== null && number('GPS:GPSAltitudeRef') === 1) altitude = -altitude;
  // A movie's place: Apple's key or the ©xyz user data, "lat lon [alt]".
  const movieGps = video ? (text('Keys:GPSCoordinates') ?? text('UserData:GPSCoordinates')) : null;
  const [movieLatitude, movieLongitude, movieAltitude] = (movieGps ?? '').split(/\s+/).map(Number);
  const gps = movieGps
    ? { latitude: movieLatitude!, longitude: movieLongitude!, altitude: Number.isFinite(movieAltitude) ? movieAltitude! : null }
    : latitude === null || longitude === null
      ? null
      : {
          latitude: /^S/i.test(text('GPS:GPSLatitudeRef') ?? '') ? -latitude : latitude,
          longitude: /^W/i.test(text('GPS:GPSLongitudeRef') ?? '') ? -longitude : longitude,
          altitude,
        };

  return {
    format,
    mimeType: mimeType?.startsWith('image/') || (video && mimeType?.startsWith('video/')) ? mimeType : null,
    width: hasSize ? width! : null,
    height: hasSize ? height! : null,
    displayWidth: hasSize ? (turned ? height! : width!) : null,
    displayHeight: hasSize ? (turned ? width! : height!) : null,
    orientation,
    make: video ? movieText('Make') : text('IFD0:Make'),
    model: video ? movieText('Model') : text('IFD0:Model'),
    lensModel: text('ExifIFD:LensModel'),
    dateTimeOriginal: video ? isoDate(text('Keys:CreationDate') ?? text('QuickTime:CreateDate')) : isoDate(text('ExifIFD:DateTimeOriginal')),
    offsetTimeOriginal: video ? movieOffset() : text('ExifIFD:OffsetTimeOriginal'),
    exposureTime: number('ExifIFD:ExposureTime'),
    fNumber: number('ExifIFD:FNumber'),
    iso: number('ExifIFD:ISO'),
    focalLength: number('ExifIFD:FocalLength'),
    gps,
    software: video ? movieText('Software') : text('IFD0:Software'),
    artist: text('IFD0:Artist'),
    copyright: text('IFD0:Copyright'),
    iccProfileDescription: text('ICC_Profile:ProfileDescription'),
    title: text('XMP-dc:Title') ?? text('IPTC:ObjectName'),
    description: text('MWG:Description'),
    keywords: list('MWG:Keywords'),
    rating: number('MWG:Rating'),
    creator: list('MWG:Creator'),
    exiftoolError: text('ExifTool:Error'),
    exiftoolWarning: text('ExifTool:Warning'),
  };
}

/**
 * "YYYY:MM:DD HH:MM:SS…" as local ISO 8601 without zone or sub-seconds; null unless a real date.
 * Not the core's parseExifDate on purpose: the oracle shares no code with what it judges.
 */
function isoDate(value: string | null): string | null {
  const match = value && /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  const date = new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo! - 1 || date.getUTCDate() !== d || h! > 23 || mi! > 59 || s! > 59) return null;
  return `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}`;
}

/** What ExifTool reads of the camera's identity and the capture time, by the core's order of places (cameraIdentity.ts, captureTime.ts). */
export interface IdentityReading {
  lensModel: string | null;
  serialNumber: string | null;
  /** ExifTool's SubSecDateTimeOriginal (local, with the fraction), else CreateDate, else the XMP date. */
  dateTimeOriginal: string | null;
  offsetTimeOriginal: string | null;
  /** GPSDateStamp + GPSTimeStamp, UTC, `YYYY-MM-DDTHH:MM:SS`. */
  gpsDateTime: string | null;
}

/**
 * Without the text filter of the second pass: it reaches the values before ExifTool's print
 * conversions (a Panasonic serial's, a lens specification's), which then see "\x01…" and give up.
 * Numbers printed as JSON numbers here (a serial of digits) keep their digits: ExifTool quotes any
 * with a leading zero.
 */
const IDENTITY_PASS = [
  ...COMMON,
  '-ExifIFD:LensModel',
  '-XMP-aux:Lens',
  '-XMP-exifEX:LensModel',
  '-MakerNotes:LensModel',
  '-Panasonic:LensType',
  '-ExifIFD:LensInfo',
  '-Nikon:Lens',
  '-ExifIFD:SerialNumber',
  '-MakerNotes:SerialNumber',
  '-MakerNotes:InternalSerialNumber',
  '-XMP-aux:SerialNumber',
  '-ExifIFD:DateTimeOriginal',
  '-ExifIFD:SubSecTimeOriginal',
  '-ExifIFD:CreateDate',
  '-ExifIFD:SubSecTimeDigitized',
  '-ExifIFD:OffsetTimeOriginal',
  '-ExifIFD:OffsetTimeDigitized',
  '-GPS:GPSDateStamp',
  '-GPS:GPSTimeStamp',
  '-XMP-photoshop:DateCreated',
  '-XMP-xmp:CreateDate',
];
/** The makers whose maker-note lens text and serial number the core reads (makerNotes.ts). */
const LENS_GROUPS = ['Canon', 'Olympus'];
const SERIAL_GROUPS = ['Canon', 'Nikon', 'Olympus', 'Pentax', 'Samsung'];
const INTERNAL_SERIAL_GROUPS = ['Canon', 'Panasonic', 'FujiFilm'];

/** ExifTool's reading of lens, serial and time, one batch per 200 files. */
export function readIdentityWithExiftool(paths: string[]): Map<string, IdentityReading> {
  const readings = new Map<string, IdentityReading>();
  for (let start = 0; start < paths.length; start += 200) {
    const result = spawnSync('exiftool', [...IDENTITY_PASS, ...paths.slice(start, start + 200)], { encoding: 'utf8', maxBuffer: 64 << 20 });
    if (result.error) throw new Error(`ExifTool could not run: ${result.error.message}`);
    for (const tags of JSON.parse(result.stdout || '[]') as Record<string, unknown>[]) readings.set(tags.SourceFile as string, identity(tags));
  }
  for (const path of paths)
    if (!readings.has(path)) readings.set(path, { lensModel: null, serialNumber: null, dateTimeOriginal: null, offsetTimeOriginal: null, gpsDateTime: null });
  return readings;
}

function identity(tags: Record<string, unknown>): IdentityReading {
  const text = (tag: string): string | null => {
    const value = tags[tag];
    if (value === undefined || value === null) return null;
    const string = String(value).replaceAll(TEXT_MARK, '').trim();
    return string === '' ? null : string;
  };
  const first = (...names: string[]) => names.map(text).find((value) => value !== null) ?? null;
  const lensModel = first(
    'ExifIFD:LensModel',
    'XMP-aux:Lens',
    'XMP-exifEX:LensModel',
    ...LENS_GROUPS.map((g) => `${g}:LensModel`),
    'Panasonic:LensType',
    'ExifIFD:LensInfo',
    'Nikon:Lens',
  );
  const serialNumber = first(
    'ExifIFD:SerialNumber',
    ...SERIAL_GROUPS.map((g) => `${g}:SerialNumber`),
    ...INTERNAL_SERIAL_GROUPS.map((g) => `${g}:InternalSerialNumber`),
    'XMP-aux:SerialNumber',
  );
  // ExifTool's SubSecDateTimeOriginal, from the EXIF IFD's own tags (its composite may take a maker note's date).
  const withSubSec = (date: string | null, subSec: string | null) => (date && subSec && /^\d+$/.test(subSec) ? `${date}.${subSec}` : date);
  const original = text('ExifIFD:DateTimeOriginal');
  const subSec = withSubSec(original, text('ExifIFD:SubSecTimeOriginal'));
  const created = withSubSec(text('ExifIFD:CreateDate'), text('ExifIFD:SubSecTimeDigitized'));
  const xmpDate = first('XMP-photoshop:DateCreated', 'XMP-xmp:CreateDate');
  const local = (value: string | null) => {
    const match = value && /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d+)?/.exec(value);
    return match ? `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}${match[7] ?? ''}` : null;
  };
  // An XMP date's zone, as ExifTool prints it ("…Z", "…+02:00").
  const xmpZone = xmpDate ? (/(Z|[+-]\d{2}:\d{2})$/.exec(xmpDate)?.[1]?.replace('Z', '+00:00') ?? null) : null;
  const gpsDate = text('GPS:GPSDateStamp');
  const gpsTime = text('GPS:GPSTimeStamp');
  const gpsDateTime =
    gpsDate && gpsTime
      ? local(
          `${gpsDate} ${gpsTime
            .split(':')
            .map((part) => part.split('.')[0]!.padStart(2, '0'))
            .join(':')}`,
        )
      : null;
  return {
    lensModel,
    serialNumber,
    dateTimeOriginal: isoDate(subSec) ? local(subSec) : isoDate(created) ? local(created) : xmpDate ? local(xmpDate) : null,
    offsetTimeOriginal: isoDate(subSec) ? text('ExifIFD:OffsetTimeOriginal') : isoDate(created) ? text('ExifIFD:OffsetTimeDigitized') : xmpZone,
    gpsDateTime,
  };
}
