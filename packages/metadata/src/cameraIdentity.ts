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
export function reconcileCamera(camera: Pick<CameraInfo, 'make' | 'model' | 'software'>, exif: ExifMetadata | null, xmp: XmpValues | null): CameraInfo {
  let lensModel: string | null = null;
  let lensSource: CameraInfo['lensSource'] = null;
  if (exif?.lens.exif) [lensModel, lensSource] = [exif.lens.exif, 'exif'];
  else if (xmp?.lens) [lensModel, lensSource] = [xmp.lens, 'xmp'];
  else if (exif?.lens.makerNote) [lensModel, lensSource] = [exif.lens.makerNote, 'makernote'];
  else {
    const specification = exif?.lens.specification ? formatLensSpecification(exif.lens.specification) : null;
    if (specification) [lensModel, lensSource] = [specification, 'specification'];
  }
  let serialNumber: string | null = null;
  let serialNumberSource: CameraInfo['serialNumberSource'] = null;
  if (exif?.serial.exif) [serialNumber, serialNumberSource] = [exif.serial.exif, 'exif'];
  else if (exif?.serial.makerNote) [serialNumber, serialNumberSource] = [exif.serial.makerNote, 'makernote'];
  else if (xmp?.serialNumber) [serialNumber, serialNumberSource] = [xmp.serialNumber, 'xmp'];
  // One shape for every photo's camera (the metadata is walked and serialised for each).
  return { make: camera.make, model: camera.model, lensModel, lensSource, serialNumber, serialNumberSource, software: camera.software };
}

/** The camera facts of a file with no EXIF or XMP: reconcileCamera's answer for nothing, without asking each source. */
export function noCamera(): CameraInfo {
  return { make: null, model: null, lensModel: null, lensSource: null, serialNumber: null, serialNumberSource: null, software: null };
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
