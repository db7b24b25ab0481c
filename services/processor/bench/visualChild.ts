/** Child of visualMemory.ts: makes a test photo, or computes visual features of one and reports time and peak memory. */
import { readFileSync, writeFileSync } from 'node:fs';
import { Jimp } from 'jimp';
import { computeVisual, DEFAULT_VISUAL_LIMITS } from '../src/visual/visualFeatures';

const peakMb = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024;

async function main([command, path, width, height]: string[]): Promise<void> {
  if (command === 'make') {
    // Gradients and texture, so that the JPEG compresses like a photo rather than a flat colour.
    const w = Number(width);
    const h = Number(height);
    const image = new Jimp({ width: w, height: h });
    const data = image.bitmap.data;
    let seed = 1;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        const noise = (seed >>> 24) & 31;
        const i = (y * w + x) * 4;
        data[i] = ((x * 255) / w + noise) & 255;
        data[i + 1] = ((y * 255) / h + noise) & 255;
        data[i + 2] = (((x + y) * 127) / (w + h) + noise * 2) & 255;
        data[i + 3] = 255;
      }
    }
    writeFileSync(path!, await image.getBuffer('image/jpeg', { quality: 85 }));
    return;
  }
  const bytes = command === 'measure' ? readFileSync(path!) : null;
  const started = performance.now();
  if (bytes) await computeVisual(bytes, DEFAULT_VISUAL_LIMITS);
  process.stdout.write(JSON.stringify({ ms: performance.now() - started, peakMb: peakMb() }));
}

void main(process.argv.slice(2));
