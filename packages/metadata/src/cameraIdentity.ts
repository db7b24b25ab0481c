import type { ExifMetadata } from './blocks/exif/exifMetadata';
import type { XmpValues } from './blocks/xmp';
import type { CameraInfo } from './types';

/**
 * The lens and the body's serial number, from wherever the photo has them, in this order. Lens:
 * EXIF LensModel (never overridden), XMP's lens (aux:Lens, exifEX:LensModel), the maker note's
 * lens text, else the lens specification (EXIF LensSpecification, Nikon's Lens) written as ExifTool
 * writes it: "18-55mm f/3.5-5.6". A name is never guessed from a numeric lens id. Serial: EXIF
 * BodySerialNumber, the maker note's, XMP aux:SerialNumber.
 */
export function reconcileCamera(camera: CameraInfo, exif: ExifMetadata | null, xmp: XmpValues | null): CameraInfo {
  const specification = exif?.lens.specification ? formatLensSpecification(exif.lens.specification) : null;
  const lenses: [CameraInfo['lensSource'], string | null | undefined][] = [
    ['exif', exif?.lens.exif],
    ['xmp', xmp?.lens],
    ['makernote', exif?.lens.makerNote],
    ['specification', specification],
  ];
  const serials: [CameraInfo['serialNumberSource'], string | null | undefined][] = [
    ['exif', exif?.serial.exif],
    ['makernote', exif?.serial.makerNote],
    ['xmp', xmp?.serialNumber],
  ];
  const [lensSource, lensModel] = lenses.find(([, value]) => value) ?? [null, null];
  const [serialNumberSource, serialNumber] = serials.find(([, value]) => value) ?? [null, null];
  return { ...camera, lensModel: lensModel ?? null, lensSource, serialNumber: serialNumber ?? null, serialNumberSource };
}

/** ExifTool's PrintLensInfo: "18-55mm f/3.5-5.6", "24mm f/2.8"; null without a focal length. */
export function formatLensSpecification(values: (number | null)[]): string | null {
  const [short, long, wide, narrow] = values.map((value) => (typeof value === 'number' && Number.isFinite(value) ? Number(value.toPrecision(15)) : null));
  if (!short || wide === null || wide === undefined) return null;
  let text = `${short}`;
  if (long && long !== short) text += `-${long}`;
  text += `mm f/${wide}`;
  if (narrow && narrow !== wide) text += `-${narrow}`;
  return text;
}
