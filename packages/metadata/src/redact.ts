import type { ExifGroups, ImageMetadata } from './types';

/**
 * What a photo's metadata may lose to privacy, named as the API lists it in `redacted`. Browser-safe
 * (no imports but types): the page reads the tag lists below from here too.
 */
export const Redacted = {
  location: 'location',
  serialNumbers: 'serialNumbers',
  ownerName: 'ownerName',
} as const;
export type Redacted = (typeof Redacted)[keyof typeof Redacted];

export interface RedactOptions {
  /** A private upload: its location, serial numbers and owner's name are removed. */
  private: boolean;
  /** The server removes every photo's location (REDACT_LOCATION), private or not. */
  location: boolean;
}

/**
 * EXIF tags naming a serial number, by their names in `exif` (or their hex key when unnamed):
 * BodySerialNumber 0xA431 and LensSerialNumber 0xA435 (EXIF 2.3), DNG's CameraSerialNumber
 * 0xC62F, the older SerialNumber 0xFDE9 that Photoshop writes; and in the `MakerNotes` group the
 * makers' SerialNumber, InternalSerialNumber and LensSerialNumber.
 */
export const SERIAL_NUMBER_TAGS: readonly string[] = [
  'BodySerialNumber',
  'LensSerialNumber',
  'CameraSerialNumber',
  'SerialNumber',
  'InternalSerialNumber',
  '0xa431',
  '0xa435',
  '0xc62f',
  '0xfde9',
];
/** EXIF 2.3's CameraOwnerName 0xA430. */
export const OWNER_NAME_TAGS: readonly string[] = ['CameraOwnerName', '0xa430'];
/** A maker's private block: opaque here, and where many cameras keep their serial number. */
const MAKER_NOTE_TAGS = new Set(['MakerNote', '0x927c']);
/** GPS tags that say nothing about where: a GPS block holding only these carries no location. */
const GPS_TAGS_WITHOUT_LOCATION = new Set(['GPSVersionID', '0x0000']);

/**
 * Removes what identifies where a photo was taken or whose camera took it, and says which of those
 * the photo actually carried. Pure: returns new objects, the input is left as it was.
 */
export function redactMetadata(metadata: ImageMetadata, options: RedactOptions): { metadata: ImageMetadata; redacted: Redacted[] } {
  const redacted: Redacted[] = [];
  let { location, camera, exif } = metadata;
  if (options.location || options.private) {
    const gpsTags = Object.keys(exif.GPSInfo ?? {});
    if (location !== null || gpsTags.some((tag) => !GPS_TAGS_WITHOUT_LOCATION.has(tag))) redacted.push(Redacted.location);
    location = null;
    if (exif.GPSInfo !== undefined) {
      const { GPSInfo: _removed, ...rest } = exif;
      exif = rest;
    }
  }
  if (options.private) {
    const serials = withoutTags(exif, new Set(SERIAL_NUMBER_TAGS));
    if (serials.removed || camera.serialNumber) redacted.push(Redacted.serialNumbers);
    const owner = withoutTags(serials.exif, new Set(OWNER_NAME_TAGS));
    if (owner.removed) redacted.push(Redacted.ownerName);
    exif = withoutTags(owner.exif, MAKER_NOTE_TAGS).exif;
    // Whichever place it came from (EXIF, a maker note, XMP aux:SerialNumber).
    if (camera.serialNumber !== undefined) camera = { ...camera, serialNumber: null, serialNumberSource: null };
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
