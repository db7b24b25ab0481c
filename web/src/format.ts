/** How the page writes numbers a photographer reads. Pure functions, unit-tested. */

/** 0.004 → "1/250 s"; 2 → "2 s"; 0.3 → "0.3 s". */
export function formatExposure(seconds: number | null | undefined): string | null {
  if (seconds === null || seconds === undefined || !(seconds > 0)) return null;
  if (seconds >= 0.3) return `${trim(seconds, 1)} s`;
  return `1/${Math.round(1 / seconds)} s`;
}

export function formatFNumber(value: number | null | undefined): string | null {
  return value ? `f/${trim(value, 1)}` : null;
}

export function formatIso(value: number | null | undefined): string | null {
  return value ? `ISO ${value}` : null;
}

export function formatFocalLength(mm: number | null | undefined, equivalent35?: number | null): string | null {
  if (!mm) return null;
  return equivalent35 && equivalent35 !== Math.round(mm) ? `${trim(mm, 2)} mm (${equivalent35} mm equiv.)` : `${trim(mm, 2)} mm`;
}

/** 43.4671, 11.8845 → "43.467° N, 11.885° E". */
export function formatCoordinates(latitude: number, longitude: number): string {
  const part = (value: number, positive: string, negative: string) => `${Math.abs(value).toFixed(3)}° ${value < 0 ? negative : positive}`;
  return `${part(latitude, 'N', 'S')}, ${part(longitude, 'E', 'W')}`;
}

export function formatAltitude(metres: number | null | undefined): string | null {
  if (metres === null || metres === undefined) return null;
  return metres < 0 ? `${trim(-metres, 1)} m below sea level` : `${trim(metres, 1)} m`;
}

export function openStreetMapUrl(latitude: number, longitude: number): string {
  return `https://www.openstreetmap.org/?mlat=${latitude.toFixed(6)}&mlon=${longitude.toFixed(6)}#map=15/${latitude.toFixed(5)}/${longitude.toFixed(5)}`;
}

/** 1536 → "1.5 KB"; binary units, as file managers show them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${trim(value, value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function formatDimensions(width: number, height: number): string {
  return `${width} × ${height}`;
}

const OFFSET_SOURCES: Record<string, string> = { gps: 'from GPS', xmp: 'from XMP' };
const TIME_SOURCES: Record<string, string> = { CreateDate: 'digitized', 'XMP:DateCreated': 'from XMP', GPSDateTime: 'GPS clock' };

/**
 * "2019-10-20T18:34:30.42" + "+02:00" → "2019-10-20 18:34:30.42 (UTC+02:00)": the camera's own
 * clock, its sub-seconds, and where the time or its offset came from when not from the camera's
 * EXIF ("UTC+02:00, from GPS"; "digitized").
 */
export function formatCaptureTime(
  dateTime: string | null | undefined,
  offset?: string | null,
  sources: { offsetSource?: string | null; dateTimeSource?: string | null } = {},
): string | null {
  if (!dateTime) return null;
  const text = dateTime.replace('T', ' ');
  const notes = [offset ? `UTC${offset}` : null, sources.offsetSource ? OFFSET_SOURCES[sources.offsetSource] : null].filter(Boolean).join(', ');
  const timeSource = sources.dateTimeSource ? TIME_SOURCES[sources.dateTimeSource] : undefined;
  return [text, notes && `(${notes})`, timeSource && `— ${timeSource}`].filter(Boolean).join(' ');
}

const LENS_SOURCES: Record<string, string> = { makernote: 'from maker notes', specification: 'from its specification', xmp: 'from XMP' };

/** The lens, and where it came from when not from EXIF: "EF-S18-55mm f/3.5-5.6 IS (from maker notes)". */
export function formatLens(lens: string | null | undefined, source?: string | null): string | null {
  if (!lens) return null;
  const note = source ? LENS_SOURCES[source] : undefined;
  return note ? `${lens} (${note})` : lens;
}

const ORIENTATIONS: Record<number, string> = {
  1: 'Normal',
  2: 'Mirrored horizontally',
  3: 'Rotated 180°',
  4: 'Mirrored vertically',
  5: 'Mirrored, rotated 90° counter-clockwise',
  6: 'Rotated 90° clockwise',
  7: 'Mirrored, rotated 90° clockwise',
  8: 'Rotated 90° counter-clockwise',
};

export function formatOrientation(value: number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return ORIENTATIONS[value] ?? `Unknown (${value})`;
}

function trim(value: number, digits: number): string {
  return String(Number(value.toFixed(digits)));
}

/** A video's length: "0:04", "1:25", "1:02:03"; under ten seconds with a tenth ("4.3 s"). */
export function formatDuration(seconds: number | null | undefined): string | null {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return null;
  if (seconds < 10) return `${(Math.round(seconds * 10) / 10).toFixed(1)} s`;
  const whole = Math.round(seconds);
  const [h, m, s] = [Math.floor(whole / 3600), Math.floor((whole % 3600) / 60), whole % 60];
  const pad = (n: number) => String(n).padStart(2, '0');
  return h ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/** Frames per second, to the hundredth: "29.97 fps", "30 fps". */
export function formatFrameRate(fps: number | null | undefined): string | null {
  if (fps === null || fps === undefined || !Number.isFinite(fps) || fps <= 0) return null;
  return `${Math.round(fps * 100) / 100} fps`;
}
