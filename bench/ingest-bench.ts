/**
 * `npm run bench:ingest`: the incremental ingest (ingestArticles, the call commitArticles makes)
 * of BENCH_BATCH (default 1,000) new articles into a fact base of BENCH_BASE_FACTS (default
 * 100,000) facts, BENCH_RUNS rounds (default 3), each round into the same base; then, side by
 * side at a small size (BENCH_SMALL articles, default 150, plus 30 new), the incremental ingest
 * against the full rebuild (`briefbot ingest`), which at 100k facts is out of reach (it judges
 * every pair of sentences: ~5·10⁹ pairs).
 *
 * Articles are the seed and fixture articles with their countries swapped for others from a pool
 * and every figure varied, so claims repeat across outlets about as in real news. The base: a few
 * hundred such articles really ingested, their facts then copied with other countries swapped in
 * until the base holds BENCH_BASE_FACTS (each copy's article written to disk with the same swap,
 * so it is on disk as the ingest expects, but not drafted again: drafting 8,000 articles would
 * take the bench's whole budget). Copied citations' offsets are not re-checked against the copies.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Fact, FactBaseData } from '../src/factbase/schema.js';
import { FACTBASE_FORMAT_VERSION } from '../src/factbase/schema.js';
import { buildFactBase } from '../src/ingest/build.js';
import { ingestArticles } from '../src/ingest/incremental.js';
import { Writable } from 'node:stream';
import { createLogger, silentLogger } from '../src/logger.js';
import { mulberry32 } from './synthetic.js';

const BATCH = Number(process.env['BENCH_BATCH'] ?? 1000);
const BASE_FACTS = Number(process.env['BENCH_BASE_FACTS'] ?? 100_000);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);
const SEEDED = Number(process.env['BENCH_SEEDED'] ?? 300);
const SMALL = Number(process.env['BENCH_SMALL'] ?? 150);
const root = join(import.meta.dirname, '..', '..');
const CONFIG = ['entities.yaml', 'countries.generated.yaml', 'topics.yaml', 'rates.yaml', 'synonyms.yaml'];

/** [name, demonym, id]: the countries the templates name and the ones swapped in. */
const POOL: readonly [string, string, string][] = [
  ['Ghana', 'Ghanaian', 'GHA'], ['Nigeria', 'Nigerian', 'NGA'], ['Kenya', 'Kenyan', 'KEN'], ['Morocco', 'Moroccan', 'MAR'],
  ['Brazil', 'Brazilian', 'BRA'], ['Indonesia', 'Indonesian', 'IDN'], ['Chile', 'Chilean', 'CHL'], ['India', 'Indian', 'IND'],
  ['Vietnam', 'Vietnamese', 'VNM'], ['Norway', 'Norwegian', 'NOR'], ['France', 'French', 'FRA'], ['Senegal', 'Senegalese', 'SEN'],
  ['Argentina', 'Argentine', 'ARG'], ['Malaysia', 'Malaysian', 'MYS'], ['China', 'Chinese', 'CHN'], ['Egypt', 'Egyptian', 'EGY'],
  ['Peru', 'Peruvian', 'PER'], ['Japan', 'Japanese', 'JPN'], ['Mexico', 'Mexican', 'MEX'], ['Ethiopia', 'Ethiopian', 'ETH'],
  ['Tanzania', 'Tanzanian', 'TZA'], ['Zambia', 'Zambian', 'ZMB'], ['Uganda', 'Ugandan', 'UGA'], ['Canada', 'Canadian', 'CAN'],
  ['Germany', 'German', 'DEU'], ['Spain', 'Spanish', 'ESP'], ['Italy', 'Italian', 'ITA'], ['Thailand', 'Thai', 'THA'],
  ['Colombia', 'Colombian', 'COL'], ['Rwanda', 'Rwandan', 'RWA'], ['Angola', 'Angolan', 'AGO'], ['Portugal', 'Portuguese', 'PRT'],
];
const NAMES = new RegExp(`\\b(?:${POOL.map(([n, d]) => `${n}|${d}`).join('|')})\\b`, 'gu');

