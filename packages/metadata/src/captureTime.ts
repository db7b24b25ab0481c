import { parseExifDate } from './blocks/exif/parseExifDate';

/** Where a photo's capture time came from, named as ExifTool names the tag. */
export type DateTimeSource = 'DateTimeOriginal' | 'CreateDate' | 'XMP:DateCreated' | 'GPSDateTime' | 'QuickTime:CreationDate' | 'QuickTime:CreateDate';
/** Where its offset from UTC came from: the EXIF offset tags, derived from the GPS clock, the XMP date's zone, a movie's own. */
export type OffsetSource = 'exif' | 'gps' | 'xmp' | 'quicktime';

/** The time-related tags as found (text as written; the GPS time as hours, minutes, seconds). */
export interface TimeTags {
  dateTimeOriginal: string | null;
  subSecTimeOriginal: string | null;
  offsetTimeOriginal: string | null;
  createDate: string | null;
  subSecTimeDigitized: string | null;
  offsetTimeDigitized: string | null;
  gpsDateStamp: string | null;
  gpsTimeStamp: (number | null)[] | null;
  /** XMP photoshop:DateCreated or xmp:CreateDate. */
  xmpDateCreated: string | null;
}

/** A photo without any time tag. */
export const NO_TIME_TAGS: TimeTags = {
  dateTimeOriginal: null,
  subSecTimeOriginal: null,
  offsetTimeOriginal: null,
  createDate: null,
  subSecTimeDigitized: null,
  offsetTimeDigitized: null,
  gpsDateStamp: null,
  gpsTimeStamp: null,
  xmpDateCreated: null,
};

/** The time tags EXIF found, with XMP's date: what reconcileCaptureTime weighs (written out: spreads into a literal are V8's slow path). */
export function timeTagsOf(exif: Omit<TimeTags, 'xmpDateCreated'> | undefined, xmpDateCreated: string | null): TimeTags {
  const tags = exif ?? NO_TIME_TAGS;
  return {
    dateTimeOriginal: tags.dateTimeOriginal,
    subSecTimeOriginal: tags.subSecTimeOriginal,
    offsetTimeOriginal: tags.offsetTimeOriginal,
    createDate: tags.createDate,
    subSecTimeDigitized: tags.subSecTimeDigitized,
    offsetTimeDigitized: tags.offsetTimeDigitized,
    gpsDateStamp: tags.gpsDateStamp,
    gpsTimeStamp: tags.gpsTimeStamp,
    xmpDateCreated,
  };
}

export interface CaptureTime {
  /** Camera wall-clock time, ISO 8601 with the sub-seconds when recorded (`2019-10-26T16:07:24.54`). */
  dateTimeOriginal: string | null;
  dateTimeSource: DateTimeSource | null;
  /** `+02:00`. */
  offsetTimeOriginal: string | null;
  offsetSource: OffsetSource | null;
  /** The same instant in UTC (`…Z`), when the offset is known. */
  takenAtUtc: string | null;
}

/** A photo or movie whose time nothing gives. */
export const NO_CAPTURE_TIME: CaptureTime = { dateTimeOriginal: null, dateTimeSource: null, offsetTimeOriginal: null, offsetSource: null, takenAtUtc: null };

const OFFSET = /^([+-])(\d{2}):?(\d{2})$/;
/** Real offsets lie within ±14 h; a GPS clock further off is another day's, or wrong. */
const MAX_OFFSET_MINUTES = 14 * 60;
const OFFSET_STEP_MINUTES = 15;

/**
 * The capture time as ExifTool's SubSecDateTimeOriginal gives it, else the best fallback:
 * CreateDate (DateTimeDigitized), the XMP date, then the GPS date and time (UTC). The offset is
 * the EXIF offset of the tag used; else the XMP date's own zone; else, when the photo has a GPS
 * clock, the difference between the local time and it, rounded to 15 minutes.
 */
export function reconcileCaptureTime(tags: TimeTags): CaptureTime {
  const gps = gpsDateTime(tags.gpsDateStamp, tags.gpsTimeStamp);
  const original = parseExifDate(tags.dateTimeOriginal);
  const created = parseExifDate(tags.createDate);
  const xmp = parseXmpDate(tags.xmpDateCreated);
  let time: { local: string; source: DateTimeSource; offset: string | null; offsetSource: OffsetSource | null } | null = null;
  if (original) time = exifTime(withSubSeconds(original, tags.subSecTimeOriginal), 'DateTimeOriginal', tags.offsetTimeOriginal);
  else if (created) time = exifTime(withSubSeconds(created, tags.subSecTimeDigitized), 'CreateDate', tags.offsetTimeDigitized);
  else if (xmp) time = { local: xmp.local, source: 'XMP:DateCreated', offset: xmp.offset, offsetSource: xmp.offset ? 'xmp' : null };
  else if (gps) time = { local: gps, source: 'GPSDateTime', offset: '+00:00', offsetSource: 'gps' };
  if (!time) return NO_CAPTURE_TIME;
  if (!time.offset && gps) {
    const derived = offsetBetween(time.local, gps);
    if (derived) {
      time.offset = derived;
      time.offsetSource = 'gps';
    }
  }
  return captureTime(time.local, time.source, time.offset, time.offsetSource);
}

