/**
 * `pnpm bench`: the metadata core against exifr (the fastest JS EXIF reader) and a full jimp decode,
 * in the same process, over ../shared/corpus plus generated large files. Prints a table.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import exifr from 'exifr';
import { Jimp } from 'jimp';
import { countingSource } from '../src/readers/byteSource';
import { extractMetadata } from '../src/extract';
import { openFileSource } from '../src/readers/fileByteSource';
import { CORPUS_DIR, loadCorpus } from '../tests/corpus/corpus';
import { measureInMemory, readByAllThree, type InMemoryRow } from './inMemory';
import { median as medianOf } from './median';
import { writeCameraFiles, writeLargeFiles } from './largeFiles';

const RUNS = Number(process.env.BENCH_RUNS ?? 41);
const EXIFR_SAME_TAGS = { ifd1: true, interop: true, icc: true, userComment: true };
const JIMP_MAX_BYTES = 30 * 1024 * 1024;

interface Row {
  name: string;
  size: number;
  ours: number;
  exifr: number | null;
  exifrAll: number | null;
  /** exifr returned something (it throws on WebP and GIF and finds nothing in some JPEGs). */
  exifrRead: boolean;
  jimp: number | null;
  reads: number;
  bytesRead: number;
}

async function median(run: () => Promise<unknown>, runs = RUNS): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    await run();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

async function ours(path: string) {
  const file = await openFileSource(path);
  try {
    const counted = countingSource(file);
    await extractMetadata(counted.source).catch(() => undefined);
    return counted.stats;
  } finally {
    await file.close();
  }
}

/** Where a RAW's preview lies: the processor's thumbnail costs one ranged read of it. */
async function previewOf(path: string) {
  const file = await openFileSource(path);
  try {
    return (await extractMetadata(file)).image.embeddedPreview;
  } finally {
    await file.close();
  }
}

async function measure(name: string, path: string): Promise<Row> {
  const size = statSync(path).size;
  const stats = await ours(path);
  const exifrRead = Boolean(await exifr.parse(path).catch(() => undefined));
  // The three tools run in turn within each round, so that they share whatever the machine is
  // doing; exifr reads the file by itself too, with its defaults (IFD0, EXIF, GPS) and then set to
  // read what we read (also IFD1, Interop, the ICC profile, the user comment).
  const [oursMs, exifrMs, exifrAllMs] = await interleavedMedians([
    () => ours(path),
    () => exifr.parse(path).catch(() => undefined),
    () => exifr.parse(path, EXIFR_SAME_TAGS).catch(() => undefined),
  ]);
  let jimpMs: number | null = null;
  if (size <= JIMP_MAX_BYTES && /\.(jpe?g|png|gif|bmp|tiff?)$/i.test(path)) {
    try {
      await Jimp.read(path);
      jimpMs = await median(() => Jimp.read(path), 3);
    } catch {
      jimpMs = null;
    }
  }
  return { name, size, ours: oursMs!, exifr: exifrMs!, exifrAll: exifrAllMs!, exifrRead, jimp: jimpMs, reads: stats.reads, bytesRead: stats.bytesRead };
}