interface Template {
  id: string;
  front: string;
  body: string;
}

function templates(): Template[] {
  const files = [
    ...readdirSync(join(root, 'data', 'articles')).map((f) => join(root, 'data', 'articles', f)),
    ...readdirSync(join(root, 'tests', 'fixtures', 'articles')).map((f) => join(root, 'tests', 'fixtures', 'articles', f)),
    ...readdirSync(join(root, 'tests', 'fixtures', 'incremental')).filter((f) => f.endsWith('.md')).map((f) => join(root, 'tests', 'fixtures', 'incremental', f)),
  ].filter((f) => f.endsWith('.md'));
  return files.map((file) => {
    const text = readFileSync(file, 'utf8');
    const close = text.indexOf('\n---\n', 3);
    return { id: /\nid: (.+)\n/.exec(text)![1]!, front: text.slice(4, close + 1), body: text.slice(close + 5) };
  });
}

/** A random swap of every pool country for another (a permutation, so two named countries stay two). */
function swap(rand: () => number): Map<string, readonly [string, string, string]> {
  const order = POOL.map((c) => [rand(), c] as const).sort((a, b) => a[0] - b[0]).map(([, c]) => c);
  return new Map(POOL.map((c, i) => [c[2], order[i]!]));
}

function applySwap(text: string, s: Map<string, readonly [string, string, string]>): string {
  return text.replace(NAMES, (w) => {
    const c = POOL.find(([n, d]) => n === w || d === w)!;
    const to = s.get(c[2])!;
    return w === c[0] ? to[0] : to[1];
  });
}

/** Figures varied, years kept (dates stay dates). */
function varyNumbers(text: string, rand: () => number): string {
  return text.replace(/\b\d+(?:\.\d+)?\b/gu, (n) => {
    if (/^(?:19|20)\d\d$/.test(n) || n.length === 1) return n;
    const digits = n.replace('.', '').length;
    const v = Math.floor(10 ** (digits - 1) + rand() * 9 * 10 ** (digits - 1));
    return n.includes('.') ? (v / 10).toFixed(1) : String(v);
  });
}

function writeArticle(dir: string, id: string, t: Template, s: Map<string, readonly [string, string, string]>, rand: () => number): void {
  const front = t.front.replace(/^id: .+$/mu, `id: ${id}`).replace(/^url: (\S+)$/mu, (_m, u: string) => `url: ${u}-${id}`);
  writeFileSync(join(dir, 'articles', `${id}.md`), `---\n${applySwap(front, s)}---\n${varyNumbers(applySwap(t.body, s), rand)}`);
}

function newArticles(dir: string, prefix: string, count: number, ts: readonly Template[], rand: () => number): string[] {
  const ids: string[] = [];
  for (let k = 0; k < count; k++) {
    const t = ts[Math.floor(rand() * ts.length)]!;
    const id = `${prefix}${String(k).padStart(5, '0')}-${t.id}`.slice(0, 120);
    writeArticle(dir, id, t, swap(rand), rand);
    ids.push(id);
  }
  return ids;
}

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'briefbot-ingest-bench-'));
  mkdirSync(join(dir, 'articles'));
  for (const f of CONFIG) cpSync(join(root, 'data', f), join(dir, f));
  return dir;
}

const empty = (): FactBaseData => ({ formatVersion: FACTBASE_FORMAT_VERSION, articles: [], entities: [], topics: [], facts: [] });

