import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bytesSource, countingSource, extractMetadata, isMetadataError } from '../src';
import { HEAD_BYTES } from '../src/readers/rangeReader';
import { BROKEN_FILES } from '../../../tests/corpus';
import { COMPARED_FIELDS, CORPUS_DIR, flatten, loadCorpus, sameValue, type ComparedField } from './corpus/corpus';

/**
 * Known divergences from ExifTool, each with its reason. Empty means every compared cell agrees.
 * Shape: { 'file name': { field: 'reason' } }.
 */
const KNOWN_DIVERGENCES: Record<string, Partial<Record<ComparedField, string>>> = {};

/**
 * The corpus's lensModel and offsetTimeOriginal are the EXIF IFD's tags alone. Where it has none,
 * ours may come from the maker notes, XMP, the lens specification or the GPS clock: those cells are
 * compared with ExifTool's reading of those places in identityAndTime.test.ts, not here.
 */
const FILLED_FROM_ELSEWHERE: readonly ComparedField[] = ['lensModel', 'offsetTimeOriginal', 'dateTimeOriginal'];

/** Files ExifTool reads no dimensions from: the code we answer instead, and why. */
const EXPECTED_ERRORS = BROKEN_FILES;

const corpus = loadCorpus();
const names = Object.keys(corpus).sort();

describe('the shared corpus, against ExifTool', () => {
  it('has 120 files', () => {
    expect(names).toHaveLength(120);
  });

  it.each(names)('%s', async (name) => {
    const expected = corpus[name]!;
    const bytes = readFileSync(join(CORPUS_DIR, name));
    const { source, stats } = countingSource(bytesSource(bytes));
    let metadata;
    try {
      metadata = await extractMetadata(source);
    } catch (error) {
      if (!isMetadataError(error)) throw error;
      expect({ name, code: error.code }).toEqual({ name, code: EXPECTED_ERRORS[name]?.code });
      // What ExifTool still reads of it, the refusal says too: the file's type.
      expect({ name, format: error.metadata?.file.format ?? null, mimeType: error.metadata?.file.mimeType ?? null }).toEqual({
        name,
        format: expected.format,
        mimeType: expected.mimeType,
      });
      return;
    }
    expect(EXPECTED_ERRORS[name]).toBeUndefined();
    const flat = flatten(metadata);
    const compared = COMPARED_FIELDS.filter((field) => !(FILLED_FROM_ELSEWHERE.includes(field) && expected[field] === null));
    const differences = compared
      .filter((field) => !KNOWN_DIVERGENCES[name]?.[field] && !sameValue(field, expected[field], flat[field]))
      .map((field) => ({ field, exiftool: expected[field], ours: flat[field] }));
    expect(differences).toEqual([]);
    // Never more than four reads for any corpus file; one when the whole file fits the first read (64 KB).
    expect(stats.reads).toBeLessThanOrEqual(bytes.length <= HEAD_BYTES ? 1 : 4);
  });

  // Bytes in memory are answered at once, without reads; what counts as held (a frame count past
  // the first read, a PNG walk past the image data) must still be what ranged reads would hold.
  it.each(names)('%s: the same answer from bytes in memory as from ranged reads', async (name) => {
    const bytes = readFileSync(join(CORPUS_DIR, name));
    const answer = (source: Parameters<typeof extractMetadata>[0]) =>
      extractMetadata(source).catch((error: unknown) => (isMetadataError(error) ? { code: error.code, metadata: error.metadata } : Promise.reject(error)));
    expect(await answer(bytesSource(bytes))).toEqual(await answer(countingSource(bytesSource(bytes)).source));
  });

  it('lists no divergence for a file that is not in the corpus', () => {
    expect(Object.keys(KNOWN_DIVERGENCES).filter((name) => !corpus[name])).toEqual([]);
    expect(Object.keys(EXPECTED_ERRORS).filter((name) => !corpus[name])).toEqual([]);
  });
});
