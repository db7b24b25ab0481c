import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  const running = globalThis.__PIPELINE__;
  if (!running) return;
  await Promise.all(running.stacks.flatMap(({ stack, web }) => [web?.stop(), stack.stop()]));
  for (const { cleanUp } of running.stacks) cleanUp?.();
  rmSync(running.workDir, { recursive: true, force: true });
}
