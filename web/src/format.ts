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

/** "2019-10-20T18:34:30" + "+02:00" → "2019-10-20 18:34:30 (UTC+02:00)": the camera's own clock. */
export function formatCaptureTime(dateTime: string | null | undefined, offset?: string | null): string | null {
  if (!dateTime) return null;
  const text = dateTime.replace('T', ' ');
  return offset ? `${text} (UTC${offset})` : text;
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
