import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalOrder } from '../../src/factbase/changes.js';
import type { Fact, FactBaseData } from '../../src/factbase/schema.js';

/** The order as first written: one comparator, localeCompare on every pair (the oracle). */
function pairwise(facts: readonly Fact[]): Fact[] {
  return [...facts].sort((a, b) => {
    const x = a.citations[0]!;
    const y = b.citations[0]!;
    return x.articleId.localeCompare(y.articleId) || x.start - y.start || a.id.localeCompare(b.id);
  });
}

// Ids that collide under localeCompare's rules: case, accents, punctuation, digits as text.
const idPart = fc.constantFrom('a', 'A', 'b', 'é', 'e', '-', '_', '1', '10', '2', 'Z');
const id = fc.array(idPart, { minLength: 1, maxLength: 4 }).map((xs) => xs.join(''));

const fact = fc.record({ id, articleId: id, start: fc.nat({ max: 5 }) }).map(
  ({ id: factId, articleId, start }) => ({ id: factId, citations: [{ articleId, start, end: start + 1, quote: 'x', url: 'https://x.example/' }] }) as unknown as Fact,
);

describe('canonicalOrder', () => {
  it('orders facts exactly as the pairwise localeCompare sort did (ties kept in input order)', () => {
    fc.assert(
      fc.property(fc.array(fact, { maxLength: 60 }), (facts) => {
        const data = { formatVersion: 1, articles: [], entities: [], topics: [], facts } as unknown as FactBaseData;
        const got = canonicalOrder(data).facts;
        const want = pairwise(facts);
        // Same objects in the same places: equal-looking facts (same id, article and start) too.
        expect(got.length).toBe(want.length);
        got.forEach((f, i) => expect(f).toBe(want[i]));
      }),
      { numRuns: 300 },
    );
  });
});
