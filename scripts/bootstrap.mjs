#!/usr/bin/env node
// Runs a command after making sure the toolchain is in place: Node >= 20.19, pnpm at the version in
// package.json's `packageManager` (fetched with npx when no matching pnpm is installed), and the
// workspace's dependencies (installed from the lockfile when missing or stale).
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`Node.js >= 20.19 is required; this is ${process.version}.`);
  process.exit(1);
}

const pnpmVersion = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];
const pnpm = resolvePnpm(pnpmVersion);
const lockfile = join(root, 'pnpm-lock.yaml');
const installed = join(root, 'node_modules', '.pnpm', 'lock.yaml');
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lockfile).mtimeMs) {
  console.log(`Installing dependencies with pnpm ${pnpmVersion}…`);
  const install = spawnSync(pnpm.command, [...pnpm.args, 'install', '--frozen-lockfile'], { cwd: root, stdio: 'inherit' });
  if (install.status !== 0) process.exit(install.status ?? 1);
}

const [command, ...args] = process.argv.slice(2);
if (!command) process.exit(0);
const child = spawn(command, args, {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, PNPM_COMMAND: JSON.stringify([pnpm.command, ...pnpm.args]), PATH: `${join(root, 'node_modules', '.bin')}:${process.env.PATH}` },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));

function resolvePnpm(version) {
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  if (probe.status === 0 && probe.stdout.trim() === version) return { command: 'pnpm', args: [] };
  return { command: 'npx', args: ['--yes', `pnpm@${version}`] };
}
