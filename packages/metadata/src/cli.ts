#!/usr/bin/env node
/**
 * `image-metadata [--json] [--fields g1,g2] [--max-pixels N] <file…>`: the metadata (or error) of
 * each file and what was read, as one JSON line per file (NDJSON), or one JSON array with --json.
 * With over 100 files and stdout not a terminal, a progress line goes to stderr.
 * Exit status: 0 all succeeded, 1 any failed, 2 bad usage.
 */
import { countingSource } from './readers/byteSource';
import { isMetadataError } from './errors';
import { extractMetadata } from './extract';
import { openFileSource } from './readers/fileByteSource';
import type { ImageMetadata, RefusedMetadata } from './types';

const GROUPS = [
  'file',
  'image',
  'camera',
  'capture',
  'location',
  'rights',
  'descriptive',
  'exif',
  'warnings',
] as const satisfies readonly (keyof ImageMetadata)[];
type Group = (typeof GROUPS)[number];
const USAGE = `usage: image-metadata [--json] [--fields ${GROUPS.join(',')}] [--max-pixels N] <file…>`;
/** More files than this, with stdout redirected, and the CLI says how far it got on stderr. */
const PROGRESS_ABOVE_FILES = 100;
const PROGRESS_EVERY_FILES = 100;

interface Options {
  json: boolean;
  fields: Group[] | null;
  maxPixels: number | undefined;
  files: string[];
}

async function main(args: string[]): Promise<number> {
  const options = parseArgs(args);
  if (typeof options === 'number') return options;
  const { files } = options;
  const progress = files.length > PROGRESS_ABOVE_FILES && !process.stdout.isTTY;
  let failed = false;
  if (options.json) process.stdout.write('[');
  for (let i = 0; i < files.length; i++) {
    const line = await extractOne(files[i]!, options);
    if ('error' in line) failed = true;
    const text = JSON.stringify(line);
    process.stdout.write(options.json ? `${i ? ',' : ''}\n${text}` : `${text}\n`);
    if (progress && ((i + 1) % PROGRESS_EVERY_FILES === 0 || i + 1 === files.length)) process.stderr.write(`image-metadata: ${i + 1}/${files.length} files\n`);
  }
  if (options.json) process.stdout.write('\n]\n');
  return failed ? 1 : 0;
}

function parseArgs(args: string[]): Options | number {
  const options: Options = { json: false, fields: null, maxPixels: undefined, files: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (arg === '--json') {
      options.json = true;
    } else if (arg === '--max-pixels') {
      options.maxPixels = Number(args[++i]);
      if (!Number.isSafeInteger(options.maxPixels) || options.maxPixels <= 0) return usage('--max-pixels takes a positive whole number');
    } else if (arg === '--fields') {
      const fields = (args[++i] ?? '').split(',').filter(Boolean);
      const unknown = fields.filter((field) => !(GROUPS as readonly string[]).includes(field));
      if (fields.length === 0 || unknown.length)
        return usage(`--fields takes groups among ${GROUPS.join(', ')}${unknown.length ? `, not ${unknown.join(', ')}` : ''}`);
      options.fields = fields as Group[];
    } else if (arg.startsWith('-') && arg !== '-') {
      return usage(`unknown option ${arg}`);
    } else {
      options.files.push(arg);
    }
  }
  if (options.files.length === 0) return usage('no file given');
  return options;
}

async function extractOne(file: string, options: Options) {
  let opened: Awaited<ReturnType<typeof openFileSource>>;
  try {
    opened = await openFileSource(file);
  } catch (error) {
    return { file, error: { code: 'FILE_NOT_READABLE', message: (error as Error).message }, bytesRead: 0, reads: 0 };
  }
  const { source, stats } = countingSource(opened);
  try {
    const metadata = await extractMetadata(source, options.maxPixels ? { maxPixels: options.maxPixels } : {});
    return { file, metadata: options.fields ? pick(metadata, options.fields) : metadata, bytesRead: stats.bytesRead, reads: stats.reads };
  } catch (error) {
    const code = isMetadataError(error) ? error.code : 'INTERNAL_ERROR';
    // A refused file of a known type still says what it is, and what else was read.
    const readSoFar = isMetadataError(error) && error.metadata ? { metadata: options.fields ? pick(error.metadata, options.fields) : error.metadata } : {};
    return { file, error: { code, message: (error as Error).message }, ...readSoFar, bytesRead: stats.bytesRead, reads: stats.reads };
  } finally {
    await opened.close();
  }
}

function pick(metadata: ImageMetadata | RefusedMetadata, fields: Group[]): Partial<ImageMetadata | RefusedMetadata> {
  return Object.fromEntries(fields.filter((field) => field in metadata).map((field) => [field, metadata[field]]));
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
