import { describe, expect, it } from 'vitest';
import { generateEnglish } from '../../bench/english-corpus.js';
import { FactBase } from '../../src/factbase/factbase.js';
import { createSearcher } from '../../src/search/searcher.js';
import type { SearchResult } from '../../src/search/types.js';

/**
 * Pruning (retrieval.ts: the mask-score floor, MaxScore's test, frequent lists galloped) must never
 * change an answer: a short page is the head of a long one, with the same scores and counts. A long
 * page (limit ≥ every candidate) prunes nothing, so it is the exhaustive ranking.
 */
describe('retrieve prunes without changing the answer', () => {
  // Frequent lists at 1/200 of the facts, so the galloped path is taken at this size too.
  const corpus = generateEnglish(6000, 6);
  // Some quotes and amounts, so what a question asks for ("said", "worth") varies between facts.
  corpus.data.facts.forEach((f, i) => {
    if (i % 7 === 0) f.text = `“${f.text}”`;
    if (i % 11 === 0) f.amounts = [{ value: 5, unit: 'USD', kind: 'currency', text: '5 dollars' }];
  });
  const [common, second] = corpus.data.entities.map((e) => e.name);
  const searcher = createSearcher(new FactBase(corpus.data), { frequentShare: 1 / 200 });
  const head = (r: SearchResult, k: number) => r.hits.slice(0, k).map((h) => [h.fact.id, h.score]);
  const queries = [...corpus.queries.map((q) => q.text), 'time people', 'know', 'said the right thing', '"good time"', 'want know time:', `${common} said`, `${common} worth`, `${common} ${second} said`, `${second} latest`, `${common}`];

  for (const q of queries) {
    it(q, () => {
      const all = searcher.search(q, { limit: 10_000 });
      for (const k of [1, 5, 20]) {
        const page = searcher.search(q, { limit: k });
        expect(head(page, k)).toEqual(head(all, k));
        expect(page.counts).toEqual(all.counts);
        expect(page.total).toBe(all.total);
      }
      const second = searcher.search(q, { limit: 5, offset: 5 });
      expect(second.hits.map((h) => h.fact.id)).toEqual(all.hits.slice(5, 10).map((h) => h.fact.id));
    });
  }
});

/**
 * The frequent-list paths (the longest and second longest lists kept out of the marking, their
 * facts counted by arithmetic and walked in importance order) against a searcher where no list is
 * frequent, so every fact is marked one by one: the same hits, scores, counts and matched parts.
 */
describe('frequent lists give what marking every fact gives', () => {
  const corpus = generateEnglish(6000, 6);
  const [common, second, third] = corpus.data.entities.map((e) => e.name);
  const fb = new FactBase(corpus.data);
  const pruned = createSearcher(fb, { frequentShare: 1 / 200 });
  const marked = createSearcher(fb, { frequentShare: 1 });
  const view = (r: SearchResult) => ({
    total: r.total,
    counts: r.counts,
    hits: r.hits.map((h) => [h.fact.id, h.score, h.matchedAll, h.matchedAllEntities, h.entityMatches, h.matchedTerms]),
    unmatched: r.understood.unmatched,
  });
  const queries = [
    ...corpus.queries.map((q) => q.text),
    `${common} ${second}`,
    `${common} ${second} ${third}`,
    `${common} know`,
    `${common} know time`,
    `${second} people said`,
    'know time',
    'time people want',
    `${common} kno`,
  ];
  for (const q of queries) {
    it(q, () => {
      for (const limit of [1, 5, 20]) expect(view(pruned.search(q, { limit }))).toEqual(view(marked.search(q, { limit })));
    });
  }
});
