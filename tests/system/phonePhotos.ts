/**
 * Generated stand-ins for phone photos: 12 MP JPEGs of 3–5 MB with a real EXIF block (camera, lens,
 * exposure, capture time, GPS), as a dozen dropped on the page would be. The texture is noise over
 * gradients, so that the JPEG is as large as a photo's, and each seed gives other bytes.
 */
import sharp from 'sharp';

export interface PhonePhotoOptions {
  seed: number;
  width?: number;
  height?: number;
  /** JPEG quality: 75 gives about 3.1 MB at 12 MP, 80 (the default) 3.7 MB, 88 5.1 MB. */
  quality?: number;
  /** Also the camera's and lens's serial numbers and the owner's name, as some cameras write them. */
  identifying?: boolean;
}

export const IDENTIFYING = { bodySerialNumber: 'BODY-0042', lensSerialNumber: 'LENS-0043', ownerName: 'Jane Doe' } as const;

export const PHONE_PHOTO = { make: 'Google', model: 'Pixel 8', width: 4000, height: 3000 } as const;

export async function phonePhoto(options: PhonePhotoOptions): Promise<Buffer> {
  const width = options.width ?? PHONE_PHOTO.width;
  const height = options.height ?? PHONE_PHOTO.height;
  const pixels = Buffer.allocUnsafe(width * height * 3);
  let state = (options.seed * 2654435761 + 1) >>> 0;
  const hue = (options.seed * 47) % 256;
  for (let y = 0, i = 0; y < height; y++) {
    const vertical = (y * 255) / height;
    for (let x = 0; x < width; x++, i += 3) {
      state = (state * 1664525 + 1013904223) >>> 0;
      const noise = state >>> 27; // 0–31
      pixels[i] = ((x * 255) / width + hue + noise) & 255;
      pixels[i + 1] = (vertical + noise) & 255;
      pixels[i + 2] = (hue + noise * 2) & 255;
    }
  }
  const minute = String(options.seed % 60).padStart(2, '0');
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: options.quality ?? 80 })
    .withExif({
      IFD0: { Make: PHONE_PHOTO.make, Model: PHONE_PHOTO.model, Orientation: '1', DateTime: `2026:06:01 12:${minute}:00` },
      IFD2: {
        DateTimeOriginal: `2026:06:01 12:${minute}:00`,
        ExposureTime: '1/120',
        FNumber: '17/10',
        ISOSpeedRatings: '50',
        FocalLength: '690/100',
        LensModel: 'Pixel 8 back camera 6.9mm f/1.68',
        ...(options.identifying && {
          BodySerialNumber: IDENTIFYING.bodySerialNumber,
          LensSerialNumber: IDENTIFYING.lensSerialNumber,
          CameraOwnerName: IDENTIFYING.ownerName,
        }),
      },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 2400/100', GPSLongitudeRef: 'E', GPSLongitude: '2/1 21/1 300/100' },
    })
    .toBuffer();
}
