import { RAW_FORMATS, VIDEO_FORMATS, type ImageFormat, type ImageMetadata } from '@image-pipeline/metadata';
import { DEFAULT_LIMITS, type VisualFeatures } from '@image-pipeline/service-kit';
import sharp from 'sharp';
import { decodeHeic } from './heicDecoder';

// Every image is decoded once: libvips' operation cache would only hold memory between invocations.
sharp.cache(false);

export interface VisualLimits {
  /** Decode only images whose header claims at most this many pixels. */
  maxPixels: number;
  /** …and whose file is at most this large. */
  maxBytes: number;
}

export const DEFAULT_VISUAL_LIMITS: VisualLimits = { maxPixels: DEFAULT_LIMITS.visualMaxPixels, maxBytes: DEFAULT_LIMITS.visualMaxBytes };
/** Longest side of a thumbnail, in pixels. */
export const THUMBNAIL_SIZE = 320;
const MAX_COLORS = 5;
/** The perceptual hash is the sign of the lowest 8x8 DCT frequencies of a 32x32 greyscale image. */
const HASH_INPUT_SIZE = 32;
const HASH_FREQUENCIES = 8;
/**
 * Fewer file bytes than one per this many claimed pixels is no real photo but a decompression bomb
 * (a 618-byte JPEG "of 6000x6000" makes a decoder allocate hundreds of MB before it fails).
 * Real images stay far above it: a blank 40 MP PNG is still about 150 KB.
 */
export const MAX_PIXELS_PER_FILE_BYTE = 1000;
/**
 * What sharp's prebuilt libvips decodes, and HEIC, which it cannot (its binaries carry no HEVC
 * decoder): heic-decode does, in a worker thread. Not BMP (libvips has no BMP loader of its own),
 * nor JPEG XL (sharp's prebuilt libvips is built without libjxl). A camera RAW is not decoded
 * either: its embedded JPEG preview is (visualPlan).
 */
const DECODABLE: ReadonlySet<ImageFormat> = new Set(['jpeg', 'png', 'gif', 'webp', 'tiff', 'avif', 'heif']);
/**
 * Decodes at once in one process. Each holds a libuv pool thread (4 by default) for its whole
 * pipeline; locally every function shares one process with S3's file I/O, which needs the rest.
 */
const CONCURRENT_DECODES = 2;

/**
 * Whether to decode, decided from the header alone: nothing is decoded before its claimed size is
 * known to fit.
 */
