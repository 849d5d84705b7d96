/**
 * Loaded into the bot by reload-bench.ts (`node --import …/stall-probe.js cli.js serve`): measures
 * the bot's own event-loop delay (perf_hooks) and answers the bench over the IPC channel, so the
 * stall is measured where requests are served, not in the bench process.
 */
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

const h = monitorEventLoopDelay({ resolution: 5 });
h.enable();
// The longest GC pause, to tell a stall of our own code from the collector's (or the machine's).
let gcMaxMs = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcMaxMs = Math.max(gcMaxMs, e.duration);
}).observe({ entryTypes: ['gc'] });
process.on('message', (m: unknown) => {
  if (m === 'reset') {
    h.reset();
    gcMaxMs = 0;
    process.send?.({ reset: true });
  } else if (m === 'report') {
    process.send?.({ maxMs: h.max / 1e6, p99Ms: h.percentile(99) / 1e6, meanMs: h.mean / 1e6, gcMaxMs });
  }
});
// The IPC channel must not keep the bot alive on its own.
process.channel?.unref();
