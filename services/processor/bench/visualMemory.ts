/**
 * `pnpm bench:visual`: time and peak memory of the processor's visual step (decode, thumbnail,
 * hash, colours) with sharp, against the jimp pipeline it replaced, for a 12 MP and a 40 MP JPEG.
 * Each measurement runs in a fresh child process; the engines take turns, three runs each.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { phonePhoto } from '../../../tests/system/phonePhotos';

const RUNS = 3;
const ENGINES = ['sharp', 'jimp'] as const;
/** The processor's memorySize with jimp, and with sharp (serverless.yml). */
const MEMORY_GB = { jimp: 2048 / 1024, sharp: 1024 / 1024 };

const child = (...args: string[]) => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'visualChild.ts'), ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout) as { ms: number; peakMb: number };
};

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'visual-'));
  try {
    const photos = [
      { name: '12 MP JPEG (4000x3000)', path: join(dir, '12mp.jpg'), width: 4000, height: 3000 },
      { name: '40 MP JPEG (7744x5165)', path: join(dir, '40mp.jpg'), width: 7744, height: 5165 },
    ];
    for (const photo of photos) writeFileSync(photo.path, await phonePhoto({ seed: 1, width: photo.width, height: photo.height, quality: 85 }));
    const baseline = child('none');
    console.log(
      `\nVisual step in a fresh Node ${process.version} process, best of ${RUNS} (baseline: the same process without work, ${baseline.peakMb.toFixed(0)} MB)\n`,
    );
    console.log('| photo | file | engine | time | peak RSS |');
    console.log('| --- | ---: | --- | ---: | ---: |');
    const costs: string[] = [];
    for (const photo of photos) {
      const runs: Record<string, { ms: number; peakMb: number }[]> = { sharp: [], jimp: [] };
      for (let run = 0; run < RUNS; run++) for (const engine of ENGINES) runs[engine]!.push(child(engine, photo.path));
      const best = (engine: string) => ({ ms: Math.min(...runs[engine]!.map((r) => r.ms)), peakMb: Math.max(...runs[engine]!.map((r) => r.peakMb)) });
      for (const engine of ENGINES) {
        const { ms, peakMb } = best(engine);
        console.log(
          `| ${photo.name} | ${(statSync(photo.path).size / 1024 / 1024).toFixed(1)} MB | ${engine} | ${ms.toFixed(0)} ms | ${peakMb.toFixed(0)} MB |`,
        );
      }
      console.log(
        `| | | sharp vs jimp | ${(best('jimp').ms / best('sharp').ms).toFixed(1)}× faster | ${(best('jimp').peakMb / best('sharp').peakMb).toFixed(1)}× less memory |`,
      );
      costs.push(
        `${photo.name}: visual step per 1,000 photos ${ENGINES.map((engine) => `${engine} ${(MEMORY_GB[engine] * (best(engine).ms / 1000) * 1000).toFixed(0)} GB-s at ${MEMORY_GB[engine]} GB`).join(', ')}`,
      );
    }
    console.log(`\nLambda cost of the visual step (time here × the processor's memorySize, same CPU assumed):\n${costs.map((c) => `- ${c}`).join('\n')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
