/**
 * `pnpm bench:compare <git revision> <file|folder…>`: this working tree's core (B) against the
 * core of an earlier revision (A), both bundled as they ship, on the same files in one process.
 * Each build takes its turn in the conditions of bench:in-memory (followed by exifr and the light
 * pair), so a change of a few per cent shows, where two separate runs of that bench differ by
 * more. `pnpm bench:compare HEAD <folder>` times the same code twice: the ratio it prints is the
 * bench's noise. BENCH_RUNS rounds per file (default 11).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { imageFilesUnder } from '../scripts/imageFiles';
import { measureTwoCores, type TwoCoresRow } from './inMemory';
import { PeerProbe } from './probePeers';
import { bundledCore } from './shippedCore';
import { median } from './median';

const RUNS = Number(process.env.BENCH_RUNS ?? 11);
const REPOSITORY = join(__dirname, '..', '..', '..');
const SOURCE = 'packages/metadata/src';

/** The core's source folder as it was at `revision`, in a temporary folder (removed by the caller). */
function sourceAt(revision: string, into: string): string {
  const archive = execFileSync('git', ['archive', '--format=tar', revision, SOURCE], { cwd: REPOSITORY, maxBuffer: 256 * 1024 * 1024 });
  execFileSync('tar', ['-x', '-C', into], { input: archive });
  return join(into, SOURCE);
}

async function main(): Promise<void> {
  const [revision, ...paths] = process.argv.slice(2);
  const files = revision ? imageFilesUnder(paths) : [];
  if (!revision || !files.length) {
    console.error('usage: pnpm bench:compare <git revision> <file|folder…>');
    process.exitCode = 2;
    return;
  }
  const folder = mkdtempSync(join(tmpdir(), 'core-at-revision-'));
  let cores;
  try {
    cores = [await bundledCore(sourceAt(revision, folder)), await bundledCore(join(__dirname, '..', 'src'))] as const;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  const probe = new PeerProbe();
  const rows: TwoCoresRow[] = [];
  for (const file of files) {
    // exifr only sets the conditions; one that loops on this file is left out of it.
    const exifrLoops = (await probe.probe('exifr', file)) === 'timed out';
    const row = await measureTwoCores(basename(file), readFileSync(file), RUNS, cores, exifrLoops);
    if (row) rows.push(row);
  }
  await probe.close();
  console.log(
    `${files.length} files; ${rows.length} read by both builds and the light pair; median of ${RUNS} interleaved rounds per file (Node ${process.version})`,
  );
  console.log(`A = ${revision}, B = this working tree; per-file medians (B / A below 1: B is faster)`);
  const groups: [string, TwoCoresRow[]][] = [
    ['all', rows],
    ...[...new Set(rows.map((r) => r.format))].sort().map((f): [string, TwoCoresRow[]] => [f, rows.filter((r) => r.format === f)]),
  ];
  for (const [name, group] of groups) {
    console.log(
      `- ${name}: ${group.length} files, B / A ${median(group.map((r) => r.b / r.a)).toFixed(3)}, A / light pair ${median(group.map((r) => r.a / r.light)).toFixed(2)}×, B / light pair ${median(group.map((r) => r.b / r.light)).toFixed(2)}×`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