/** The base: SEEDED articles really ingested, then copies of their facts under other countries. */
function buildBase(dir: string, ts: readonly Template[], rand: () => number): FactBaseData {
  const ids = newArticles(dir, 'b', SEEDED, ts, rand);
  let base = empty();
  for (let i = 0; i < ids.length; i += 100) {
    base = ingestArticles({ dataDir: dir, previous: base, articleIds: ids.slice(i, i + 100), now: new Date(), logger: silentLogger() }).data;
  }
  const seeded = base;
  const facts: Fact[] = [...seeded.facts];
  const articles = [...seeded.articles];
  const bodies = new Map(ids.map((id) => [id, readFileSync(join(dir, 'articles', `${id}.md`), 'utf8')]));
  for (let copy = 1; facts.length < BASE_FACTS; copy++) {
    const s = swap(rand);
    const idMap = (a: string): string => `c${copy}-${a}`.slice(0, 120);
    for (const a of seeded.articles) {
      const text = applySwap(bodies.get(a.id)!, s).replace(/^id: .+$/mu, `id: ${idMap(a.id)}`);
      writeFileSync(join(dir, 'articles', `${idMap(a.id)}.md`), text);
      articles.push({ ...a, id: idMap(a.id), title: applySwap(a.title, s) });
    }
    const swapId = (e: string): string => s.get(e)?.[2] ?? e;
    for (const f of seeded.facts) {
      if (facts.length >= BASE_FACTS) break;
      facts.push({
        ...f,
        id: `f_${copy.toString(16).padStart(4, '0')}${f.id.slice(6)}`,
        text: applySwap(f.text, s),
        entities: [...new Set(f.entities.map(swapId))].sort(),
        context: f.context.map((c) => ({ ...c, id: swapId(c.id) })),
        citations: f.citations.map((c) => ({ ...c, articleId: idMap(c.articleId), quote: applySwap(c.quote, s) })),
        related: [],
      });
    }
  }
  return { ...seeded, articles: articles.sort((a, b) => a.id.localeCompare(b.id)), facts };
}

/** The incremental ingest's own log line of the last batch: drafting and comparing time, pairs judged. */
let lastPhases: { draftMs?: number; compareMs?: number; pairsJudged?: number; drafts?: number } = {};
const phaseLogger = createLogger({
  level: 'info',
  destination: new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        const rec = JSON.parse(line) as typeof lastPhases & { msg?: string };
        if (rec.msg === 'fact base updated incrementally') lastPhases = rec;
      }
      done();
    },
  }),
});

/**
 * Facts of the incremental result that differ from the full build's and hold no old sentence the
 * full build grouped differently from `before` (the bound tests/ingest/incremental.test.ts states).
 */
function differingUnexplained(inc: FactBaseData, full: FactBaseData, before: FactBaseData): number {
  const key = (c: { articleId: string; start: number }): string => `${c.articleId}:${c.start}`;
  const oldKeys = new Set(before.facts.flatMap((f) => f.citations.map(key)));
  const companions = (fb: FactBaseData): Map<string, string> =>
    new Map(fb.facts.flatMap((f) => {
      const olds = f.citations.map(key).filter((k) => oldKeys.has(k));
      return olds.map((k) => [k, [...olds].sort().join('|')] as const);
    }));
  const was = companions(before);
  const inFull = companions(full);
  const regrouped = new Set([...oldKeys].filter((k) => inFull.get(k) !== was.get(k)));
  const excused = new Set([...inc.facts, ...full.facts].filter((f) => f.citations.some((c) => regrouped.has(key(c)))).map((f) => f.id));
  const strip = (f: Fact): string => JSON.stringify({ ...f, firstSeen: '', related: f.related.filter((r) => !excused.has(r.factId)) });
  const fullRest = new Set(full.facts.filter((f) => !excused.has(f.id)).map(strip));
  const bad = inc.facts.filter((f) => !excused.has(f.id) && !fullRest.has(strip(f)));
  if (process.env['BENCH_SHOW_DIFF']) {
    const byId = new Map(full.facts.map((f) => [f.id, f]));
    for (const f of bad.slice(0, 3)) process.stdout.write(`INC  ${strip(f).slice(0, 1500)}\nFULL ${byId.get(f.id) ? strip(byId.get(f.id)!).slice(0, 1500) : '(none)'}\n`);
  }
  return bad.length;
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0;
}

