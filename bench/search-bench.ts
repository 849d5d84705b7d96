import { existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FactBase } from '../src/factbase/factbase.js';
import { loadFactBaseFile } from '../src/factbase/load.js';
import { createSearcher } from '../src/search/searcher.js';
import { generateEnglish, QUERY_CLASSES, type BenchQuery, type QueryClass } from './english-corpus.js';
import { createFlexSearch, createMiniSearch, type PeerEngine } from './peer-engines.js';

/**
 * npm run bench [-- --sizes 10k,100k,1M] [--per-class 40] [--engines briefbot,minisearch,flexsearch] [--json]
 *
 * Per size: one English fact base (bench/english-corpus.ts), every engine built over it in turn
 * (build time and heap counted whole: briefbot's includes `new FactBase`), then every query run
 * on every engine, interleaved (the engine order rotates per query) so machine noise hits all
 * alike. Reported: build, heap, p50/p95 over all queries, recall@5 per query class. Every figure
 * is measured at the size shown; nothing is extrapolated.
 */
interface Row {
  engine: string;
  size: number;
  buildMs: number;
  heapMB: number;
  queries: number;
  p50Ms: number;
  p95Ms: number;
  recall: Partial<Record<QueryClass, number>>;
  /** Where the slow queries are: p95 per query class. */
  p95ByClass: Partial<Record<QueryClass, number>>;
}

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10k,100k' },
    'per-class': { type: 'string', default: '40' },
    engines: { type: 'string', default: 'briefbot,minisearch,flexsearch' },
    json: { type: 'boolean', default: false },
  },
});
const sizes = values.sizes.split(',').map(parseSize);
const perClass = Number(values['per-class']);
const engineNames = values.engines.split(',').map((s) => s.trim());
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const rows: Row[] = [];

process.stderr.write(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}\n`);
const real = benchRealFactBase();

for (const size of sizes) {
  process.stderr.write(`generating ${size} facts…\n`);
  const corpus = generateEnglish(size, perClass);
  const engines: { name: string; engine: PeerEngine; buildMs: number; heapMB: number }[] = [];
  for (const name of engineNames) {
    process.stderr.write(`  building ${name}…\n`);
    const before = heapNow();
    const t0 = performance.now();
    const engine = build(name, corpus.data, corpus.names);
    const buildMs = performance.now() - t0;
    engines.push({ name, engine, buildMs, heapMB: (heapNow() - before) / 2 ** 20 });
  }
  // Warm every engine's JIT on a few queries that are not measured, and start from a collected heap.
  for (const e of engines) for (const q of corpus.queries.slice(0, 10)) e.engine.search(q.text, 5);
  gc();
  const times = engines.map(() => [] as number[]);
  const hits = engines.map(() => new Map<QueryClass, number>());
  corpus.queries.forEach((q, qi) => {
    for (let k = 0; k < engines.length; k++) {
      const e = (qi + k) % engines.length;
      const t0 = performance.now();
      const top = engines[e]!.engine.search(q.text, 5);
      times[e]!.push(performance.now() - t0);
      if (top.includes(q.factId)) hits[e]!.set(q.cls, (hits[e]!.get(q.cls) ?? 0) + 1);
    }
  });
  engines.forEach((e, i) => {
    const recall: Partial<Record<QueryClass, number>> = {};
    const p95ByClass: Partial<Record<QueryClass, number>> = {};
    for (const cls of QUERY_CLASSES) {
      const n = corpus.queries.filter((q: BenchQuery) => q.cls === cls).length;
      if (n > 0) recall[cls] = round((hits[i]!.get(cls) ?? 0) / n, 3);
      const mine = times[i]!.filter((_t, qi) => corpus.queries[qi]!.cls === cls);
      if (mine.length > 0) p95ByClass[cls] = round(percentile(mine, 0.95));
    }
    rows.push({
      engine: e.name,
      size,
      buildMs: round(e.buildMs, 0),
      heapMB: round(e.heapMB, 0),
      queries: times[i]!.length,
      p50Ms: round(percentile(times[i]!, 0.5)),
      p95Ms: round(percentile(times[i]!, 0.95)),
      recall,
      p95ByClass,
    });
  });
  engines.length = 0;
  gc();
}

if (values.json) process.stdout.write(JSON.stringify({ real, rows }) + '\n');
else printTables(rows);

function build(name: string, data: ReturnType<typeof generateEnglish>['data'], names: ReadonlyMap<string, string>): PeerEngine {
  if (name === 'briefbot') {
    const searcher = createSearcher(new FactBase(data));
    return { search: (q, limit) => searcher.search(q, { limit }).hits.map((h) => h.fact.id) };
  }
  if (name === 'minisearch') return createMiniSearch(data.facts, names);
  if (name === 'flexsearch') return createFlexSearch(data.facts, names);
  throw new Error(`--engines: unknown engine "${name}" (briefbot, minisearch, flexsearch)`);
}

function benchRealFactBase(): { facts: number; loadMs: number } | undefined {
  const file = join(process.env['DATA_DIR'] ?? 'data', 'factbase.json');
  if (!existsSync(file)) return undefined;
  const times: number[] = [];
  let facts = 0;
  for (let run = 0; run < 9; run++) {
    const t0 = performance.now();
    const fb = new FactBase(loadFactBaseFile(file));
    createSearcher(fb).search('kenya malaysia');
    times.push(performance.now() - t0);
    facts = fb.facts.length;
  }
  const loadMs = round(percentile(times, 0.5));
  process.stderr.write(`real fact base: ${facts} facts, load + index + first query ${loadMs} ms (median of 9)\n`);
  return { facts, loadMs };
}

function heapNow(): number {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function parseSize(s: string): number {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(s.trim());
  if (!m) throw new Error(`--sizes: cannot read "${s}" (e.g. 10k,100k,1M)`);
  return Math.round(Number(m[1]) * (m[2]?.toLowerCase() === 'k' ? 1e3 : m[2]?.toLowerCase() === 'm' ? 1e6 : 1));
}

function printTables(all: Row[]): void {
  const header = ['engine', 'facts', 'build', 'heap', 'queries', 'p50', 'p95', ...QUERY_CLASSES];
  const lines = all.map((r) => [
    r.engine,
    String(r.size),
    `${r.buildMs} ms`,
    `${r.heapMB} MB`,
    String(r.queries),
    `${r.p50Ms} ms`,
    `${r.p95Ms} ms`,
    ...QUERY_CLASSES.map((c) => (r.recall[c] === undefined ? '' : String(r.recall[c]))),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  process.stdout.write(
    ['recall@5 per query class:', fmt(header), fmt(widths.map((w) => '-'.repeat(w))), ...lines.map(fmt)].join('\n') + '\n',
  );
  const latencyHeader = ['engine', 'facts', ...QUERY_CLASSES];
  const latency = all.map((r) => [r.engine, String(r.size), ...QUERY_CLASSES.map((c) => (r.p95ByClass[c] === undefined ? '' : `${r.p95ByClass[c]} ms`))]);
  const lw = latencyHeader.map((h, i) => Math.max(h.length, ...latency.map((l) => l[i]!.length)));
  const lfmt = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(lw[i]!)).join(' | ')} |`;
  process.stdout.write(['p95 per query class:', lfmt(latencyHeader), lfmt(lw.map((w) => '-'.repeat(w))), ...latency.map(lfmt)].join('\n') + '\n');
}
