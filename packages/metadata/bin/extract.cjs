#!/usr/bin/env node
// The CLI runs as one bundled JavaScript file (dist/cli.cjs): no TypeScript compiler at start-up.
// The bundle is built by `pnpm install` (the root's prepare script) and rebuilt here, once, when
// it is missing or older than the sources (a checkout that was edited or pulled since).
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const bundle = join(__dirname, '..', 'dist', 'cli.cjs');
if (!existsSync(bundle) || newestSource(join(__dirname, '..', 'src')) > statSync(bundle).mtimeMs) {
  require('./buildCli.cjs').buildCli();
}
require(bundle);

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}
