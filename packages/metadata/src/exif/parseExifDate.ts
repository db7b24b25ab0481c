const DATE_PATTERN = /^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})/;

/**
 * An EXIF date (`YYYY:MM:DD HH:MM:SS`) as the camera's wall-clock time in ISO 8601
 * (`YYYY-MM-DDTHH:MM:SS`), never shifted to UTC; null when it is not a real date and time.
 */
export function parseExifDate(text: string | null): string | null {
  const match = text ? DATE_PATTERN.exec(text.trim()) : null;
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  return `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}`;
}
