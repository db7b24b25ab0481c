const DATE_PATTERN = /^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})/;

/**
 * An EXIF date (`YYYY:MM:DD HH:MM:SS`) as the camera's wall-clock time in ISO 8601
 * (`YYYY-MM-DDTHH:MM:SS`), never shifted to UTC; null when it is not a real date and time.
 */
export function parseExifDate(text: string | null): string | null {
  // A photo's date tags (often all the same text) are each asked for several times: the last answer is kept.
  if (text === last.text) return last.date;
  const date = parse(text);
  last.text = text;
  last.date = date;
  return date;
}

const last: { text: string | null; date: string | null } = { text: null, date: null };

function parse(text: string | null): string | null {
  const match = text ? DATE_PATTERN.exec(text.trim()) : null;
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const hour = Number(match[4]);
  const minute = Number(match[5]);
  const second = Number(match[6]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  return `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}`;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
