import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { claimShape, sameClaim } from '../../src/brief/claims.js';
import { composeBrief } from '../../src/brief/compose.js';
import type { Corpus } from '../../src/brief/corpus.js';
import type { BriefFact } from '../../src/brief/model.js';
import { briefToJson } from '../../src/render/json.js';
import { createSearcher } from '../../src/search/searcher.js';
import { relevanceCorpus } from '../relevance/corpus.js';

const NAMES = ['kenya', 'malaysia', 'china', 'ruto', 'ghana', 'nigeria', 'chile', 'argentina', 'US', 'xi'];
const WORDS = ['trade', 'power', 'tariffs', 'lithium', 'road', 'cement', 'border', 'digital', 'railway', 'agreement', 'say', 'value'];
const queryArb = fc
  .tuple(fc.subarray(NAMES, { minLength: 0, maxLength: 3 }), fc.subarray(WORDS, { minLength: 0, maxLength: 2 }))
  .filter(([n, w]) => n.length + w.length > 0)
  .map(([n, w]) => [...n, ...w].join(' '));

describe('brief invariants', () => {
  let corpus: Corpus;
  beforeAll(() => {
    corpus = relevanceCorpus();
  }, 120_000);

  const shapeOf = (f: BriefFact) => claimShape(corpus.fb.fact(f.id)!);

  it('never shows the same claim twice in its first five', () => {
    fc.assert(
      fc.property(queryArb, (q) => {
        const five = composeBrief(corpus.fb, corpus.searcher, q, { limit: 5 }).facts;
        for (let i = 0; i < five.length; i++) {
          for (let j = i + 1; j < five.length; j++) {
            const others = [five[j]!, ...(five[j]!.alsoReported ?? [])];
            for (const o of others) expect(sameClaim(shapeOf(five[i]!), shapeOf(o)), `${q}: ${five[i]!.text} / ${o.text}`).toBe(false);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('every overview point cites facts that are in the answer, and sources the brief lists', () => {
    fc.assert(
      fc.property(queryArb, (q) => {
        const brief = composeBrief(corpus.fb, corpus.searcher, q);
        const answer = new Set(corpus.searcher.search(q, { limit: 100_000 }).hits.map((h) => h.fact.id));
        const listed = new Set(brief.sources.map((s) => s.no));
        for (const p of brief.overview) {
          expect(p.factIds.length).toBeGreaterThan(0);
          for (const id of p.factIds) expect(answer.has(id)).toBe(true);
          for (const no of p.sourceNos) expect(listed.has(no)).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('ranking and overview are deterministic: an index built again gives the same brief', () => {
    const again = createSearcher(corpus.fb);
    fc.assert(
      fc.property(queryArb, fc.integer({ min: 0, max: 6 }), (q, offset) => {
        const a = briefToJson(composeBrief(corpus.fb, corpus.searcher, q, { offset }));
        const b = briefToJson(composeBrief(corpus.fb, again, q, { offset }));
        expect(b).toEqual(a);
      }),
      { numRuns: 40 },
    );
  });

  it('pages never repeat a fact shown on an earlier page', () => {
    fc.assert(
      fc.property(queryArb, (q) => {
        const ids = (offset: number) =>
          composeBrief(corpus.fb, corpus.searcher, q, { offset, limit: 5 }).facts.flatMap((f) => [f.id, ...(f.alsoReported ?? []).map((a) => a.id)]);
        const first = new Set(ids(0));
        for (const id of ids(5)) expect(first.has(id)).toBe(false);
      }),
      { numRuns: 40 },
    );
  });

  it('reports of one claim from three outlets take one slot, with "also reported"', () => {
    const brief = composeBrief(corpus.fb, corpus.searcher, 'ghana nigeria power', { limit: 5 });
    const slots = brief.facts.filter((f) => [f, ...(f.alsoReported ?? [])].some((x) => /600 megawatts/.test(x.text)));
    expect(slots).toHaveLength(1);
    const outlets = new Set([slots[0]!, ...(slots[0]!.alsoReported ?? [])].flatMap((f) => f.citations.map((c) => c.articleId)));
    expect(outlets.size).toBeGreaterThanOrEqual(2);
  });
});
