/** Child of visualMemory.ts: computes visual features of one photo with one engine, and reports time and peak memory. */
import { readFileSync } from 'node:fs';
import { computeVisual, DEFAULT_VISUAL_LIMITS } from '../src/visual/visualFeatures';
import { jimpVisual } from './jimpVisual';

const peakMb = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024;

async function main([engine, path]: string[]): Promise<void> {
  const bytes = path ? readFileSync(path) : null;
  const started = performance.now();
  if (bytes && engine === 'sharp') await computeVisual(bytes, 'jpeg', DEFAULT_VISUAL_LIMITS);
  if (bytes && engine === 'jimp') await jimpVisual(bytes, DEFAULT_VISUAL_LIMITS);
  process.stdout.write(JSON.stringify({ ms: performance.now() - started, peakMb: peakMb() }));
}

void main(process.argv.slice(2));
