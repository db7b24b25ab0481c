#!/usr/bin/env node
/**
 * `image-metadata <file…>`: one JSON line per file with its metadata or error, and what was read.
 * Exit status: 0 all succeeded, 1 any failed, 2 bad usage.
 */
import { countingSource } from './byteSource';
import { isMetadataError } from './errors';
import { extractMetadata } from './extract';
import { openFileSource } from './fileByteSource';

const USAGE = 'usage: image-metadata [--max-pixels N] <file…>';

async function main(args: string[]): Promise<number> {
  let maxPixels: number | undefined;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (arg === '--max-pixels') {
      maxPixels = Number(args[++i]);
      if (!Number.isSafeInteger(maxPixels) || maxPixels <= 0) return usage('--max-pixels takes a positive whole number');
    } else if (arg.startsWith('-') && arg !== '-') {
      return usage(`unknown option ${arg}`);
    } else {
      files.push(arg);
    }
  }
  if (files.length === 0) return usage('no file given');

  let failed = false;
  for (const file of files) {
    const line = await extractOne(file, maxPixels);
    if ('error' in line) failed = true;
    process.stdout.write(`${JSON.stringify(line)}\n`);
  }
  return failed ? 1 : 0;
}

async function extractOne(file: string, maxPixels: number | undefined) {
  let opened: Awaited<ReturnType<typeof openFileSource>>;
  try {
    opened = await openFileSource(file);
  } catch (error) {
    return { file, error: { code: 'FILE_NOT_READABLE', message: (error as Error).message }, bytesRead: 0, reads: 0 };
  }
  const { source, stats } = countingSource(opened);
  try {
    const metadata = await extractMetadata(source, maxPixels ? { maxPixels } : {});
    return { file, metadata, bytesRead: stats.bytesRead, reads: stats.reads };
  } catch (error) {
    const code = isMetadataError(error) ? error.code : 'INTERNAL_ERROR';
    return { file, error: { code, message: (error as Error).message }, bytesRead: stats.bytesRead, reads: stats.reads };
  } finally {
    await opened.close();
  }
}

function usage(problem: string): number {
  process.stderr.write(`image-metadata: ${problem}\n${USAGE}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`image-metadata: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
