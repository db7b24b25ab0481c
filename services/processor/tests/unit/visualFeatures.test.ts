import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bytesSource, extractMetadata } from '@image-pipeline/metadata';
import sharp from 'sharp';
import { bmp, jpeg } from '../../../../packages/metadata/tests/fixtures/images';
import { jxl, movie, nef, orf } from '../../../../packages/metadata/tests/fixtures/cameraFiles';
import { computeVisual, DEFAULT_VISUAL_LIMITS, dominantColorsOf, visualPlan } from '../../src/visual/visualFeatures';
import { corpusPath } from '../../../../tests/corpus';

/** Bits that differ between two hex perceptual hashes (0 = same picture, 64 = unrelated). */
function hashDistance(a: string, b: string): number {
  let diff = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let count = 0;
  while (diff) {
    count += Number(diff & 1n);
    diff >>= 1n;
  }
  return count;
}

const CORPUS = corpusPath();
const metadataOf = (bytes: Uint8Array) => extractMetadata(bytesSource(bytes));
/** A JPEG header claiming a size, with hardly any image data: what decompression bombs look like. */
const claimedJpeg = (width: number, height: number) => jpeg({ width, height });

describe('visual features', () => {
  it('gives the eight EXIF orientations of one photo the same thumbnail, the right way up', async () => {
    const visuals = [];
    for (let orientation = 1; orientation <= 8; orientation++) {
      visuals.push(await computeVisual(readFileSync(join(CORPUS, `rec_Landscape_${orientation}.jpg`)), 'jpeg', DEFAULT_VISUAL_LIMITS));
    }
    const reference = visuals[0]!;
    expect(reference).toMatchObject({ thumbnailWidth: 320, thumbnailHeight: 213 });
    for (const visual of visuals) {
      expect(visual).toMatchObject({ thumbnailWidth: 320, thumbnailHeight: 213 });
      expect(hashDistance(visual.perceptualHash, reference.perceptualHash)).toBeLessThanOrEqual(4);
    }
    // The hash does see orientation: the same photo turned 90° is far from it.
    const turned = await sharp(readFileSync(join(CORPUS, 'rec_Landscape_1.jpg')))
      .rotate(90)
      .jpeg()
      .toBuffer();
    const turnedVisual = await computeVisual(turned, 'jpeg', DEFAULT_VISUAL_LIMITS);
    expect(hashDistance(turnedVisual.perceptualHash, reference.perceptualHash)).toBeGreaterThan(16);
  });

  it('turns a RAW’s embedded preview by the RAW’s orientation, whatever the preview says, for all eight', async () => {
    const reference = await computeVisual(readFileSync(join(CORPUS, 'rec_Landscape_1.jpg')), 'jpeg', DEFAULT_VISUAL_LIMITS);
    for (let orientation = 1; orientation <= 8; orientation++) {
      // The stored pixels of orientation k, re-encoded without their EXIF: a camera's preview.
      const stored = await sharp(readFileSync(join(CORPUS, `rec_Landscape_${orientation}.jpg`)))
        .jpeg()
        .toBuffer();
      const visual = await computeVisual(stored, 'jpeg', DEFAULT_VISUAL_LIMITS, { orientation });
      expect(visual).toMatchObject({ thumbnailWidth: 320, thumbnailHeight: 213 });
      expect(hashDistance(visual.perceptualHash, reference.perceptualHash)).toBeLessThanOrEqual(4);
    }
  });

  it('makes a JPEG thumbnail of at most 320 px, a 64-bit hash and up to five colours that add up', async () => {
    const visual = await computeVisual(readFileSync(join(CORPUS, 'ian_gps_DSCN0010.jpg')), 'jpeg', DEFAULT_VISUAL_LIMITS);
    expect(Math.max(visual.thumbnailWidth, visual.thumbnailHeight)).toBe(320);
    expect([...visual.thumbnail.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect(visual.perceptualHash).toMatch(/^[0-9a-f]{16}$/);
    expect(visual.dominantColors.length).toBeGreaterThan(0);
    expect(visual.dominantColors.length).toBeLessThanOrEqual(5);
    for (const color of visual.dominantColors) expect(color.hex).toMatch(/^#[0-9a-f]{6}$/);
    expect(visual.dominantColors.reduce((sum, c) => sum + c.share, 0)).toBeLessThanOrEqual(1.001);
  });

  it.each([
    'mei_webpvp8.webp',
    'mei_Alpha_Lossy_1.webp',
    'mei_32Bit-72dpi-sRGB-800x600.avif',
    'exifr_002.tiff',
    'mei_Issue_201.gif',
    'et_PNG.png',
    'exifr_heic-iphone7.heic',
    'ian_heic_iphone_13_pro_max.heic',
  ])('makes a thumbnail of %s, no side longer than the image or 320 px', async (file) => {
    const bytes = readFileSync(join(CORPUS, file));
    const { file: info, image } = await metadataOf(bytes);
    const visual = await computeVisual(bytes, info.format, DEFAULT_VISUAL_LIMITS);
    expect([...visual.thumbnail.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect(Math.max(visual.thumbnailWidth, visual.thumbnailHeight)).toBe(Math.min(320, Math.max(image.displayWidth, image.displayHeight)));
    expect(visual.perceptualHash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('finds the colours of a two-colour image with their shares', () => {
    const data = new Uint8Array(4 * 4 * 4);
    for (let i = 0; i < 16; i++) data.set(i < 12 ? [255, 0, 0, 255] : [0, 0, 255, 255], i * 4);
    expect(dominantColorsOf({ data, width: 4, height: 4 })).toEqual([
      { hex: '#ff0000', share: 0.75 },
      { hex: '#0000ff', share: 0.25 },
    ]);
  });

  it.each([
    ['a WebP', 'mei_webpvp8.webp', 'decode'],
    ['an AVIF', 'mei_32Bit-72dpi-sRGB-800x600.avif', 'decode'],
    ['a JPEG', 'ian_Canon_40D.jpg', 'decode'],
    ['a HEIC (heic-decode, in a worker)', 'exifr_heic-iphone7.heic', 'decode'],
  ])('plans %s: %j', async (_name, file, plan) => {
    expect(visualPlan(await metadataOf(readFileSync(join(CORPUS, file))), DEFAULT_VISUAL_LIMITS)).toEqual(plan);
  });

  it('plans a BMP as UNSUPPORTED_FORMAT: libvips has no BMP loader', async () => {
    expect(visualPlan(await metadataOf(bmp({ width: 64, height: 48 })), DEFAULT_VISUAL_LIMITS)).toEqual({ skipped: 'UNSUPPORTED_FORMAT' });
  });

  it('plans a RAW as one read of its largest embedded JPEG, a video and a JPEG XL as skipped, a RAW without a preview as NO_PREVIEW', async () => {
    const raw = nef();
    const plan = visualPlan(await metadataOf(raw), DEFAULT_VISUAL_LIMITS);
    expect(plan).toEqual({ preview: { offset: expect.any(Number), length: 64 * 1024 } });
    expect(visualPlan(await metadataOf(movie({ width: 640, height: 480, durationSeconds: 1, frameRate: 30 })), DEFAULT_VISUAL_LIMITS)).toEqual({
      skipped: 'VIDEO',
    });
    // sharp's prebuilt libvips has no JPEG XL loader.
    expect(visualPlan(await metadataOf(jxl({ width: 64, height: 64 })), DEFAULT_VISUAL_LIMITS)).toEqual({ skipped: 'UNSUPPORTED_FORMAT' });
    expect(visualPlan(await metadataOf(orf()), DEFAULT_VISUAL_LIMITS)).toEqual({ skipped: 'NO_PREVIEW' });
    expect(visualPlan(await metadataOf(raw), { ...DEFAULT_VISUAL_LIMITS, maxBytes: 1024 })).toEqual({ skipped: 'TOO_LARGE' });
  });

  it('turns a HEIC as its irot box says: the iPhone 13 photo stored 4032x3024, shown 3024x4032', async () => {
    const bytes = readFileSync(join(CORPUS, 'ian_heic_iphone_13_pro_max.heic'));
    const visual = await computeVisual(bytes, 'heif', DEFAULT_VISUAL_LIMITS);
    expect({ width: visual.thumbnailWidth, height: visual.thumbnailHeight }).toEqual({ width: 240, height: 320 });
  });

  it('skips, from the header alone, an image above the pixel or byte limits and a decompression bomb', async () => {
    expect(visualPlan(await metadataOf(claimedJpeg(8000, 6000)), DEFAULT_VISUAL_LIMITS)).toEqual({ skipped: 'TOO_LARGE' });
    expect(
      visualPlan(
        { file: { size: 30 * 1024 * 1024, format: 'jpeg', mimeType: 'image/jpeg' }, image: { width: 100, height: 100 } } as never,
        DEFAULT_VISUAL_LIMITS,
      ),
    ).toEqual({ skipped: 'TOO_LARGE' });
    expect(visualPlan(await metadataOf(claimedJpeg(6000, 6000)), DEFAULT_VISUAL_LIMITS)).toEqual({ skipped: 'SUSPICIOUS_COMPRESSION' });
  });
});
