export default async function globalTeardown() {
  const running = globalThis.__PIPELINE__;
  if (!running) return;
  await Promise.all([running.web?.stop(), running.stack.stop()]);
  running.cleanUp?.();
}
