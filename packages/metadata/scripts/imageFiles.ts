import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const IMAGE_FILE = /\.(jpe?g|png|gif|webp|tiff?|heic|heif|avif|bmp|jxl|dng|cr2|cr3|nef|nrw|arw|orf|rw2|pef|raf|mov|mp4|m4v|3gp|3g2)$/i;

/** The files named, and the image files (by extension) in the folders named, recursively, sorted. */
export function imageFilesUnder(paths: string[]): string[] {
  return paths.flatMap((path) =>
    statSync(path).isDirectory()
      ? imageFilesUnder(
          readdirSync(path)
            .sort()
            .map((name) => join(path, name)),
        ).filter((file) => IMAGE_FILE.test(file) || !statSync(file).isFile())
      : [path],
  );
}

/** The files the command line names, or null (after printing the usage) when there are none. */
export function filesFromArguments(usage: string): string[] | null {
  const files = imageFilesUnder(process.argv.slice(2));
  if (files.length) return files;
  console.error(`usage: ${usage}`);
  process.exitCode = 2;
  return null;
}
