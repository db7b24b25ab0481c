/**
 * `pnpm bench:in-memory <file|folder…>`: the in-memory part of `pnpm bench` (ours, exifr, and
 * image-size + exif-reader, taking turns per file) over any image files, for instance a set of
 * photos nobody here has tuned for. BENCH_RUNS rounds per file (default 21). A peer that does not
 * finish a file within PEER_TIMEOUT_MS (probed in a worker thread first) is left out of that file
 * and named, instead of hanging the benchmark.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { filesFromArguments } from '../scripts/imageFiles';
import { measureInMemory, readByAllThree, type InMemoryRow } from './inMemory';
import { PEER_TIMEOUT_MS, PeerProbe } from './probePeers';
import { median } from './median';

const RUNS = Number(process.env.BENCH_RUNS ?? 21);

const ms = (value: number) => value.toFixed(3);

async function main(): Promise<void> {
  const files = filesFromArguments('pnpm bench:in-memory <file|folder…>');
  if (!files) return;
  const rows: InMemoryRow[] = [];
  const probe = new PeerProbe();
  const timedOut: string[] = [];
  for (const file of files) {
    const bytes = readFileSync(file);
    // Each peer once in a worker first: one that loops on this file is left out of it, not waited for.
    const exifrLoops = (await probe.probe('exifr', file)) === 'timed out';
    const lightLoops = (await probe.probe('image-size', file)) === 'timed out';
    if (exifrLoops) timedOut.push(`exifr on ${basename(file)}`);
    if (lightLoops) timedOut.push(`image-size on ${basename(file)}`);
    try {
      rows.push(await measureInMemory(basename(file), bytes, RUNS, { exifr: exifrLoops, light: lightLoops }));
    } catch {
      // A file we refuse has no time to compare.
    }
  }
  await probe.close();
  const allThree = readByAllThree(rows);
  console.log(`${files.length} files; ${allThree.length} read by all three tools; median of ${RUNS} interleaved rounds per file (Node ${process.version})`);
  console.log(
    `- median time: ours ${ms(median(allThree.map((r) => r.ours)))} ms, exifr ${ms(median(allThree.map((r) => r.exifr)))} ms, image-size + exif-reader ${ms(median(allThree.map((r) => r.light)))} ms`,
  );
  if (timedOut.length) console.log(`- timed out after ${PEER_TIMEOUT_MS / 1000} s and left out: ${timedOut.join(', ')}`);
  console.log(
    `- per file: ours / exifr median ${median(allThree.map((r) => r.ours / r.exifr)).toFixed(2)}×, ours / (image-size + exif-reader) median ${median(allThree.map((r) => r.ours / r.light)).toFixed(2)}×`,
  );
  // Where the ratios come from: the light pair reads no metadata block of a PNG (image-size alone).
  const formats = [...new Set(allThree.map((r) => r.format))].sort();
  console.log('- per format (files: ours / exifr, ours / (image-size + exif-reader), per-file medians):');
  for (const format of formats) {
    const ofFormat = allThree.filter((r) => r.format === format);
    console.log(
      `  - ${format}: ${ofFormat.length} files, ${median(ofFormat.map((r) => r.ours / r.exifr)).toFixed(2)}×, ${median(ofFormat.map((r) => r.ours / r.light)).toFixed(2)}×`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