function main(): void {
  const rand = mulberry32(11);
  const ts = templates();
  const dir = freshDir();
  try {
    let t = performance.now();
    const base = buildBase(dir, ts, rand);
    process.stdout.write(`base: ${base.facts.length} facts, ${base.articles.length} articles (built in ${((performance.now() - t) / 1000).toFixed(1)} s)\n`);
    const batchMs: number[] = [];
    let added = 0;
    for (let r = 0; r < RUNS; r++) {
      const ids = newArticles(dir, `n${r}-`, BATCH, ts, rand);
      t = performance.now();
      const out = ingestArticles({ dataDir: dir, previous: base, articleIds: ids, now: new Date(), logger: phaseLogger }).data;
      batchMs.push(performance.now() - t);
      added = out.facts.length - base.facts.length;
      const ph = lastPhases;
      process.stdout.write(
        `  batch ${r + 1}: ${BATCH} articles in ${(batchMs[r]! / 1000).toFixed(1)} s (+${added} facts; drafting ${ph.drafts} sentences ${((ph.draftMs ?? 0) / 1000).toFixed(1)} s, ` +
          `corroborating ${((ph.compareMs ?? 0) / 1000).toFixed(1)} s, ${ph.pairsJudged} pairs judged)\n`,
      );
      for (const id of ids) rmSync(join(dir, 'articles', `${id}.md`));
    }
    const total = batchMs.reduce((a, b) => a + b, 0);
    process.stdout.write(
      `incremental, ${BATCH} new articles into ${base.facts.length} facts: median ${(pct(batchMs, 50) / 1000).toFixed(1)} s, p95 ${(pct(batchMs, 95) / 1000).toFixed(1)} s per batch, ` +
        `total ${(total / 1000).toFixed(1)} s over ${RUNS}; ${(pct(batchMs, 50) / BATCH).toFixed(1)} ms per article\n`,
    );

    // Side by side at a size the full rebuild can do.
    const small = freshDir();
    try {
      const oldIds = newArticles(small, 's', SMALL, ts, rand);
      const before = buildFactBase({ dataDir: small, now: new Date(), logger: silentLogger() });
      const ids = newArticles(small, 'z', Math.max(1, Math.round(SMALL / 5)), ts, rand);
      t = performance.now();
      const inc = ingestArticles({ dataDir: small, previous: before, articleIds: ids, now: new Date(), logger: silentLogger() }).data;
      const incMs = performance.now() - t;
      t = performance.now();
      const full = buildFactBase({ dataDir: small, previous: before, now: new Date(), logger: silentLogger() });
      const fullMs = performance.now() - t;
      const same = new Set(full.facts.map((f) => JSON.stringify({ ...f, firstSeen: '' })));
      const differing = inc.facts.filter((f) => !same.has(JSON.stringify({ ...f, firstSeen: '' }))).length;
      const unexplained = differingUnexplained(inc, full, before);
      process.stdout.write(
        `small: ${ids.length} new articles into ${before.facts.length} facts (${oldIds.length} articles): incremental ${(incMs / 1000).toFixed(2)} s, full rebuild ${(fullMs / 1000).toFixed(2)} s; ` +
          `facts ${inc.facts.length} vs ${full.facts.length}, ${differing} differing, ${unexplained} of them not explained by the full build regrouping old sentences\n`,
      );
      process.stdout.write(
        `${JSON.stringify({ bench: 'ingest', batch: BATCH, baseFacts: base.facts.length, runs: RUNS, medianMs: Math.round(pct(batchMs, 50)), p95Ms: Math.round(pct(batchMs, 95)), totalMs: Math.round(total), small: { articles: oldIds.length, added: ids.length, incMs: Math.round(incMs), fullMs: Math.round(fullMs), differing, unexplained } })}\n`,
      );
    } finally {
      rmSync(small, { recursive: true, force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
