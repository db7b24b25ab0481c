// Bundles the CLI (src/cli.ts and what it imports) into dist/cli.cjs with esbuild.
const { buildSync } = require('esbuild');
const { rmSync } = require('node:fs');
const { join } = require('node:path');

function buildCli() {
  const root = join(__dirname, '..');
  buildSync({
    entryPoints: [join(root, 'src', 'cli.ts')],
    outfile: join(root, 'dist', 'cli.cjs'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    legalComments: 'none',
    logLevel: 'error',
  });
  // V8 checks a code cache against the source's length, not its text: a new bundle drops the old cache.
  rmSync(join(root, 'dist', 'cli.cache'), { force: true });
}

module.exports = { buildCli };
if (require.main === module) buildCli();
