// Starts the Vite dev server for web/, pointed at an API URL.
import { join } from 'node:path';
import { root } from './localStack.mjs';
import { answers, startProcess, waitUntilReady } from './processes.mjs';

const STARTUP_TIMEOUT_MS = 60_000;

/** @param {{ port: number, apiUrl: string, onOutput?: (text: string) => void }} options */
export async function startWebServer(options) {
  const started = startProcess(
    [process.execPath, join(root, 'web', 'node_modules', 'vite', 'bin', 'vite.js'), '--port', String(options.port), '--strictPort', '--host', 'localhost'],
    {
      cwd: join(root, 'web'),
      env: { ...process.env, VITE_API_URL: options.apiUrl },
      onOutput: options.onOutput,
    },
  );
  const url = `http://localhost:${options.port}`;
  await waitUntilReady(started, () => answers(url), { name: 'Vite', timeoutMs: STARTUP_TIMEOUT_MS });
  return { url, stop: started.stop };
}
