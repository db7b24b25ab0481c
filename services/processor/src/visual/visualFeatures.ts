import type { ImageFormat, ImageMetadata } from '@image-pipeline/metadata';
import type { VisualFeatures } from '@image-pipeline/service-kit';
import { Jimp } from 'jimp';

export interface VisualLimits {
  /** Decode only images whose header claims at most this many pixels. */
  maxPixels: number;
  /** …and whose file is at most this large. */
  maxBytes: number;
}

export const DEFAULT_VISUAL_LIMITS: VisualLimits = { maxPixels: 40_000_000, maxBytes: 25 * 1024 * 1024 };
/** jpeg-js's memory budget per pixel, with a margin over what real photos need. */
const JPEG_DECODE_BYTES_PER_PIXEL = 24;
/** Longest side of a thumbnail, in pixels. */
export const THUMBNAIL_SIZE = 320;
const MAX_COLORS = 5;
/**
 * Fewer file bytes than one per this many claimed pixels is no real photo but a decompression bomb
 * (a 618-byte JPEG "of 6000x6000" makes the decoder allocate hundreds of MB before it fails).
 * Real images stay far above it: a blank 40 MP PNG is still about 150 KB.
 */
export const MAX_PIXELS_PER_FILE_BYTE = 1000;
/** The formats jimp decodes; WebP, HEIF and AVIF it cannot. */
const DECODABLE: ReadonlySet<ImageFormat> = new Set(['jpeg', 'png', 'gif', 'bmp', 'tiff']);

/**
 * Whether to decode, decided from the header alone: the decoded bitmap is 4 bytes per pixel
 * (160 MB at 40 MP), so nothing is decoded before its claimed size is known to fit.
 */
export function visualPlan(metadata: Pick<ImageMetadata, 'file' | 'image'>, limits: VisualLimits): 'decode' | Extract<VisualFeatures, { skipped: string }> {
  if (!DECODABLE.has(metadata.file.format)) return { skipped: 'UNSUPPORTED_FORMAT' };
  const pixels = metadata.image.width * metadata.image.height;
  if (pixels > limits.maxPixels || metadata.file.size > limits.maxBytes) return { skipped: 'TOO_LARGE' };
  if (pixels > metadata.file.size * MAX_PIXELS_PER_FILE_BYTE) return { skipped: 'SUSPICIOUS_COMPRESSION' };
  return 'decode';
}

export interface ComputedVisual {
  thumbnail: Uint8Array;
  thumbnailWidth: number;
  thumbnailHeight: number;
  perceptualHash: string;
  dominantColors: { hex: string; share: number }[];
}

/**
 * Decodes the image (EXIF orientation applied), and derives a JPEG thumbnail of at most 320 px, a
 * 64-bit perceptual hash (hex) and up to five dominant colours with their share of the image.
 * Call only after visualPlan said 'decode'; throws if the bytes do not decode.
 */
export async function computeVisual(bytes: Uint8Array, limits: VisualLimits): Promise<ComputedVisual> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  // Jimp.fromBuffer (unlike Jimp.read) applies the decoders' own limits: a second guard.
  const image = await Jimp.fromBuffer(buffer, {
    // jpeg-js counts 256 bytes per 8x8 block and component, the RGBA output and line buffers: about
    // 12 bytes per pixel for a 4:2:0 photo, 21 for 4:4:4 (pnpm bench:visual).
    'image/jpeg': { maxResolutionInMP: limits.maxPixels / 1e6, maxMemoryUsageInMB: Math.ceil((limits.maxPixels * JPEG_DECODE_BYTES_PER_PIXEL) / 1e6) },
  });
  const perceptualHash = binaryToHex(image.pHash());
  if (image.bitmap.width > THUMBNAIL_SIZE || image.bitmap.height > THUMBNAIL_SIZE) image.scaleToFit({ w: THUMBNAIL_SIZE, h: THUMBNAIL_SIZE });
  const dominantColors = dominantColorsOf(image.bitmap);
  const thumbnail = await image.getBuffer('image/jpeg', { quality: 80 });
  return { thumbnail, thumbnailWidth: image.bitmap.width, thumbnailHeight: image.bitmap.height, perceptualHash, dominantColors };
}

/** Counts colours in 3-bit-per-channel buckets (transparent pixels ignored); the biggest five, averaged. */
export function dominantColorsOf(bitmap: { data: Uint8Array | Buffer; width: number; height: number }): { hex: string; share: number }[] {
  const buckets = new Map<number, { count: number; r: number; g: number; b: number }>();
  let total = 0;
  const data = bitmap.data;
  for (let i = 0; i + 3 < data.length; i += 4) {
    if (data[i + 3]! < 128) continue;
    const r = data[i]!;
    const g = data[i + 1]!;
    const b = data[i + 2]!;
    const key = ((r >> 5) << 6) | ((g >> 5) << 3) | (b >> 5);
    const bucket = buckets.get(key) ?? { count: 0, r: 0, g: 0, b: 0 };
    bucket.count += 1;
    bucket.r += r;
    bucket.g += g;
    bucket.b += b;
    buckets.set(key, bucket);
    total += 1;
  }
  return [...buckets.values()]
    .sort((a, b) => b.count - a.count)
    .slice(0, MAX_COLORS)
    .map((bucket) => ({
      hex: `#${[bucket.r, bucket.g, bucket.b].map((sum) => Math.round(sum / bucket.count).toString(16).padStart(2, '0')).join('')}`,
      share: Math.round((bucket.count / total) * 1000) / 1000,
    }));
}

function binaryToHex(bits: string): string {
  return BigInt(`0b${bits.padEnd(64, '0').slice(0, 64)}`).toString(16).padStart(16, '0');
}

/** Bits that differ between two hex perceptual hashes (0 = same picture, 64 = unrelated). */
export function hashDistance(a: string, b: string): number {
  let diff = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let count = 0;
  while (diff) {
    count += Number(diff & 1n);
    diff >>= 1n;
  }
  return count;
}