/** A movie's time, which its own tags place (Apple's with its offset, the movie header's in UTC). */
export function movieCaptureTime(local: string | null, offset: string | null, source: DateTimeSource): CaptureTime {
  return local ? captureTime(local, source, offset, offset ? 'quicktime' : null) : NO_CAPTURE_TIME;
}

/** A time placed: with its offset, also the instant in UTC. */
function captureTime(local: string, source: DateTimeSource, offset: string | null, offsetSource: OffsetSource | null): CaptureTime {
  return { dateTimeOriginal: local, dateTimeSource: source, offsetTimeOriginal: offset, offsetSource, takenAtUtc: offset ? toUtc(local, offset) : null };
}

/** ExifTool's SubSecDateTimeOriginal: the sub-seconds appended as written (digits only). */
function withSubSeconds(local: string, subSeconds: string | null): string {
  const digits = subSeconds?.trim();
  return digits && /^\d{1,9}$/.test(digits) ? `${local}.${digits}` : local;
}

/** An EXIF offset tag, as written when it is one (`+02:00`; some cameras write `+0200`). */
/** An EXIF time with its EXIF offset (OffsetTimeOriginal, OffsetTimeDigitized) when that is a real one. */
function exifTime(
  local: string,
  source: DateTimeSource,
  offsetTag: string | null,
): { local: string; source: DateTimeSource; offset: string | null; offsetSource: OffsetSource | null } {
  const match = offsetTag ? OFFSET.exec(offsetTag.trim()) : null;
  if (!match || Number(match[2]) > 14 || Number(match[3]) > 59) return { local, source, offset: null, offsetSource: null };
  return { local, source, offset: `${match[1]}${match[2]}:${match[3]}`, offsetSource: 'exif' };
}

/** An XMP date: ISO 8601 to the second at least, with its zone when it has one. */
function parseXmpDate(value: string | null): { local: string; offset: string | null } | null {
  const match = value ? /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.exec(value.trim()) : null;
  if (!match) return null;
  const local = parseExifDate(`${match[1]} ${match[2]}`);
  if (!local) return null;
  return { local: `${local}${match[3] ?? ''}`, offset: match[4] === 'Z' ? '+00:00' : (match[4] ?? null) };
}

/** GPSDateStamp and GPSTimeStamp as one UTC time, `YYYY-MM-DDTHH:MM:SS` (with the seconds' fraction). */
function gpsDateTime(date: string | null, time: (number | null)[] | null): string | null {
  if (!date || !time || time.length < 3) return null;
  const [hours, minutes, seconds] = time;
  if (![hours, minutes, seconds].every((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0)) return null;
  const whole = Math.floor(seconds!);
  const day = parseExifDate(`${date.trim()} ${pad(hours!)}:${pad(minutes!)}:${pad(whole)}`);
  if (!day) return null;
  const fraction = Math.round((seconds! - whole) * 1000);
  return fraction ? `${day}.${String(fraction).padStart(3, '0').replace(/0+$/, '')}` : day;
}

const pad = (value: number) => String(Math.floor(value)).padStart(2, '0');

/** Local minus UTC, rounded to 15 minutes, as `+HH:MM`; null beyond ±14 h. */
function offsetBetween(local: string, utc: string): string | null {
  const minutes = Math.round((Date.parse(`${local}Z`) - Date.parse(`${utc}Z`)) / 60_000 / OFFSET_STEP_MINUTES) * OFFSET_STEP_MINUTES;
  if (!Number.isFinite(minutes) || Math.abs(minutes) > MAX_OFFSET_MINUTES) return null;
  const sign = minutes < 0 ? '-' : '+';
  return `${sign}${pad(Math.abs(minutes) / 60)}:${pad(Math.abs(minutes) % 60)}`;
}

/** The local time at `offset` as UTC, ISO 8601 with `Z`, keeping the sub-seconds as written. */
function toUtc(local: string, offset: string): string | null {
  const match = OFFSET.exec(offset);
  const [whole, fraction = ''] = local.split('.');
  if (!match) return null;
  const shift = (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
  const instant = Date.parse(`${whole}Z`) - shift * 60_000;
  if (!Number.isFinite(instant)) return null;
  return `${new Date(instant).toISOString().slice(0, 19)}${fraction ? `.${fraction}` : ''}Z`;
}
