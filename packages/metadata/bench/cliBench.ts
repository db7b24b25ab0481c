/**
 * `pnpm bench:cli`: the extract CLI as a whole process (start-up included) against ExifTool reading
 * the same files in one batch (`exiftool -json -fast`), over ../shared/corpus, the two commands
 * alternated for ROUNDS rounds; medians and their ratio. ExifTool comes from Debian's
 * libimage-exiftool-perl (`apt-get install libimage-exiftool-perl`).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { corpusPath } from '../../../tests/corpus';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const BIN = join(__dirname, '..', 'bin', 'extract.cjs');

function timed(command: string, args: string[]): number {
  const started = performance.now();
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 << 20 });
  if (result.error) throw result.error;
  return performance.now() - started;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function main(): void {
  if (spawnSync('exiftool', ['-ver']).status !== 0) {
    console.error('ExifTool is not installed: apt-get install libimage-exiftool-perl');
    process.exitCode = 1;
    return;
  }
  const files = readdirSync(corpusPath())
    .filter((name) => !name.endsWith('.json') && !name.endsWith('.md') && !name.endsWith('.tsv'))
    .map((name) => corpusPath(name));
  timed(process.execPath, [BIN, ...files]); // builds the bundle if it is missing, warms the disk cache
  const ours: number[] = [];
  const exiftool: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    ours.push(timed(process.execPath, [BIN, ...files]));
    exiftool.push(timed('exiftool', ['-json', '-fast', ...files]));
  }
  const version = spawnSync('exiftool', ['-ver'], { encoding: 'utf8' }).stdout.trim();
  console.log(`\nThe CLI against ExifTool ${version} over ${files.length} corpus files, each a whole process, alternated, median of ${ROUNDS} (Node ${process.version})\n`);
  console.log('| command | median |');
  console.log('| --- | ---: |');
  console.log(`| image-metadata (bundled CLI) | ${median(ours).toFixed(0)} ms |`);
  console.log(`| exiftool -json -fast | ${median(exiftool).toFixed(0)} ms |`);
  console.log(`\nThe CLI is ${(median(exiftool) / median(ours)).toFixed(1)}× faster.`);
}

main();
