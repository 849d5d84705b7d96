import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isBriefbotError } from '../../src/errors.js';
import type { SearchResult } from '../../src/search/types.js';
import { dateRange } from '../../src/search/query.js';
import { loadFixture } from './helpers.js';

const { fb, searcher } = loadFixture();

const words = ['kenya', 'malaysia', 'KL', 'PRC', 'ruto', 'malaysa', 'beef', 'tariffs', 'trade', 'exprots', 'the', 'US', 'zzz', 'Nairobi', 'tea'];
const filters = [
  'topic:trade',
  'topic:tariffs',
  'country:KEN',
  'country:MYS',
  'country:china',
  'since:2025-06',
  'until:2025-08',
  'since:2025',
  'source:reuters',
  'source:"The Standard"',
];

const queryArb = fc
  .tuple(fc.subarray(words, { minLength: 0, maxLength: 4 }), fc.subarray(filters, { minLength: 0, maxLength: 3 }))
  .filter(([w, f]) => w.length + f.length > 0)
  .map(([w, f]) => [...w, ...f].join(' '));

function trySearch(q: string, limit = 50): SearchResult | undefined {
  try {
    return searcher.search(q, { limit });
  } catch (e) {
    if (isBriefbotError(e)) return undefined;
    throw e;
  }
}

describe('search invariants (fast-check)', () => {
  it('every hit satisfies every filter, and total ≥ hits', () => {
    fc.assert(
      fc.property(queryArb, fc.integer({ min: 0, max: 20 }), (q, limit) => {
        const r = trySearch(q, limit);
        if (!r) return;
        expect(r.total).toBeGreaterThanOrEqual(r.hits.length);
        expect(r.hits.length).toBeLessThanOrEqual(limit);
        const f = r.understood.filters;
        for (const { fact } of r.hits) {
          for (const c of f.countries) expect(fact.entities).toContain(c);
          for (const t of f.topics) expect(fact.topics).toContain(t);
          if (f.sources.length > 0) expect(fact.citations.some((c) => f.sources.includes(c.articleId))).toBe(true);
          const range = dateRange(fact.date.value);
          if (f.since) expect(range.last).toBeGreaterThanOrEqual(dateRange(f.since).first);
          if (f.until) expect(range.first).toBeLessThanOrEqual(dateRange(f.until).last);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('hits are ordered by score and fact ids never repeat', () => {
    fc.assert(
      fc.property(queryArb, (q) => {
        const r = trySearch(q);
        if (!r) return;
        const ids = r.hits.map((h) => h.fact.id);
        expect(new Set(ids).size).toBe(ids.length);
        for (let i = 1; i < r.hits.length; i++) expect(r.hits[i - 1]!.score).toBeGreaterThanOrEqual(r.hits[i]!.score);
        expect(fb.facts.length).toBeGreaterThanOrEqual(r.total);
      }),
      { numRuns: 200 },
    );
  });

  it('any printable input up to 500 characters gives a result or a BriefbotError', () => {
    const printable = fc.string({ unit: fc.constantFrom(...' abcdeKLMNz:"“”\'-0123456789.,!?<>&@#éü漢🙂\t'.split('')), maxLength: 500 });
    const anyText = fc.string({ unit: 'grapheme', maxLength: 120 });
    fc.assert(
      fc.property(fc.oneof(printable, anyText), (q) => {
        if ([...q].length > 500) return;
        const r = trySearch(q);
        if (r) expect(r.total).toBeGreaterThanOrEqual(r.hits.length);
      }),
      { numRuns: 500 },
    );
  });
});
