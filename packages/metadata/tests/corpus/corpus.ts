import { readFileSync } from 'node:fs';
import type { ImageMetadata } from '../../src';
import { CORPUS_DIR, corpusPath } from '../../../../tests/corpus';

export { CORPUS_DIR };

export interface ExpectedFile {
  size: number;
  format: string | null;
  mimeType: string | null;
  width: number | null;
  height: number | null;
  displayWidth: number | null;
  displayHeight: number | null;
  orientation: number | null;
  make: string | null;
  model: string | null;
  lensModel: string | null;
  dateTimeOriginal: string | null;
  offsetTimeOriginal: string | null;
  exposureTime: number | null;
  fNumber: number | null;
  iso: number | null;
  focalLength: number | null;
  gps: { latitude: number; longitude: number; altitude: number | null } | null;
  software: string | null;
  artist: string | null;
  copyright: string | null;
  iccProfileDescription: string | null;
  title: string | null;
  description: string | null;
  keywords: string[] | null;
  rating: number | null;
  creator: string[] | null;
  exiftoolError: string | null;
  exiftoolWarning: string | null;
}

/** The corpus's expected.json, or a clear error saying where it was looked for. */
export function loadCorpus(): Record<string, ExpectedFile> {
  const path = corpusPath('expected.json');
  return (JSON.parse(readFileSync(path, 'utf8')) as { files: Record<string, ExpectedFile> }).files;
}

export const COMPARED_FIELDS = [
  'format',
  'mimeType',
  'width',
  'height',
  'displayWidth',
  'displayHeight',
  'orientation',
  'make',
  'model',
  'lensModel',
  'dateTimeOriginal',
  'offsetTimeOriginal',
  'exposureTime',
  'fNumber',
  'iso',
  'focalLength',
  'gps',
  'software',
  'artist',
  'copyright',
  'iccProfileDescription',
  // Descriptive metadata, as ExifTool's MWG tags reconcile it (lists compared item by item, trimmed).
  'title',
  'description',
  'keywords',
  'rating',
  'creator',
] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];

/** Our metadata flattened to the corpus's field names. */
export function flatten(metadata: ImageMetadata): Record<ComparedField, unknown> {
  return {
    format: metadata.file.format,
    mimeType: metadata.file.mimeType,
    width: metadata.image.width,
    height: metadata.image.height,
    displayWidth: metadata.image.displayWidth,
    displayHeight: metadata.image.displayHeight,
    orientation: metadata.image.orientation,
    make: metadata.camera.make,
    model: metadata.camera.model,
    lensModel: metadata.camera.lensModel,
    dateTimeOriginal: metadata.capture.dateTimeOriginal,
    offsetTimeOriginal: metadata.capture.offsetTimeOriginal ?? null,
    exposureTime: metadata.capture.exposureTime,
    fNumber: metadata.capture.fNumber,
    iso: metadata.capture.iso,
    focalLength: metadata.capture.focalLength,
    gps: metadata.location,
    software: metadata.camera.software,
    artist: metadata.rights.artist,
    copyright: metadata.rights.copyright,
    iccProfileDescription: metadata.image.iccProfileDescription ?? null,
    title: metadata.descriptive.title,
    description: metadata.descriptive.description,
    keywords: metadata.descriptive.keywords,
    rating: metadata.descriptive.rating,
    creator: metadata.descriptive.creator,
  };
}

const normaliseString = (value: string) => value.trim().replace(/\s+/g, ' ');

/** The corpus README's tolerances: GPS 1e-6°, altitude 0.01 m, exposure 0.1 %, f-number and focal length 0.05. */
export function sameValue(field: ComparedField, expected: unknown, actual: unknown): boolean {
  if (expected === null || expected === undefined) return actual === null || actual === undefined;
  if (actual === null || actual === undefined) return false;
  switch (field) {
    case 'gps': {
      const e = expected as ExpectedFile['gps'] & object;
      const a = actual as ExpectedFile['gps'] & object;
      const altitudeMatches = e.altitude === null ? a.altitude === null : a.altitude !== null && Math.abs(a.altitude - e.altitude) <= 0.01;
      return Math.abs(a.latitude - e.latitude) <= 1e-6 && Math.abs(a.longitude - e.longitude) <= 1e-6 && altitudeMatches;
    }
    case 'exposureTime':
      return Math.abs((actual as number) - (expected as number)) <= Math.abs(expected as number) * 0.001;
    case 'fNumber':
    case 'focalLength':
      return Math.abs((actual as number) - (expected as number)) <= 0.05;
    case 'dateTimeOriginal':
      return String(actual).slice(0, 19) === String(expected).slice(0, 19);
    case 'keywords':
    case 'creator': {
      const e = expected as string[];
      const a = actual as string[];
      return Array.isArray(a) && a.length === e.length && e.every((item, i) => normaliseString(String(a[i])) === normaliseString(String(item)));
    }
    default:
      return typeof expected === 'string' ? typeof actual === 'string' && normaliseString(actual) === normaliseString(expected) : actual === expected;
  }
}
