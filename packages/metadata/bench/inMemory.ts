/**
 * The core from in-memory buffers against exifr and against image-size + exif-reader (the
 * lightest pairing: dimensions from one, EXIF from the other, no XMP or IPTC), the three taking
 * turns per file, each as it ships (ours bundled: shippedCore.ts). Part of `pnpm bench`.
 */
import exifReader from 'exif-reader';
import exifr from 'exifr';
import { imageSize } from 'image-size';
import { median } from './median';
import { shippedCore } from './shippedCore';

/** The TIFF block exif-reader takes: a JPEG's APP1 Exif, or a TIFF file itself; else none. */
function exifBlockOf(bytes: Buffer): Buffer | null {
  if (bytes[0] === 0x49 || bytes[0] === 0x4d) return bytes;
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  for (let at = 2; at + 4 < bytes.length;) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1]!;
    const length = bytes.readUInt16BE(at + 2);
    if (marker === 0xe1 && bytes.toString('latin1', at + 4, at + 10) === 'Exif\0\0') return bytes.subarray(at + 10, at + 2 + length);
    if (marker === 0xda || (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)) return null;
    at += 2 + length;
  }
  return null;
}

export interface InMemoryRow {
  name: string;
  ours: number | null;
  exifr: number | null;
  light: number | null;
  /** The format our core reads it as (null when it refuses the file). */
  format: string | null;
}

/** The rows all three tools read: a file one of them refuses (ours included) has nothing to compare. */
export function readByAllThree(rows: readonly InMemoryRow[]): (InMemoryRow & { ours: number; exifr: number; light: number })[] {
  return rows.filter(
    (row): row is InMemoryRow & { ours: number; exifr: number; light: number } => row.ours !== null && row.exifr !== null && row.light !== null,
  );
}

type Core = Awaited<ReturnType<typeof shippedCore>>;

/** The two peers on one file, as they ship: exifr's defaults, and image-size with exif-reader on the EXIF block alone. */
function peersOf(bytes: Buffer): { exifr: () => unknown; light: () => unknown } {
  const block = exifBlockOf(bytes);
  return { exifr: () => exifr.parse(bytes), light: () => (imageSize(bytes), block ? exifReader(block) : null) };
}

/** Whether a tool finishes on the file (run once, untimed); the result of the first, whose format names the row. */
interface Tried {
  ok: boolean;
  result?: unknown;
}

async function tryOnce(run: () => unknown): Promise<Tried> {
  try {
    return { ok: true, result: await run() };
  } catch {
    return { ok: false };
  }
}

/** Runs the tools in turn, `runs` rounds, and gives each key's median time (ms) over all its turns; null for a key never run. */
async function interleavedMedians(tools: readonly [string, () => unknown][], runs: number): Promise<Map<string, number | null>> {
  const times = new Map<string, number[]>(tools.map(([key]) => [key, []]));
  for (let round = 0; round < runs; round++) {
    for (const [key, run] of tools) {
      const started = process.hrtime.bigint();
      await run();
      times.get(key)!.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  }
  return new Map([...times].map(([key, list]) => [key, list.length ? median(list) : null]));
}

/**
 * Median times (ms) of the three tools over `runs` interleaved rounds; null where a tool throws on
 * the file, or is named in `skip` (a peer that loops on it: see probePeers.ts).
 */
export async function measureInMemory(name: string, bytes: Buffer, runs: number, skip: { exifr?: boolean; light?: boolean } = {}): Promise<InMemoryRow> {
  const { bytesSource, extractMetadata } = await shippedCore();
  const peers = peersOf(bytes);
  const candidates: [string, () => unknown, boolean][] = [
    ['ours', () => extractMetadata(bytesSource(bytes)), false],
    ['exifr', peers.exifr, skip.exifr === true],
    ['light', peers.light, skip.light === true],
  ];
  // Each tool once before the rounds (ours also tells the format); one that throws is not timed.
  const tried = await Promise.all(candidates.map(async ([, run, skipped]): Promise<Tried> => (skipped ? { ok: false } : tryOnce(run))));
  const format = tried[0]!.ok ? (tried[0]!.result as Awaited<ReturnType<Core['extractMetadata']>>).file.format : null;
  const medians = await interleavedMedians(
    candidates.filter((_, index) => tried[index]!.ok).map(([key, run]) => [key, run]),
    runs,
  );
  return { name, ours: medians.get('ours') ?? null, exifr: medians.get('exifr') ?? null, light: medians.get('light') ?? null, format };
}

/** Two builds of the core on one file (bench:compare), and the light pair, in milliseconds. */
export interface TwoCoresRow {
  name: string;
  format: string;
  a: number;
  b: number;
  light: number;
}

/**
 * Two builds of the core on one file, each timed in the conditions of measureInMemory (each turn
 * followed by exifr and the light pair): rounds of A, exifr, light, B, exifr, light. Null when
 * either build or the light pair refuses the file; exifr only keeps the conditions (skipped
 * where it loops).
 */
export async function measureTwoCores(
  name: string,
  bytes: Buffer,
  runs: number,
  cores: readonly [Core, Core],
  skipExifr: boolean,
): Promise<TwoCoresRow | null> {
  const peers = peersOf(bytes);
  const [a, b] = cores.map((core) => () => core.extractMetadata(core.bytesSource(bytes)));
  const first = await tryOnce(a!);
  if (!first.ok || !(await tryOnce(b!)).ok || !(await tryOnce(peers.light)).ok) return null;
  const exifrRuns = !skipExifr && (await tryOnce(peers.exifr)).ok;
  const between: [string, () => unknown][] = exifrRuns
    ? [
        ['exifr', peers.exifr],
        ['light', peers.light],
      ]
    : [['light', peers.light]];
  const medians = await interleavedMedians([['a', a!], ...between, ['b', b!], ...between], runs);
  const format = (first.result as Awaited<ReturnType<Core['extractMetadata']>>).file.format;
  return { name, format, a: medians.get('a')!, b: medians.get('b')!, light: medians.get('light')! };
}
