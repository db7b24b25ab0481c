/**
 * The core as it ships, for timing: bundled and minified by esbuild, as serverless-esbuild builds
 * the Lambda zips and bin/buildCli.cjs the CLI. Run from TypeScript through tsx, every inner
 * function is wrapped at each call by esbuild's `keepNames` helper, which the shipped code never
 * pays: about a fifth of a JPEG's in-memory time. The peers are timed as they ship too.
 */
import { buildSync } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

type Core = typeof import('../src');

let core: Core | undefined;

export async function shippedCore(): Promise<Core> {
  core ??= await bundledCore(join(__dirname, '..', 'src'));
  return core;
}

/** The core of a source folder (this one's, or an older revision's: bench:compare), bundled as it ships. */
export async function bundledCore(sourceDir: string): Promise<Core> {
  const outfile = join(mkdtempSync(join(tmpdir(), 'shipped-core-')), 'core.cjs');
  buildSync({
    entryPoints: [join(sourceDir, 'index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    logLevel: 'error',
    // Resolved from this package, as in the real bundles.
    nodePaths: [join(__dirname, '..', 'node_modules')],
  });
  const loaded = (await import(pathToFileURL(outfile).href)) as Core;
  // Loaded: the bundle's folder goes (a bench run leaves nothing in the temp folder).
  rmSync(dirname(outfile), { recursive: true, force: true });
  return loaded;
}
