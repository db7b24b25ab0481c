/**
 * `pnpm bench:in-memory <file|folder…>`: the in-memory part of `pnpm bench` (ours, exifr, and
 * image-size + exif-reader, taking turns per file) over any image files, for instance a set of
 * photos nobody here has tuned for. BENCH_RUNS rounds per file (default 21).
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { filesFromArguments } from '../scripts/imageFiles';
import { measureInMemory, type InMemoryRow } from './inMemory';

const RUNS = Number(process.env.BENCH_RUNS ?? 21);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (value: number) => value.toFixed(3);

async function main(): Promise<void> {
  const files = filesFromArguments('pnpm bench:in-memory <file|folder…>');
  if (!files) return;
  const rows: InMemoryRow[] = [];
  for (const file of files) {
    const bytes = readFileSync(file);
    try {
      rows.push(await measureInMemory(basename(file), bytes, RUNS));
    } catch {
      // A file we refuse has no time to compare.
    }
  }
  const allThree = rows.filter((row): row is InMemoryRow & { exifr: number; light: number } => row.exifr !== null && row.light !== null);
  console.log(`${files.length} files; ${allThree.length} read by all three tools; median of ${RUNS} interleaved rounds per file (Node ${process.version})`);
  console.log(
    `- median time: ours ${ms(median(allThree.map((r) => r.ours)))} ms, exifr ${ms(median(allThree.map((r) => r.exifr)))} ms, image-size + exif-reader ${ms(median(allThree.map((r) => r.light)))} ms`,
  );
  console.log(
    `- per file: ours / exifr median ${median(allThree.map((r) => r.ours / r.exifr)).toFixed(2)}×, ours / (image-size + exif-reader) median ${median(allThree.map((r) => r.ours / r.light)).toFixed(2)}×`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
