import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bytesSource, countingSource, extractMetadata, isMetadataError, MAX_METADATA_JSON_BYTES } from '../src';
import { CORPUS_DIR, loadCorpus } from './corpus/corpus';
import { arw, cr2, cr3, dng, jxl, movie, nef, orf, pef, raf, rw2 } from './fixtures/cameraFiles';
import { exifBlock, TYPE } from './fixtures/exifBlock';

/** A small seeded generator (mulberry32), so every run mutates the same way. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ITERATIONS = 3000;
/** Reads one extraction may make (counted work, not time: the same on any machine). */
const MAX_READS_PER_FILE = 8;

/**
 * Mutates the samples (a few bytes, biased towards the headers at the front; sometimes cut short)
 * and extracts each: only typed errors, bounded reads, sizes and JSON.
 */
async function fuzz(samples: Uint8Array[], names: string[], iterations: number, seed: number): Promise<void> {
  const next = random(seed);
  let mostReads = 0;
  let typedErrors = 0;
  for (let i = 0; i < iterations; i++) {
    const sample = Uint8Array.from(samples[i % samples.length]!);
    const mutations = 1 + Math.floor(next() * 8);
    for (let m = 0; m < mutations; m++) {
      const span = next() < 0.7 ? Math.min(sample.length, 4096) : sample.length;
      const at = Math.floor(next() * span);
      sample[at] = next() < 0.3 ? 0xff : Math.floor(next() * 256);
    }
    const cut = next() < 0.2 ? Math.floor(next() * sample.length) : sample.length;
    const bytes = sample.subarray(0, cut);
    const { source, stats } = countingSource(bytesSource(bytes));
    try {
      const metadata = await extractMetadata(source);
      const json = JSON.stringify(metadata);
      expect(Buffer.byteLength(json)).toBeLessThanOrEqual(MAX_METADATA_JSON_BYTES);
      expect(json).not.toMatch(/NaN|Infinity/);
    } catch (error) {
      if (!isMetadataError(error)) throw new Error(`Iteration ${i} (${names[i % names.length]}): ${(error as Error).stack}`);
      typedErrors += 1;
    }
    mostReads = Math.max(mostReads, stats.reads);
    expect(stats.bytesRead).toBeLessThanOrEqual(bytes.length);
  }
  expect(mostReads).toBeLessThanOrEqual(MAX_READS_PER_FILE);
  expect(typedErrors).toBeGreaterThan(0);
}

describe('seeded fuzzing of corpus files', () => {
  const names = Object.keys(loadCorpus()).filter((name) => !name.startsWith('brk_') && readdirSync(CORPUS_DIR).includes(name));
  // The first 128 KB of each file: where every parser spends its time.
  const samples = names.map((name) => readFileSync(join(CORPUS_DIR, name)).subarray(0, 128 * 1024));

  it(`gives only typed errors, in bounded reads and size, over ${ITERATIONS} mutations`, async () => {
    await fuzz(samples, names, ITERATIONS, 0x5eed);
  });
});

describe('seeded fuzzing of camera files (RAW, CR3, RAF, JPEG XL, movies)', () => {
  const files: [string, Uint8Array][] = [
    ['nef', nef()],
    ['dng', dng()],
    ['arw', arw()],
    ['pef', pef()],
    ['cr2', cr2()],
    ['orf', orf()],
    ['rw2', rw2()],
    ['cr3', cr3()],
    ['raf', raf()],
    ['jxl', jxl({ width: 640, height: 480, container: 'brob', exif: exifBlock({ ifd0: [{ tag: 0x112, type: TYPE.SHORT, value: [6] }] }) })],
    [
      'mov',
      movie({
        width: 1920,
        height: 1080,
        rotation: 90,
        durationSeconds: 3,
        frameRate: 30,
        moovAtEnd: true,
        apple: { make: 'Apple', model: 'iPhone', software: '17', creationDate: '2024-01-01T10:00:00+0100', location: '+1.5+2.5/' },
      }),
    ],
    ['mp4', movie({ brand: 'mp42', width: 640, height: 480, durationSeconds: 1, frameRate: 25, xyz: '+51.4-000.1/' })],
  ];

  it(`gives only typed errors, in bounded reads and size, over ${ITERATIONS} mutations`, async () => {
    await fuzz(
      files.map(([, bytes]) => bytes.subarray(0, 128 * 1024)),
      files.map(([name]) => name),
      ITERATIONS,
      0xca3e,
    );
  });
});
