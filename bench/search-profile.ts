import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { FactBase } from '../src/factbase/factbase.js';
import { createSearcher } from '../src/search/searcher.js';
import { generateEnglish, QUERY_CLASSES, type QueryClass } from './english-corpus.js';

/**
 * A driver to profile briefbot alone on the bench's corpus (bench/english-corpus.ts):
 *   node --expose-gc dist/bench/search-profile.js --size 1M [--classes typo,entity+words] [--repeat 3] [--out top.json]
 *     [--profile prefix] [--before /work/main/dist]
 * Prints p50/p95 and recall@5 per class and the slowest queries; --out writes every query's top 5
 * so two builds can be compared answer for answer.
 */
const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '100k' },
    'per-class': { type: 'string', default: '40' },
    classes: { type: 'string', default: QUERY_CLASSES.join(',') },
    repeat: { type: 'string', default: '1' },
    out: { type: 'string' },
    /** A CPU profile of the query loop alone (not the build), to this file. */
    profile: { type: 'string' },
    /** Another build's dist/ (e.g. main's): its searcher over the same facts, run interleaved, answers compared. */
    before: { type: 'string' },
  },
});
const size = parseSize(values.size);
const classes = new Set(values.classes.split(',').map((c) => c.trim()));
const corpus = generateEnglish(size, Number(values['per-class']));
const t0 = performance.now();
const fb = new FactBase(corpus.data);
const searcher = createSearcher(fb);
process.stderr.write(`built ${size} facts in ${Math.round(performance.now() - t0)} ms\n`);
type Search = typeof searcher;
const old: Search | undefined =
  values.before === undefined
    ? undefined
    : ((await import(`${values.before}/src/search/searcher.js`)) as { createSearcher: (f: FactBase) => Search }).createSearcher(fb);
const oldTimes = new Map<QueryClass, number[]>();
let differ = 0;
const queries = corpus.queries.filter((q) => classes.has(q.cls));
for (const q of queries.slice(0, 10)) searcher.search(q.text, { limit: 5 });
// As the bench does: queries start from a collected heap (run with --expose-gc).
(globalThis as { gc?: () => void }).gc?.();
const gcs: { start: number; end: number }[] = [];
const observer = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcs.push({ start: e.startTime, end: e.startTime + e.duration });
});
observer.observe({ entryTypes: ['gc'] });
const session = new Session();
if (values.profile !== undefined) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
}
const times = new Map<QueryClass, number[]>();
const hits = new Map<QueryClass, number>();
const slow: { ms: number; text: string; cls: string; start: number; end: number }[] = [];
const tops: Record<string, string[]> = {};
for (let r = 0; r < Number(values.repeat); r++) {
  for (const [qi, q] of queries.entries()) {
    let oldTop: string[] | undefined;
    const runOld = (): void => {
      if (old === undefined) return;
      const s = performance.now();
      oldTop = old.search(q.text, { limit: 5 }).hits.map((h) => h.fact.id);
      (oldTimes.get(q.cls) ?? oldTimes.set(q.cls, []).get(q.cls)!).push(performance.now() - s);
    };
    // Interleaved, the order alternating, so machine noise hits both builds alike.
    if (qi % 2 === 0) runOld();
    const s = performance.now();
    const top = searcher.search(q.text, { limit: 5 }).hits.map((h) => h.fact.id);
    const ms = performance.now() - s;
    if (qi % 2 === 1) runOld();
    if (r === 0 && oldTop !== undefined && JSON.stringify(oldTop) !== JSON.stringify(top)) {
      differ++;
      process.stdout.write(`differs: ${q.cls} ${q.text}\n  before ${oldTop.join(' ')}\n  after  ${top.join(' ')} (target ${q.factId})\n`);
    }
    if (r === 0) {
      tops[`${q.cls}|${q.text}`] = top;
      if (top.includes(q.factId)) hits.set(q.cls, (hits.get(q.cls) ?? 0) + 1);
    }
    (times.get(q.cls) ?? times.set(q.cls, []).get(q.cls)!).push(ms);
    slow.push({ ms, text: q.text, cls: q.cls, start: s, end: s + ms });
  }
}
if (values.profile !== undefined) {
  await session.post('Profiler.stop');
  // Then one profile per class, its queries three times over, to see where each class spends.
  for (const cls of new Set(queries.map((q) => q.cls))) {
    await session.post('Profiler.start');
    for (let r = 0; r < 3; r++) for (const q of queries) if (q.cls === cls) searcher.search(q.text, { limit: 5 });
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(`${values.profile}.${cls}.cpuprofile`, JSON.stringify(profile));
  }
}
await new Promise((r) => setTimeout(r, 50));
const gcIn = (a: number, b: number): number => gcs.reduce((sum, g) => sum + Math.max(0, Math.min(b, g.end) - Math.max(a, g.start)), 0);
for (const [cls, ts] of times) {
  const n = queries.filter((q) => q.cls === cls).length;
  const o = oldTimes.get(cls);
  const was = o === undefined ? '' : `   (before: p50 ${pct(o, 0.5).toFixed(2)} ms  p95 ${pct(o, 0.95).toFixed(2)} ms)`;
  process.stdout.write(`${cls.padEnd(18)} p50 ${pct(ts, 0.5).toFixed(2)} ms  p95 ${pct(ts, 0.95).toFixed(2)} ms  recall@5 ${((hits.get(cls) ?? 0) / n).toFixed(3)}${was}\n`);
}
const all = [...times.values()].flat();
const oldAll = [...oldTimes.values()].flat();
const wasAll = old === undefined ? '' : `   (before: p50 ${pct(oldAll, 0.5).toFixed(2)} ms  p95 ${pct(oldAll, 0.95).toFixed(2)} ms; top 5 differs on ${differ} queries)`;
process.stdout.write(`all                p50 ${pct(all, 0.5).toFixed(2)} ms  p95 ${pct(all, 0.95).toFixed(2)} ms${wasAll}\n`);
slow.sort((a, b) => b.ms - a.ms);
for (const s of slow.slice(0, 12)) process.stdout.write(`  ${s.ms.toFixed(1)} ms (gc ${gcIn(s.start, s.end).toFixed(1)})  ${s.cls}  ${s.text}\n`);
const queryGc = slow.reduce((sum, s) => sum + gcIn(s.start, s.end), 0);
process.stdout.write(`gc during queries: ${queryGc.toFixed(0)} ms of ${slow.reduce((sum, s) => sum + s.ms, 0).toFixed(0)} ms\n`);
if (values.out !== undefined) writeFileSync(values.out, JSON.stringify(tops, null, 1));

function pct(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

function parseSize(s: string): number {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(s.trim());
  if (!m) throw new Error(`--size: cannot read "${s}"`);
  return Math.round(Number(m[1]) * (m[2]?.toLowerCase() === 'k' ? 1e3 : m[2]?.toLowerCase() === 'm' ? 1e6 : 1));
}
