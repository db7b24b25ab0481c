#!/usr/bin/env node
// The CLI runs as one bundled JavaScript file (dist/cli.cjs): no TypeScript compiler at start-up.
// The bundle is built by `pnpm install` (the root's prepare script) and rebuilt here, once, when
// it is missing or older than the sources (a checkout that was edited or pulled since).
//
// It is compiled with V8's code cache (dist/cli.cache), as Node 22's module.enableCompileCache()
// would: the functions a run compiled are kept as bytecode for the next run, which saves ~9 ms of
// a ~100 ms run over 120 files (`pnpm bench:cli`). A missing or stale cache (another bundle,
// another Node) is rebuilt at the end of the run; when the folder is read-only, nothing is kept.
const { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { wrap } = require('node:module');
const { Script } = require('node:vm');

const bundle = join(__dirname, '..', 'dist', 'cli.cjs');
const cache = join(__dirname, '..', 'dist', 'cli.cache');
let builtAt = existsSync(bundle) ? statSync(bundle).mtimeMs : 0;
if (newestSource(join(__dirname, '..', 'src')) > builtAt) {
  require('./buildCli.cjs').buildCli();
  builtAt = statSync(bundle).mtimeMs;
}
runWithCodeCache(builtAt);

function runWithCodeCache(builtAt) {
  const source = readFileSync(bundle, 'utf8').replace(/^#!.*/, '');
  // V8 checks a cache against the source's length only: one older than the bundle is not used.
  const cachedData = readIfNewer(cache, builtAt);
  const script = new Script(wrap(source), { filename: bundle, cachedData });
  if (!cachedData || script.cachedDataRejected) process.once('exit', () => keep(script));
  const module = { exports: {}, filename: bundle, id: bundle };
  script.runInThisContext().call(module.exports, module.exports, require, module, bundle, dirname(bundle));
}

function keep(script) {
  try {
    const temporary = `${cache}.${process.pid}`;
    writeFileSync(temporary, script.createCachedData());
    renameSync(temporary, cache); // whole or not at all, whatever other runs do at the same time
  } catch {
    // A read-only install: every run compiles afresh, as without the cache.
  }
}

function readIfNewer(path, mtimeMs) {
  try {
    return statSync(path).mtimeMs >= mtimeMs ? readFileSync(path) : undefined;
  } catch {
    return undefined;
  }
}

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}
