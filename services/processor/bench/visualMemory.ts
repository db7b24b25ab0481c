/**
 * `pnpm bench:visual`: time and peak memory of the processor's visual step (decode, thumbnail,
 * hash, colours) for a 12 MP and a 40 MP JPEG, each in a fresh child process.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const child = (...args: string[]) => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'visualChild.ts'), ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout ? (JSON.parse(result.stdout) as { ms: number; peakMb: number }) : null;
};

const dir = mkdtempSync(join(tmpdir(), 'visual-'));
try {
  const photos = [
    { name: '12 MP JPEG (4000x3000)', path: join(dir, '12mp.jpg'), width: 4000, height: 3000 },
    { name: '40 MP JPEG (7744x5165)', path: join(dir, '40mp.jpg'), width: 7744, height: 5165 },
  ];
  for (const photo of photos) child('make', photo.path, String(photo.width), String(photo.height));
  const baseline = child('baseline')!;
  console.log(`\nVisual features in a fresh Node ${process.version} process (baseline: the same process without work, ${baseline.peakMb.toFixed(0)} MB)\n`);
  console.log('| photo | file | time | peak RSS |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const photo of photos) {
    const runs = [child('measure', photo.path)!, child('measure', photo.path)!];
    const best = runs.sort((a, b) => a.ms - b.ms)[0]!;
    const peak = Math.max(...runs.map((r) => r.peakMb));
    console.log(`| ${photo.name} | ${(statSync(photo.path).size / 1024 / 1024).toFixed(1)} MB | ${(best.ms / 1000).toFixed(1)} s | ${peak.toFixed(0)} MB |`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
