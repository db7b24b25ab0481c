/**
 * `pnpm bench:cli [file|folder…]`: the extract CLI as a whole process (start-up included) against
 * ExifTool reading the same files in one batch (`exiftool -json -fast`), over ../shared/corpus or
 * the files and folders named (a folder of 1,500 public files: the throughput at scale), the commands
 * alternated for ROUNDS rounds; medians and their ratio. Node's own start-up (`node -e 0`) is timed
 * in the same rounds: it is the floor under any Node CLI. When NODE_EXTRA_CA_CERTS is set (some
 * sandboxes and corporate machines set it), Node reads the whole certificate file at start-up, so
 * both Node rows are also timed without it. ExifTool comes from Debian's libimage-exiftool-perl
 * (`apt-get install libimage-exiftool-perl`).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { corpusPath } from '../../../tests/corpus';
import { imageFilesUnder } from '../scripts/imageFiles';
import { median } from './median';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const BIN = join(__dirname, '..', 'bin', 'extract.cjs');

function timed(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const started = performance.now();
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 << 20, env });
  if (result.error) throw result.error;
  return performance.now() - started;
}

function main(): void {
  if (spawnSync('exiftool', ['-ver']).status !== 0) {
    console.error('ExifTool is not installed: apt-get install libimage-exiftool-perl');
    process.exitCode = 1;
    return;
  }
  const named = process.argv.slice(2);
  const files = named.length
    ? imageFilesUnder(named)
    : readdirSync(corpusPath())
        .filter((name) => !name.endsWith('.json') && !name.endsWith('.md') && !name.endsWith('.tsv'))
        .map((name) => corpusPath(name));
  timed(process.execPath, [BIN, ...files]); // builds the bundle if it is missing, warms the disk cache
  const withoutCaCerts = { ...process.env };
  delete withoutCaCerts.NODE_EXTRA_CA_CERTS;
  const caCertsSet = process.env.NODE_EXTRA_CA_CERTS !== undefined;
  const rows: { label: string; run: () => number; times: number[] }[] = [
    { label: 'image-metadata (bundled CLI)', run: () => timed(process.execPath, [BIN, ...files]), times: [] },
    { label: 'exiftool -json -fast', run: () => timed('exiftool', ['-json', '-fast', ...files]), times: [] },
    { label: "Node's own start-up (node -e 0)", run: () => timed(process.execPath, ['-e', '0']), times: [] },
  ];
  if (caCertsSet) {
    rows.push({ label: 'image-metadata, NODE_EXTRA_CA_CERTS unset', run: () => timed(process.execPath, [BIN, ...files], withoutCaCerts), times: [] });
    rows.push({ label: 'node -e 0, NODE_EXTRA_CA_CERTS unset', run: () => timed(process.execPath, ['-e', '0'], withoutCaCerts), times: [] });
  }
  for (let round = 0; round < ROUNDS; round++) for (const row of rows) row.times.push(row.run());
  const version = spawnSync('exiftool', ['-ver'], { encoding: 'utf8' }).stdout.trim();
  console.log(
    `\nThe CLI against ExifTool ${version} over ${files.length} ${named.length ? 'named' : 'corpus'} files, each a whole process, alternated, median of ${ROUNDS} (Node ${process.version})\n`,
  );
  console.log('| command | median | files/s | ExifTool ÷ this |');
  console.log('| --- | ---: | ---: | ---: |');
  const exiftool = median(rows[1]!.times);
  for (const row of rows) {
    const throughput = row.label.includes('-e 0') ? '—' : ((files.length * 1000) / median(row.times)).toFixed(0);
    console.log(`| ${row.label} | ${median(row.times).toFixed(0)} ms | ${throughput} | ${(exiftool / median(row.times)).toFixed(1)}× |`);
  }
  console.log(
    `\nThe CLI is ${(exiftool / median(rows[0]!.times)).toFixed(1)}× faster than ExifTool${caCertsSet ? ` (${(exiftool / median(rows[3]!.times)).toFixed(1)}× with NODE_EXTRA_CA_CERTS unset)` : ''}.`,
  );
}

main();
