/**
 * The one way tests and benchmarks find `../shared/corpus` (real photos with ExifTool's reading
 * of each), beside the repository root; read in place, never copied into the repository.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const CORPUS_DIR = resolve(__dirname, '..', '..', 'shared', 'corpus');

/** A path inside the corpus, or a clear error when the corpus is absent. */
export function corpusPath(name = ''): string {
  if (!existsSync(CORPUS_DIR)) throw new Error(`The shared corpus is absent: expected ${CORPUS_DIR} (../shared/corpus beside the repository root)`);
  return join(CORPUS_DIR, name);
}

/** A corpus file's bytes. */
export function corpusFile(name: string): Buffer {
  return readFileSync(corpusPath(name));
}
