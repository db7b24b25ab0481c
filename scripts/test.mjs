#!/usr/bin/env node
// `npm test` / `pnpm test`: typecheck, lint, then every Jest test — unit, integration against the
// real local emulators (started on free ports), and the browser end-to-end suite.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root } from './localStack.mjs';

const bin = (name) => join(root, 'node_modules', '.bin', name);
const steps = [
  ['typecheck', bin('tsc'), ['-p', 'tsconfig.json']],
  ['lint', bin('eslint'), ['.', '--max-warnings', '0']],
  ['tests', bin('jest'), ['--ci', ...process.argv.slice(2)]],
];
for (const [name, command, args] of steps) {
  console.log(`\n▶ ${name}: ${[command.replace(`${root}/`, ''), ...args].join(' ')}`);
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_OPTIONS: [process.env.NODE_OPTIONS, '--experimental-vm-modules'].filter(Boolean).join(' ') },
  });
  if (result.status !== 0) {
    console.error(`\n✖ ${name} failed`);
    process.exit(result.status ?? 1);
  }
}
console.log('\n✔ all checks passed');
