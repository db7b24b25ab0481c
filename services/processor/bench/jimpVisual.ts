/**
 * The visual step as it was with jimp 1.6 (before sharp), kept only as the benchmark's peer:
 * a full decode on the JavaScript thread, then hash, scale, colours and JPEG encode.
 */
import { Jimp } from 'jimp';
import { dominantColorsOf, THUMBNAIL_SIZE, type VisualLimits } from '../src/visual/visualFeatures';

export async function jimpVisual(bytes: Uint8Array, limits: VisualLimits): Promise<{ thumbnail: Uint8Array; perceptualHash: string }> {
  const image = await Jimp.fromBuffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), {
    'image/jpeg': { maxResolutionInMP: limits.maxPixels / 1e6, maxMemoryUsageInMB: Math.ceil((limits.maxPixels * 24) / 1e6) },
  });
  const perceptualHash = image.pHash();
  image.scaleToFit({ w: THUMBNAIL_SIZE, h: THUMBNAIL_SIZE });
  dominantColorsOf(image.bitmap);
  return { thumbnail: await image.getBuffer('image/jpeg', { quality: 80 }), perceptualHash };
}
