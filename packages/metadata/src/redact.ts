import type { ExifGroups, ImageMetadata } from './types';

/** What a private upload may have removed, named as the API lists it. */
export const Redaction = {
  location: 'location',
  serialNumbers: 'serialNumbers',
  ownerName: 'ownerName',
} as const;
export type Redaction = (typeof Redaction)[keyof typeof Redaction];

export interface RedactOptions {
  /** Coordinates and every GPS tag. */
  location: boolean;
  /** Camera and lens serial numbers and the camera owner's name. */
  identifiers: boolean;
}

/**
 * EXIF tags naming a serial number, by their names in `exif` (or their hex key when unnamed):
 * BodySerialNumber 0xA431 and LensSerialNumber 0xA435 (EXIF 2.3), DNG's CameraSerialNumber
 * 0xC62F, and the older SerialNumber 0xFDE9 that Photoshop writes.
 */
const SERIAL_TAGS = new Set(['BodySerialNumber', 'LensSerialNumber', 'CameraSerialNumber', 'SerialNumber', '0xa431', '0xa435', '0xc62f', '0xfde9']);
const OWNER_TAGS = new Set(['CameraOwnerName', '0xa430']);
/** A maker's private block: opaque here, and where many cameras keep their serial number. */
const MAKER_NOTE_TAGS = new Set(['MakerNote', '0x927c']);

/**
 * Removes what identifies where a photo was taken or whose camera took it, and says which of those
 * the photo actually carried. Pure: returns new objects, the input is left as it was.
 */
export function redactMetadata(metadata: ImageMetadata, options: RedactOptions): { metadata: ImageMetadata; redacted: Redaction[] } {
  const redacted: Redaction[] = [];
  let { location, camera, exif } = metadata;
  if (options.location && (location !== null || exif.GPSInfo !== undefined)) {
    redacted.push(Redaction.location);
    location = null;
    const { GPSInfo: _removed, ...rest } = exif;
    exif = rest;
  }
  if (options.identifiers) {
    const serials = withoutTags(exif, SERIAL_TAGS);
    if (serials.removed || camera.serialNumber) redacted.push(Redaction.serialNumbers);
    const owner = withoutTags(serials.exif, OWNER_TAGS);
    if (owner.removed) redacted.push(Redaction.ownerName);
    exif = withoutTags(owner.exif, MAKER_NOTE_TAGS).exif;
    if (camera.serialNumber !== undefined) camera = { ...camera, serialNumber: null };
  }
  return { metadata: { ...metadata, location, camera, exif }, redacted };
}

function withoutTags(exif: ExifGroups, tags: ReadonlySet<string>): { exif: ExifGroups; removed: boolean } {
  let removed = false;
  const groups: ExifGroups = {};
  for (const [group, values] of Object.entries(exif)) {
    const kept = Object.entries(values).filter(([name]) => !tags.has(name));
    removed ||= kept.length !== Object.keys(values).length;
    if (kept.length) groups[group] = Object.fromEntries(kept);
  }
  return { exif: removed ? groups : exif, removed };
}
