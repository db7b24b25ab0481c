/**
 * The one way tests and benchmarks find `../shared/corpus` (real photos with ExifTool's reading
 * of each), beside the repository root; read in place, never copied into the repository.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const CORPUS_DIR = resolve(__dirname, '..', '..', 'shared', 'corpus');

/** A path inside the corpus, or a clear error when the corpus is absent. */
export function corpusPath(name = ''): string {
  if (!existsSync(CORPUS_DIR)) throw new Error(`The shared corpus is absent: expected ${CORPUS_DIR} (../shared/corpus beside the repository root)`);
  return join(CORPUS_DIR, name);
}

/** A corpus file's bytes. */
export function corpusFile(name: string): Buffer {
  return readFileSync(corpusPath(name));
}

/**
 * The corpus's broken files (ExifTool reads no dimensions from them): the code the core answers,
 * why, and, for those the uploader already refuses, its code there.
 */
export const BROKEN_FILES: Record<string, { code: string; reason: string; refusedAtUpload?: string }> = {
  'brk_empty.jpg': { code: 'UNSUPPORTED_TYPE', reason: 'zero bytes carry no image signature', refusedAtUpload: 'EMPTY_FILE' },
  'brk_not_an_image.jpg': { code: 'UNSUPPORTED_TYPE', reason: 'text named .jpg: judged by magic bytes, not by name', refusedAtUpload: 'UNSUPPORTED_TYPE' },
  'brk_jpeg_cut_in_exif.jpg': { code: 'CORRUPT_IMAGE', reason: 'cut inside APP1, before any frame header' },
  'brk_tiff_cut.tiff': { code: 'CORRUPT_IMAGE', reason: 'IFD0 is cut off: no width or height' },
  'brk_heic_cut_in_meta.heic': { code: 'CORRUPT_IMAGE', reason: 'the meta box is cut before ispe' },
};
