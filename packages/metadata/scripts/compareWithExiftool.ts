/**
 * `pnpm compare:exiftool <file|folder…>`: reads any image files with the core and with ExifTool
 * (the corpus's three passes and rules, see tests/corpus/exiftoolOracle.ts) and scores the core as
 * the corpus README scores an extractor: agreement on the cells where ExifTool has a value, classic
 * and descriptive fields apart, with the reads each file took. Lists every disagreement.
 * Needs ExifTool: apt-get install libimage-exiftool-perl.
 */
import { countingSource, extractMetadata, isMetadataError, type ImageMetadata } from '../src';
import { openFileSource } from '../src/readers/fileByteSource';
import { COMPARED_FIELDS, flatten, sameValue, type ComparedField } from '../tests/corpus/corpus';
import { readWithExiftool } from '../tests/corpus/exiftoolOracle';
import { filesFromArguments } from './imageFiles';

const DESCRIPTIVE: readonly ComparedField[] = ['title', 'description', 'keywords', 'rating', 'creator'];
/** The bound on reads per file (each is an S3 round trip). */
const MAX_READS = 4;

interface Tally {
  agreed: number;
  cells: number;
}

async function main(): Promise<void> {
  const files = filesFromArguments('pnpm compare:exiftool <file|folder…>');
  if (!files) return;
  const oracle = readWithExiftool(files);
  const classic: Tally = { agreed: 0, cells: 0 };
  const descriptive: Tally = { agreed: 0, cells: 0 };
  const byField = new Map<ComparedField, string[]>();
  const refused: string[] = [];
  const reads: number[] = [];
  const manyReads: string[] = [];
  let maxBytes = { bytes: 0, file: '' };

  for (const file of files) {
    const expected = oracle.get(file)!;
    const opened = await openFileSource(file);
    const { source, stats } = countingSource(opened);
    let flat: Record<ComparedField, unknown> | null = null;
    try {
      flat = flatten(await extractMetadata(source));
    } catch (error) {
      if (!isMetadataError(error)) throw error;
      // A refusal still says what was read (the type, at least), as the CLI prints it.
      if (error.metadata) flat = flatten(error.metadata as ImageMetadata);
      if (expected.width !== null) refused.push(`${file}: ${error.code} (${error.message}); ExifTool reads ${expected.width}×${expected.height}`);
    } finally {
      await opened.close();
    }
    reads.push(stats.reads);
    if (stats.reads > MAX_READS) manyReads.push(`${file}: ${stats.reads} reads, ${stats.bytesRead} bytes of ${opened.size}`);
    if (stats.bytesRead > maxBytes.bytes) maxBytes = { bytes: stats.bytesRead, file };
    for (const field of COMPARED_FIELDS) {
      const want = expected[field];
      if (want === null || want === undefined) continue;
      const tally = DESCRIPTIVE.includes(field) ? descriptive : classic;
      tally.cells++;
      const got = flat ? flat[field] : null;
      if (sameValue(field, want, got)) tally.agreed++;
      else byField.set(field, [...(byField.get(field) ?? []), `${file}: ExifTool ${JSON.stringify(want)}, ours ${JSON.stringify(got)}`]);
    }
  }

  const percent = (tally: Tally) => (tally.cells ? ((100 * tally.agreed) / tally.cells).toFixed(2) : '–');
  for (const [field, misses] of byField) {
    console.log(`\n${field}: ${misses.length} disagreement(s)`);
    for (const miss of misses) console.log(`  ${miss}`);
  }
  if (manyReads.length) console.log(`\nOver ${MAX_READS} reads:\n  ${manyReads.join('\n  ')}`);
  if (refused.length) console.log(`\nRefused where ExifTool reads a size:\n  ${refused.join('\n  ')}`);
  const sortedReads = [...reads].sort((a, b) => a - b);
  console.log(`\n${files.length} files against ExifTool`);
  console.log(`- classic fields: ${percent(classic)} % of ${classic.cells} cells where ExifTool has a value`);
  console.log(`- descriptive fields: ${percent(descriptive)} % of ${descriptive.cells} cells`);
  console.log(
    `- reads per file: median ${sortedReads[Math.floor(sortedReads.length / 2)]}, max ${sortedReads[sortedReads.length - 1]}; most bytes ${maxBytes.bytes} (${maxBytes.file})`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
