import { existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FactBase } from '../src/factbase/factbase.js';
import { loadFactBaseFile } from '../src/factbase/load.js';
import { createSearcher } from '../src/search/searcher.js';
import { createFuseEngine } from './fuse-engine.js';
import { generate, type PlantedQuery } from './synthetic.js';

/**
 * npm run bench [-- --sizes 1k,10k,100k,1M] [--queries 200] [--json]
 * Prints, per size and engine: index build time, memory, query p50/p95, recall@5 for plain and
 * typo queries. fuse.js runs only where one query stays under ~2 s.
 */
interface Row {
  engine: string;
  size: number | 'real';
  status: 'ok' | 'capped';
  buildMs?: number;
  memoryMB?: number;
  queries?: number;
  p50Ms?: number;
  p95Ms?: number;
  recallPlain?: number;
  recallTypo?: number;
  loadMs?: number;
  facts?: number;
}

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1k,10k,100k,1M' },
    queries: { type: 'string', default: '200' },
    json: { type: 'boolean', default: false },
    'fuse-budget-ms': { type: 'string', default: '2000' },
  },
});
const sizes = values.sizes.split(',').map(parseSize);
const plantedCount = Number(values.queries);
const fuseBudget = Number(values['fuse-budget-ms']);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const out = (row: Row): void => {
  if (values.json) process.stdout.write(JSON.stringify(row) + '\n');
  else rows.push(row);
};
const rows: Row[] = [];

if (!values.json) {
  process.stderr.write(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}\n`);
}

benchRealFactBase();
let fuseMsPerFact: number | undefined;
for (const size of sizes) {
  process.stderr.write(`generating ${size} facts…\n`);
  const synthetic = generate(size, Math.min(plantedCount, size));
  const fb = new FactBase(synthetic.data);
  out(benchBriefbot(fb, synthetic.queries, size));
  const predicted = fuseMsPerFact === undefined ? 0 : fuseMsPerFact * size;
  if (predicted > fuseBudget) out({ engine: 'fuse.js', size, status: 'capped' });
  else {
    const row = benchFuse(fb, synthetic.queries, size);
    fuseMsPerFact = (row.p50Ms ?? 0) / size;
    out(row);
  }
  gc();
}
if (!values.json) printTable(rows);

function benchRealFactBase(): void {
  const file = join(process.env['DATA_DIR'] ?? 'data', 'factbase.json');
  if (!existsSync(file)) {
    process.stderr.write(`${file} not found: skipping the real fact base load\n`);
    return;
  }
  const times: number[] = [];
  let facts = 0;
  for (let run = 0; run < 9; run++) {
    const t0 = performance.now();
    const fb = new FactBase(loadFactBaseFile(file));
    createSearcher(fb).search('kenya malaysia');
    times.push(performance.now() - t0);
    facts = fb.facts.length;
  }
  out({ engine: 'briefbot', size: 'real', status: 'ok', facts, loadMs: round(percentile(times, 0.5)) });
}

function memoryNow(): number {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function benchBriefbot(fb: FactBase, queries: PlantedQuery[], size: number): Row {
  return benchEngine('briefbot', size, () => createSearcher(fb), (searcher) => {
    const run = (q: string): string[] => searcher.search(q, { limit: 5 }).hits.map((h) => h.fact.id);
    for (const q of queries.slice(0, 10)) run(q.plain); // warm the JIT
    return { sample: queries, run };
  });
}

function benchFuse(fb: FactBase, queries: PlantedQuery[], size: number): Row {
  return benchEngine('fuse.js', size, () => createFuseEngine(fb.facts), (engine) => ({
    // Few queries: each one scans every fact.
    sample: queries.slice(0, size <= 1000 ? 20 : 4),
    run: (q: string) => engine.search(q, 5),
  }));
}

/** Build time and heap of `build`, then latency and recall of the queries `prepare` picks. */
function benchEngine<E>(
  engine: string,
  size: number,
  build: () => E,
  prepare: (built: E) => { sample: PlantedQuery[]; run: (q: string) => string[] },
): Row {
  const before = memoryNow();
  const t0 = performance.now();
  const built = build();
  const buildMs = performance.now() - t0;
  const memoryMB = (memoryNow() - before) / 2 ** 20;
  const { sample, run } = prepare(built);
  const { times, recallPlain, recallTypo } = measure(sample, run);
  return {
    engine,
    size,
    status: 'ok',
    buildMs: round(buildMs),
    memoryMB: round(memoryMB),
    queries: times.length,
    p50Ms: round(percentile(times, 0.5)),
    p95Ms: round(percentile(times, 0.95)),
    recallPlain,
    recallTypo,
  };
}

function measure(
  queries: PlantedQuery[],
  run: (q: string) => string[],
): { times: number[]; recallPlain: number; recallTypo: number } {
  const times: number[] = [];
  let plain = 0;
  let typo = 0;
  for (const q of queries) {
    let t0 = performance.now();
    if (run(q.plain).includes(q.factId)) plain++;
    times.push(performance.now() - t0);
    t0 = performance.now();
    if (run(q.typo).includes(q.factId)) typo++;
    times.push(performance.now() - t0);
  }
  const n = Math.max(1, queries.length);
  return { times, recallPlain: round(plain / n, 3), recallTypo: round(typo / n, 3) };
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
  if (!m) throw new Error(`--sizes: cannot read "${s}" (e.g. 1k,10k,100k,1M)`);
  return Math.round(Number(m[1]) * (m[2]?.toLowerCase() === 'k' ? 1e3 : m[2]?.toLowerCase() === 'm' ? 1e6 : 1));
}

function printTable(all: Row[]): void {
  const header = ['engine', 'facts', 'build', 'memory', 'queries', 'p50', 'p95', 'recall@5 plain', 'recall@5 typo'];
  const lines = all.map((r) => {
    if (r.size === 'real') return [r.engine, `real (${r.facts})`, `load+index ${r.loadMs} ms (median of 9)`, '', '', '', '', '', ''];
    if (r.status === 'capped') return [r.engine, String(r.size), 'capped', '', '', '', '', '', ''];
    return [
      r.engine,
      String(r.size),
      `${r.buildMs} ms`,
      `${r.memoryMB} MB`,
      String(r.queries),
      `${r.p50Ms} ms`,
      `${r.p95Ms} ms`,
      String(r.recallPlain),
      String(r.recallTypo),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  process.stdout.write([fmt(header), fmt(widths.map((w) => '-'.repeat(w))), ...lines.map(fmt)].join('\n') + '\n');
}