async function interleavedMedians(tasks: (() => Promise<unknown>)[]): Promise<number[]> {
  const times = tasks.map(() => [] as number[]);
  for (const task of tasks) await task(); // warm-up
  for (let run = 0; run < RUNS; run++) {
    for (let t = 0; t < tasks.length; t++) {
      const started = process.hrtime.bigint();
      await tasks[t]!();
      times[t]!.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  }
  return times.map((list) => medianOf(list));
}

const kb = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(0)} KB`);
const ms = (value: number | null) => (value === null ? '—' : value.toFixed(3));

function peakMemory(path?: string): { maxRssKb: number; reads: number; bytesRead: number } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'peakMemory.ts'), ...(path ? [path] : [])], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout);
}

async function main() {
  const names = Object.keys(loadCorpus())
    .filter((n) => !n.startsWith('brk_'))
    .sort();
  const dir = mkdtempSync(join(tmpdir(), 'bench-'));
  try {
    const large = [...writeLargeFiles(dir), ...writeCameraFiles(dir)];
    const rows: Row[] = [];
    for (const name of names) rows.push(await measure(name, join(CORPUS_DIR, name)));
    const largeRows: Row[] = [];
    for (const file of large) largeRows.push(await measure(file.name, file.path));

    console.log(
      `\nMetadata core vs exifr ${readPackageVersion('exifr')} and jimp ${readPackageVersion('jimp')} — Node ${process.version}, median of ${RUNS} runs, times in ms\n`,
    );
    console.log('| file | size | ours | exifr (default) | exifr (same tags) | jimp decode | reads | bytes read |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const row of [...rows, ...largeRows]) {
      const mark = row.exifrRead ? '' : ' (no result)';
      console.log(
        `| ${row.name} | ${kb(row.size)} | ${ms(row.ours)} | ${ms(row.exifr)}${mark} | ${ms(row.exifrAll)}${mark} | ${ms(row.jimp)} | ${row.reads} | ${kb(row.bytesRead)} |`,
      );
    }
    const all = [...rows, ...largeRows];
    // Only where exifr returned metadata: timing a thrown "Unknown file format" compares nothing.
    const comparable = all.filter((r) => r.exifrRead);
    const ratios = comparable.map((r) => r.ours / r.exifr!);
    const sameTagRatios = comparable.map((r) => r.ours / r.exifrAll!);
    const jimpRatios = all.filter((r) => r.jimp).map((r) => r.jimp! / r.ours);
    console.log('\nSummary');
    console.log(
      `- exifr returned nothing for ${all.length - comparable.length} of ${all.length} files (it throws on WebP and GIF); the ratios below cover the other ${comparable.length}`,
    );
    const readable = rows.filter((r) => r.exifrRead);
    console.log(
      `- median time on those corpus files: ours ${ms(medianOf(readable.map((r) => r.ours)))} ms, exifr default ${ms(medianOf(readable.map((r) => r.exifr!)))} ms, exifr same tags ${ms(medianOf(readable.map((r) => r.exifrAll!)))} ms`,
    );
    console.log(
      `- ours / exifr (default) per file: median ${medianOf(ratios).toFixed(2)}×, worst ${Math.max(...ratios).toFixed(2)}×; faster on ${ratios.filter((r) => r < 1).length} of ${ratios.length} (below 1 = faster)`,
    );
    console.log(
      `- ours / exifr (same tags) per file: median ${medianOf(sameTagRatios).toFixed(2)}×, worst ${Math.max(...sameTagRatios).toFixed(2)}×; faster on ${sameTagRatios.filter((r) => r < 1).length} of ${sameTagRatios.length}`,
    );
    console.log(`- a full jimp decode takes a median ${medianOf(jimpRatios).toFixed(0)}× as long as our extraction (${jimpRatios.length} files jimp decodes)`);
    for (const row of largeRows.filter((r) => /NEF|CR3|MOV/.test(r.name))) {
      const preview = await previewOf(large.find((f) => f.name === row.name)!.path);
      console.log(
        `- ${row.name}: ${row.reads} reads (${kb(row.bytesRead)}) for its metadata${preview ? `, then 1 ranged read of its ${kb(preview.length)} preview for the thumbnail` : ''}`,
      );
    }
    const front = rows.filter((r) => r.reads <= 1);
    console.log(
      `- reads: ${front.length}/${rows.length} corpus files in 1 read; max ${Math.max(...rows.map((r) => r.reads))} reads; max ${kb(Math.max(...rows.map((r) => r.bytesRead)))} read for one file`,
    );
    // From in-memory buffers, descriptive metadata on: ours, exifr, image-size + exif-reader.
    const memoryRows: InMemoryRow[] = [];
    for (const name of names) memoryRows.push(await measureInMemory(name, readFileSync(join(CORPUS_DIR, name)), RUNS));
    const allThree = readByAllThree(memoryRows);
    console.log(
      `\nFrom in-memory buffers (${allThree.length} corpus files all three read; image-size ${readPackageVersion('image-size')} + exif-reader ${readPackageVersion('exif-reader')}):`,
    );
    console.log(
      `- median time: ours ${ms(medianOf(allThree.map((r) => r.ours)))} ms (title, caption, keywords, rating and creator from XMP and IPTC included), exifr ${ms(medianOf(allThree.map((r) => r.exifr)))} ms, image-size + exif-reader ${ms(medianOf(allThree.map((r) => r.light)))} ms`,
    );
    console.log(
      `- per file: ours / exifr median ${medianOf(allThree.map((r) => r.ours / r.exifr)).toFixed(2)}×, ours / (image-size + exif-reader) median ${medianOf(allThree.map((r) => r.ours / r.light)).toFixed(2)}×`,
    );
    const baseline = peakMemory();
    console.log(
      `\nPeak memory (peak RSS of a child process extracting the file 20 times; the same child without extracting: ${(baseline.maxRssKb / 1024).toFixed(0)} MB)\n`,
    );
    console.log('| file | size | peak RSS | reads | bytes read |');
    console.log('| --- | ---: | ---: | ---: | ---: |');
    for (const file of large) {
      const peak = peakMemory(file.path);
      console.log(`| ${file.name} | ${kb(statSync(file.path).size)} | ${(peak.maxRssKb / 1024).toFixed(0)} MB | ${peak.reads} | ${kb(peak.bytesRead)} |`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A dependency's version, from the package.json above its entry point (some packages export no ./package.json). */
function readPackageVersion(name: string): string {
  for (let dir = dirname(require.resolve(name)); dir !== dirname(dir); dir = dirname(dir)) {
    const path = join(dir, 'package.json');
    if (!existsSync(path)) continue;
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as { name?: string; version: string };
    if (manifest.name === name) return manifest.version;
  }
  return 'unknown';
}

void main();
