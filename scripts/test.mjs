#!/usr/bin/env node
// `npm test` / `pnpm test`: typecheck, lint, then every Jest test — unit, integration against the
// real local emulators (started on free ports), and the browser end-to-end suite.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './localStack.mjs';

const bin = (name) => join(root, 'node_modules', '.bin', name);
const steps = [
  ['typecheck', bin('tsc'), ['-p', 'tsconfig.json']],
  ['lint', bin('eslint'), ['.', '--max-warnings', '0']],
  // The formatter is part of lint: code that Prettier would change fails (`pnpm format` fixes it).
  ['format', bin('prettier'), ['--check', '.', '--log-level', 'warn']],
  ['tests', bin('jest'), ['--ci', '--json', `--outputFile=${join(root, 'test-artifacts', 'jest-results.json')}`, ...process.argv.slice(2)]],
];
mkdirSync(join(root, 'test-artifacts'), { recursive: true });
for (const [name, command, args] of steps) {
  console.log(`\n▶ ${name}: ${[command.replace(`${root}/`, ''), ...args].join(' ')}`);
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_OPTIONS: [process.env.NODE_OPTIONS, '--experimental-vm-modules'].filter(Boolean).join(' ') },
  });
  if (name === 'tests') printTotals();
  if (result.status !== 0) {
    console.error(`\n✖ ${name} failed`);
    process.exit(result.status ?? 1);
  }
}
console.log('\n✔ all checks passed');

/** One plain closing line that any CI reader understands. */
function printTotals() {
  const file = join(root, 'test-artifacts', 'jest-results.json');
  if (!existsSync(file)) return;
  const results = JSON.parse(readFileSync(file, 'utf8'));
  console.log(`\ntests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests} skipped`);
}
