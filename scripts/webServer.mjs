// Starts the Vite dev server for web/, pointed at an API URL.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { root, stopProcessGroup } from './localStack.mjs';

const STARTUP_TIMEOUT_MS = 60_000;

/** @param {{ port: number, apiUrl: string, onOutput?: (text: string) => void }} options */
export async function startWebServer(options) {
  const child = spawn(process.execPath, [join(root, 'web', 'node_modules', 'vite', 'bin', 'vite.js'), '--port', String(options.port), '--strictPort', '--host', 'localhost'], {
    cwd: join(root, 'web'),
    env: { ...process.env, VITE_API_URL: options.apiUrl },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const onData = (chunk) => {
    output = (output + chunk.toString()).slice(-10_000);
    options.onOutput?.(chunk.toString());
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const url = `http://localhost:${options.port}`;
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Vite exited before it was ready:\n${output}`);
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(3000) })).ok) return { url, stop: () => stopProcessGroup(child) };
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stopProcessGroup(child);
  throw new Error(`Vite was not ready within ${STARTUP_TIMEOUT_MS / 1000} s:\n${output}`);
}
