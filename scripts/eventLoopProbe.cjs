// Preloaded into the local stack's process by `pnpm bench:e2e` (NODE_OPTIONS=--require): measures
// how long the event loop that serves the API and S3 is held up. SIGUSR2 starts a new window; the
// window's figures are written to EVENT_LOOP_REPORT every 250 ms.
const { monitorEventLoopDelay } = require('node:perf_hooks');
const { writeFileSync } = require('node:fs');

const report = process.env.EVENT_LOOP_REPORT;
if (report) {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  process.on('SIGUSR2', () => histogram.reset());
  const ms = (ns) => Math.round(ns / 1e4) / 100;
  setInterval(() => {
    const figures = { p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max), samples: histogram.count };
    writeFileSync(report, JSON.stringify(figures));
  }, 250).unref();
}
