/**
 * Loaded into the bot by reload-bench.ts (`node --import …/stall-probe.js cli.js serve`): measures
 * the bot's own event-loop delay (perf_hooks) and answers the bench over the IPC channel, so the
 * stall is measured where requests are served, not in the bench process.
 *
 * Besides the histogram it keeps a timeline of the long stalls (a 5 ms timer that fired late) and
 * of the GC pauses and `performance.measure` entries around them, so a report can say what each
 * long stall was: a collection (which kind), a named main-thread step, or neither (the machine).
 */
import { constants, monitorEventLoopDelay, PerformanceObserver, performance } from 'node:perf_hooks';

const h = monitorEventLoopDelay({ resolution: 5 });
h.enable();

/** A stall at least this long is kept on the timeline. */
const STALL_MS = 30;
const TICK_MS = 5;

interface Span {
  name: string;
  start: number;
  ms: number;
}

const GC_KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};

// The longest GC pause, to tell a stall of our own code from the collector's (or the machine's).
let gcMaxMs = 0;
let spans: Span[] = [];
let stalls: Span[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    if (e.entryType === 'gc') {
      gcMaxMs = Math.max(gcMaxMs, e.duration);
      const kind = ((e as { detail?: unknown }).detail as { kind?: number } | undefined)?.kind ?? -1;
      if (e.duration >= 2) spans.push({ name: `gc:${GC_KINDS[kind] ?? kind}`, start: e.startTime, ms: e.duration });
    } else if (e.duration >= 2) spans.push({ name: e.name, start: e.startTime, ms: e.duration });
  }
}).observe({ entryTypes: ['gc', 'measure'] });

let last = performance.now();
const tick = setInterval(() => {
  const now = performance.now();
  const late = now - last - TICK_MS;
  if (late >= STALL_MS) stalls.push({ name: 'stall', start: last + TICK_MS, ms: late });
  last = now;
}, TICK_MS);
tick.unref();

/** Per span name: how many, the longest, and when the first and last began. */
function summary(): Record<string, { n: number; maxMs: number; first: number; last: number }> {
  const out: Record<string, { n: number; maxMs: number; first: number; last: number }> = {};
  for (const x of spans) {
    const o = (out[x.name] ??= { n: 0, maxMs: 0, first: Math.round(x.start), last: 0 });
    o.n++;
    o.maxMs = Math.max(o.maxMs, Math.round(x.ms * 10) / 10);
    o.last = Math.round(x.start);
  }
  return out;
}

/** Each long stall with the GC pauses and measured steps that overlap it. */
function timeline(): { at: number; ms: number; during: string[] }[] {
  return stalls.map((s) => ({
    at: Math.round(s.start),
    ms: Math.round(s.ms * 10) / 10,
    during: spans
      .filter((x) => x.start < s.start + s.ms && x.start + x.ms > s.start)
      .map((x) => `${x.name} ${x.ms.toFixed(1)} ms`),
  }));
}

process.on('message', (m: unknown) => {
  if (m === 'reset') {
    h.reset();
    gcMaxMs = 0;
    spans = [];
    stalls = [];
    process.send?.({ reset: true });
  } else if (m === 'report') {
    // `now` lets the asker place the timeline on its own clock.
    process.send?.({ now: performance.now(), maxMs: h.max / 1e6, p99Ms: h.percentile(99) / 1e6, meanMs: h.mean / 1e6, gcMaxMs, stalls: timeline(), spans: summary() });
  }
});
// The IPC channel must not keep the bot alive on its own.
process.channel?.unref();