export function visualPlan(
  metadata: Pick<ImageMetadata, 'file' | 'image'>,
  limits: VisualLimits,
): 'decode' | { preview: { offset: number; length: number } } | Extract<VisualFeatures, { skipped: string }> {
  if (VIDEO_FORMATS.has(metadata.file.format)) return { skipped: 'VIDEO' };
  if (RAW_FORMATS.has(metadata.file.format)) {
    // One ranged read of the largest JPEG the RAW embeds; never the RAW itself.
    const preview = metadata.image.embeddedPreview;
    if (!preview) return { skipped: 'NO_PREVIEW' };
    return preview.length > limits.maxBytes ? { skipped: 'TOO_LARGE' } : { preview };
  }
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
 * sharp operations that turn pixels as an EXIF orientation says (flips and flops come before the
 * rotation in sharp's pipeline).
 */
function orient(image: sharp.Sharp, orientation: number): sharp.Sharp {
  const mirrored = orientation === 2 || orientation === 4 || orientation === 5 || orientation === 7;
  const turned = mirrored && orientation === 4 ? image.flip() : mirrored ? image.flop() : image;
  const angle = { 3: 180, 5: 270, 6: 90, 7: 90, 8: 270 }[orientation];
  return angle ? turned.rotate(angle) : turned;
}

/**
 * Decodes the image once, shrunk on load and turned by its EXIF orientation, to at most 320 px;
 * from that small image derives a JPEG thumbnail, a 64-bit perceptual hash (hex) and up to five
 * dominant colours with their share. The pixel work runs in libvips' threads, never on the
 * JavaScript thread. Call only after visualPlan said 'decode' (or gave a RAW's preview, decoded
 * with the RAW's `orientation`); throws if the bytes do not decode.
 */
export async function computeVisual(
  bytes: Uint8Array,
  format: ImageFormat,
  limits: VisualLimits,
  options: { orientation?: number | null } = {},
): Promise<ComputedVisual> {
  const small = await decodeSlots.run(async () => {
    const shrink = (image: sharp.Sharp) =>
      image.resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    if (format === 'heif') {
      // libheif has already turned the pixels as the file says (irot), so no EXIF rotation here.
      const pixels = await decodeHeic(bytes);
      if (pixels.width * pixels.height > limits.maxPixels) throw new Error(`HEIC decoded to ${pixels.width}x${pixels.height}, over the pixel limit`);
      return shrink(sharp(pixels.data, { raw: { width: pixels.width, height: pixels.height, channels: 4 } }));
    }
    // limitInputPixels is a second guard behind visualPlan; sequentialRead streams the decode.
    const image = sharp(bytes, { limitInputPixels: limits.maxPixels, sequentialRead: true, failOn: 'error' });
    // A RAW's preview is turned as the RAW says, whatever the preview's own EXIF says.
    return shrink(options.orientation !== undefined ? orient(image, options.orientation ?? 1) : image.rotate());
  });
  const { width, height } = small.info;
  const raw = { raw: { width, height, channels: 4 as const } };
  const [thumbnail, grey] = await Promise.all([
    sharp(small.data, raw).flatten({ background: '#ffffff' }).jpeg({ quality: 80 }).toBuffer(),
    sharp(small.data, raw)
      .flatten({ background: '#ffffff' })
      .resize(HASH_INPUT_SIZE, HASH_INPUT_SIZE, { fit: 'fill' })
      .greyscale()
      .extractChannel(0)
      .raw()
      .toBuffer(),
  ]);
  return {
    thumbnail: new Uint8Array(thumbnail.buffer, thumbnail.byteOffset, thumbnail.length),
    thumbnailWidth: width,
    thumbnailHeight: height,
    perceptualHash: perceptualHashOf(grey),
    dominantColors: dominantColorsOf({ data: small.data, width, height }),
  };
}

/**
 * The DCT perceptual hash of a 32x32 greyscale image: one bit per frequency of the lowest 8x8,
 * set where the coefficient is above their mean (the DC term left out of the mean).
 */
export function perceptualHashOf(grey: Uint8Array): string {
  const n = HASH_INPUT_SIZE;
  const k = HASH_FREQUENCIES;
  const cosines = Array.from({ length: k }, (_, u) => Array.from({ length: n }, (_, i) => Math.cos(((2 * i + 1) * u * Math.PI) / (2 * n))));
  // Separable DCT-II, only the frequencies kept: rows first, then columns.
  const rows = new Float64Array(n * k);
  for (let y = 0; y < n; y++) {
    for (let u = 0; u < k; u++) {
      let sum = 0;
      for (let x = 0; x < n; x++) sum += grey[y * n + x]! * cosines[u]![x]!;
      rows[y * k + u] = sum;
    }
  }
  const coefficients = new Float64Array(k * k);
  for (let v = 0; v < k; v++) {
    for (let u = 0; u < k; u++) {
      let sum = 0;
      for (let y = 0; y < n; y++) sum += rows[y * k + u]! * cosines[v]![y]!;
      coefficients[v * k + u] = sum * (u === 0 ? Math.SQRT1_2 : 1) * (v === 0 ? Math.SQRT1_2 : 1);
    }
  }
  const mean = (coefficients.reduce((total, value) => total + value, 0) - coefficients[0]!) / (k * k - 1);
  let hash = 0n;
  for (const value of coefficients) hash = (hash << 1n) | (value > mean ? 1n : 0n);
  return hash.toString(16).padStart(16, '0');
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
      hex: `#${[bucket.r, bucket.g, bucket.b]
        .map((sum) =>
          Math.round(sum / bucket.count)
            .toString(16)
            .padStart(2, '0'),
        )
        .join('')}`,
      share: Math.round((bucket.count / total) * 1000) / 1000,
    }));
}

/** At most `limit` tasks at once; the others wait their turn in order. */
class Slots {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}

const decodeSlots = new Slots(CONCURRENT_DECODES);
