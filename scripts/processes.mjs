// Child processes for the local stack: started in their own process group (so that everything they
// start can be stopped together), their output kept, and awaited until they answer.
import { spawn } from 'node:child_process';

/**
 * Starts a detached child and keeps the tail of its output.
 * @param {string[]} argv  @param {{ cwd: string, env: NodeJS.ProcessEnv, onOutput?: (text: string) => void }} options
 */
export function startProcess(argv, options) {
  const child = spawn(argv[0], argv.slice(1), { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const onData = (chunk) => {
    const text = chunk.toString();
    output = (output + text).slice(-20_000);
    options.onOutput?.(text);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  return { child, output: () => output, stop: () => stopProcessGroup(child) };
}

/**
 * Resolves once `ready()` is true; fails, stopping the process, if it exits first or time runs out.
 * @param {ReturnType<typeof startProcess>} started  @param {() => Promise<boolean>} ready
 */
export async function waitUntilReady(started, ready, { name, timeoutMs }) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { exitCode, signalCode } = started.child;
    if (exitCode !== null || signalCode !== null) {
      await started.stop(); // what it started (a JVM) may still run
      throw new Error(`${name} exited (${exitCode ?? signalCode}) before it was ready:\n${started.output().slice(-4000)}`);
    }
    if (await ready()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await started.stop();
  throw new Error(`${name} was not ready within ${timeoutMs / 1000} s:\n${started.output().slice(-4000)}`);
}

/** True when the URL answers with the expected status (any 2xx when none is given). */
export async function answers(url, status) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
    return status === undefined ? response.ok : response.status === status;
  } catch {
    return false;
  }
}

/** Ends a detached child and everything it started (DynamoDB Local's JVM included). */
export function stopProcessGroup(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      // The leader is gone; end whatever of its group is left.
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
      return resolve();
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }, 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      // The JVM may outlive its parent for a moment: make sure the whole group is gone.
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
      resolve();
    });
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      resolve();
    }
  });
}
