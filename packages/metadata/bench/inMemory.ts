/**
 * The core from in-memory buffers against exifr and against image-size + exif-reader (the
 * lightest pairing: dimensions from one, EXIF from the other, no XMP or IPTC), the three taking
 * turns per file, each as it ships (ours bundled: shippedCore.ts). Part of `pnpm bench`.
 */
import exifReader from 'exif-reader';
import exifr from 'exifr';
import { imageSize } from 'image-size';
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

/**
 * Median times (ms) of the three tools over `runs` interleaved rounds; null where a tool throws on
 * the file, or is named in `skip` (a peer that loops on it: see probePeers.ts).
 */
export async function measureInMemory(name: string, bytes: Buffer, runs: number, skip: { exifr?: boolean; light?: boolean } = {}): Promise<InMemoryRow> {
  const block = exifBlockOf(bytes);
  const { bytesSource, extractMetadata } = await shippedCore();
  const tools: [string, () => unknown][] = [
    ['ours', () => extractMetadata(bytesSource(bytes))],
    ['exifr', () => exifr.parse(bytes)],
    ['light', () => (imageSize(bytes), block ? exifReader(block) : null)],
  ];
  const skipped = [false, skip.exifr === true, skip.light === true];
  // Each tool once before the rounds (ours also tells the format); one that throws is not timed.
  let format: string | null = null;
  const usable = await Promise.all(
    tools.map(async ([, run], index) => {
      if (skipped[index]) return false;
      try {
        const result = await run();
        if (index === 0) format = (result as Awaited<ReturnType<typeof extractMetadata>>).file.format;
        return true;
      } catch {
        return false;
      }
    }),
  );
  const times = tools.map(() => [] as number[]);
  for (let round = 0; round < runs; round++) {
    for (let t = 0; t < tools.length; t++) {
      if (!usable[t]) continue;
      const started = process.hrtime.bigint();
      await tools[t]![1]();
      times[t]!.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  }
  const median = (list: number[]) => (list.length ? [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]! : null);
  return { name, ours: median(times[0]!), exifr: median(times[1]!), light: median(times[2]!), format };
}
