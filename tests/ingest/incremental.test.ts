import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FactBaseSchema, type FactBaseData } from '../../src/factbase/schema.js';
import { commitArticles } from '../../src/inflow/commit-articles.js';
import { buildFactBase, serializeFactBase } from '../../src/ingest/build.js';
import { ingestArticles } from '../../src/ingest/incremental.js';
import { silentLogger } from '../../src/logger.js';

const NOW = new Date('2026-01-01T06:00:00.000Z');
const LATER = new Date('2026-01-02T06:00:00.000Z');
const CONFIG = ['entities.yaml', 'countries.generated.yaml', 'topics.yaml', 'rates.yaml', 'synonyms.yaml'];
const SEEDS = readdirSync('data/articles').filter((f) => f.endsWith('.md')).map((f) => join('data/articles', f));
const FIXTURES = [
  ...readdirSync('tests/fixtures/articles').filter((f) => f.endsWith('.md')).map((f) => join('tests/fixtures/articles', f)),
  'tests/fixtures/incremental/inc-harbourpost-2025-03-05-ghana-nigeria-corridor.md',
  'tests/fixtures/incremental/v1/inc-valleytimes-2025-06-02-zambia-tanzania-rail.md',
];
const idOf = (file: string): string => file.replace(/^.*\//, '').replace(/\.md$/, '');

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A data directory with the project's gazetteer, topics, rates and synonyms and the given articles. */
function dataDir(articles: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'briefbot-incremental-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'articles'));
  for (const f of CONFIG) cpSync(join('data', f), join(dir, f));
  for (const a of articles) cpSync(a, join(dir, 'articles', a.replace(/^.*\//, '')));
  return dir;
}

const full = (dir: string, now: Date, previous?: FactBaseData): FactBaseData =>
  buildFactBase({ dataDir: dir, now, logger: silentLogger(), ...(previous ? { previous } : {}) });
const incremental = (dir: string, previous: FactBaseData, articleIds: string[], now = LATER): FactBaseData =>
  ingestArticles({ dataDir: dir, previous, articleIds, now, logger: silentLogger() }).data;

/**
 * The whole fact base, firstSeen included: a full build given the same previous fact base keeps
 * the same firstSeen rule (previous fact's, else now), so nothing needs to be left out.
 */
function expectSameFactBase(got: FactBaseData, want: FactBaseData): void {
  expect(got.articles).toEqual(want.articles);
  expect(got.entities).toEqual(want.entities);
  expect(got.topics).toEqual(want.topics);
  expect(got.facts.map((f) => f.id)).toEqual(want.facts.map((f) => f.id));
  expect(got.facts).toEqual(want.facts);
}

const keyOf = (c: { articleId: string; start: number }): string => `${c.articleId}:${c.start}`;

/**
 * Where exact equality cannot hold. Term rarity is corpus-wide, so a full build with one more
 * article may judge a pair of two OLD sentences differently (merge two that were apart, or split
 * a merged one: seen here with a forum rewrite whose similarity to the wire report sits at the
 * threshold). The incremental ingest never re-judges old pairs (that is what keeps ids stable and
 * what an earlier attempt got wrong), so it keeps the old grouping. The bound tested: the old
 * sentences are grouped exactly as in `before`; every fact that holds no old sentence the full
 * build regrouped (nor links to one) is identical to the full build's; at most `maxExcused` are not.
 */
function expectFullBuildUpToOldRegrouping(got: FactBaseData, want: FactBaseData, before: FactBaseData, maxExcused: number): void {
  expect(got.articles).toEqual(want.articles);
  expect(got.topics).toEqual(want.topics);
  const oldKeys = new Set(before.facts.flatMap((f) => f.citations.map(keyOf)));
  const companions = (fb: FactBaseData): Map<string, string> =>
    new Map(fb.facts.flatMap((f) => {
      const olds = f.citations.map(keyOf).filter((k) => oldKeys.has(k)).sort().join('|');
      return f.citations.map(keyOf).filter((k) => oldKeys.has(k)).map((k) => [k, olds] as const);
    }));
  const was = companions(before);
  expect(companions(got)).toEqual(was);
  const inFull = companions(want);
  const regrouped = new Set([...oldKeys].filter((k) => inFull.get(k) !== was.get(k)));
  const excused = new Set(
    [...got.facts, ...want.facts].filter((f) => f.citations.some((c) => regrouped.has(keyOf(c)))).map((f) => f.id),
  );
  expect(excused.size).toBeLessThanOrEqual(maxExcused);
  const rest = (fb: FactBaseData) =>
    fb.facts.filter((f) => !excused.has(f.id)).map((f) => ({ ...f, related: f.related.filter((r) => !excused.has(r.factId)) }));
  expect(rest(got)).toEqual(rest(want));
  // Entities differ at most by names only an excused fact carries.
  const carried = (fb: FactBaseData) => new Set(rest(fb).flatMap((f) => [...f.entities, ...f.context.map((c) => c.id), ...(f.speaker ? [f.speaker] : [])]));
  const mine = carried(got);
  expect(got.entities.filter((e) => mine.has(e.id))).toEqual(want.entities.filter((e) => mine.has(e.id)));
}

/** Leaves `out` out of a full build of `corpus`, adds it incrementally, compares with the full build of all. */
function leaveOneOut(corpus: readonly string[], out: string, exact: boolean): { before: FactBaseData; after: FactBaseData } {
  const dir = dataDir(corpus.filter((f) => f !== out));
  const before = full(dir, NOW);
  cpSync(out, join(dir, 'articles', out.replace(/^.*\//, '')));
  const after = incremental(dir, before, [idOf(out)]);
  expect(FactBaseSchema.parse(after)).toEqual(after);
  if (exact) expectSameFactBase(after, full(dir, LATER, before));
  else expectFullBuildUpToOldRegrouping(after, full(dir, LATER, before), before, 3);
  return { before, after };
}

describe('incremental ingest gives the full build', () => {
  it.each(SEEDS.map((f) => [idOf(f), f] as const))('of the seeds, with %s added last', (_id, out) => {
    const { before, after } = leaveOneOut(SEEDS, out, true);
    // Facts that were there keep their firstSeen; the ones the article brought are first seen now.
    const old = new Map(before.facts.map((f) => [f.id, f.firstSeen]));
    for (const f of after.facts) expect(f.firstSeen).toBe(old.get(f.id) ?? LATER.toISOString());
    expect(after.facts.some((f) => !old.has(f.id))).toBe(true);
  });

  // Exact for all but two: adding either of those shifts rarity so that the full build splits the
  // forum rewrite's lead off the wire report it had merged with (see expectFullBuildUpToOldRegrouping).
  const REGROUPS_OLD = new Set(['d1-forum-2025-09-18-morocco-brazil-fertiliser', 'f2-afp-2025-03-03-ghana-nigeria-power-corridor']);
  it.each(FIXTURES.map((f) => [idOf(f), f] as const))('of the seeds and fixture articles, with %s added last', (id, out) => {
    leaveOneOut([...SEEDS, ...FIXTURES], out, !REGROUPS_OLD.has(id));
  });

  it('with several articles added in one batch', () => {
    const batch = FIXTURES.filter((f) => /\/(f2|d2)-/.test(f));
    const dir = dataDir([...SEEDS, ...FIXTURES.filter((f) => !batch.includes(f))]);
    const before = full(dir, NOW);
    for (const f of batch) cpSync(f, join(dir, 'articles', f.replace(/^.*\//, '')));
    expectSameFactBase(incremental(dir, before, batch.map(idOf)), full(dir, LATER, before));
  });
});

describe('incremental ingest of a changed article', () => {
  const V1 = 'tests/fixtures/incremental/v1/inc-valleytimes-2025-06-02-zambia-tanzania-rail.md';
  const V2 = 'tests/fixtures/incremental/v2/inc-valleytimes-2025-06-02-zambia-tanzania-rail.md';
  const ID = idOf(V1);

  it('drops the facts it no longer states and keeps the ids and firstSeen of the unchanged sentences', () => {
    const dir = dataDir([...SEEDS, V1]);
    const before = full(dir, NOW);
    cpSync(V2, join(dir, 'articles', `${ID}.md`));
    const after = incremental(dir, before, [ID]);
    const mine = (fb: FactBaseData) => fb.facts.filter((f) => f.citations.some((c) => c.articleId === ID));
    const texts = mine(after).map((f) => f.text);
    expect(texts.some((t) => /should reopen to heavy trains in 2027/.test(t))).toBe(false);
    expect(texts.some((t) => /joint operating company/.test(t))).toBe(false);
    const revised = mine(after).find((f) => /will not reopen to heavy trains before 2028/.test(f.text));
    expect(revised?.firstSeen).toBe(LATER.toISOString());
    const unchanged = mine(before).filter((f) => !/2027|joint operating company/.test(f.text));
    expect(unchanged.length).toBeGreaterThanOrEqual(3);
    for (const f of unchanged) {
      const now = after.facts.find((x) => x.id === f.id);
      expect(now?.text).toBe(f.text);
      expect(now?.firstSeen).toBe(NOW.toISOString());
    }
    // Every citation of the article quotes the new body at its offsets.
    const body = readFileSync(V2, 'utf8').split('\n---\n').slice(1).join('\n---\n');
    for (const f of mine(after)) for (const c of f.citations.filter((x) => x.articleId === ID)) expect(body.slice(c.start, c.end)).toBe(c.quote);
    expect(after.facts.filter((f) => f.citations.length === 0)).toEqual([]);
    expectSameFactBase(after, full(dir, LATER, before));
  });

  it('drops the facts of an article whose file is gone', () => {
    const dir = dataDir([...SEEDS, V1]);
    const before = full(dir, NOW);
    rmSync(join(dir, 'articles', `${ID}.md`));
    const after = incremental(dir, before, []);
    expect(after.articles.map((a) => a.id)).not.toContain(ID);
    expect(after.facts.filter((f) => f.citations.some((c) => c.articleId === ID))).toEqual([]);
    expectSameFactBase(after, full(dir, LATER, before));
  });
});

describe('incremental ingest through commitArticles', () => {
  const AFP = 'tests/fixtures/articles/f2-afp-2025-03-03-ghana-nigeria-power-corridor.md';
  const POST = 'tests/fixtures/incremental/inc-harbourpost-2025-03-05-ghana-nigeria-corridor.md';

  it('merges a claim another outlet already reported as a second source', async () => {
    const dir = dataDir([...SEEDS, AFP]);
    const before = full(dir, NOW);
    writeFileSync(join(dir, 'factbase.json'), serializeFactBase(before));
    const claim = before.facts.find((f) => /on Monday signed an agreement to build a cross-border power line/.test(f.text));
    expect(claim?.citations.map((c) => c.articleId)).toEqual([idOf(AFP)]);
    cpSync(POST, join(dir, 'articles', `${idOf(POST)}.md`));
    const result = await commitArticles({ dataDir: dir, articleIds: [idOf(POST)], now: LATER, logger: silentLogger() });
    expect(result.corroborated[idOf(POST)]).toBeGreaterThanOrEqual(1);
    expect(result.newFacts[idOf(POST)]).toBeGreaterThanOrEqual(2);
    const after = FactBaseSchema.parse(JSON.parse(readFileSync(join(dir, 'factbase.json'), 'utf8')));
    const merged = after.facts.find((f) => f.id === claim!.id);
    expect(merged?.citations.map((c) => c.articleId)).toEqual([idOf(AFP), idOf(POST)]);
    expect(merged?.text).toBe(claim!.text);
    expect(merged?.firstSeen).toBe(NOW.toISOString());
    expectSameFactBase(after, full(dir, LATER, before));
  });
});
