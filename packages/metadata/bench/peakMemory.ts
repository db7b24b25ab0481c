/** Child process of the benchmark: extracts one file (or none) and reports its peak memory. */
import { readFileSync } from 'node:fs';
import { countingSource } from '../src/readers/byteSource';
import { extractMetadata } from '../src/extract';
import { openFileSource } from '../src/readers/fileByteSource';

async function main(path: string | undefined): Promise<void> {
  let stats = { reads: 0, bytesRead: 0 };
  if (path) {
    const file = await openFileSource(path);
    const counted = countingSource(file);
    for (let i = 0; i < 20; i++) await extractMetadata(counted.source);
    stats = { reads: counted.stats.reads / 20, bytesRead: counted.stats.bytesRead / 20 };
    await file.close();
  }
  // VmHWM: this process's own peak resident set (ru_maxrss would include the parent's, across exec).
  const peakKb = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? process.resourceUsage().maxRSS);
  process.stdout.write(JSON.stringify({ maxRssKb: peakKb, ...stats }));
}

void main(process.argv[2]);
