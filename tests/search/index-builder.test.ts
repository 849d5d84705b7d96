import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FactBase } from '../../src/factbase/factbase.js';
import type { Fact } from '../../src/factbase/schema.js';
import { resolveSearchConfig } from '../../src/search/defaults.js';
import type { Postings } from '../../src/search/postings.js';
import { buildSearchIndex, type SearchIndex } from '../../src/search/search-index.js';
import { bigFactBase } from '../fixtures/factbase/big.js';

const config = resolveSearchConfig();
const base = bigFactBase(240);

/** Each key's list as the fact ids of its docs, with the weights: comparable whatever order keys were met in. */
function lists(index: SearchIndex, postings: Postings): Map<string, [string, number][]> {
  const out = new Map<string, [string, number][]>();
  postings.keys.forEach((key, id) => {
    const at = postings.offset(id);
    out.set(
      key,
      [...postings.list(id)].map((doc, k) => [index.facts[index.docFact[doc]!]!.id, postings.weights[at + k]!]),
    );
  });
  return out;
}

describe('the search index built a fact at a time', () => {
  it('does not depend on the order the facts are read in', () => {
    const reference = buildSearchIndex(new FactBase(base), config);
    const docs = (index: SearchIndex) => [...index.docFact].map((fi) => index.facts[fi]!.id);
    fc.assert(
      fc.property(fc.shuffledSubarray(base.facts, { minLength: base.facts.length, maxLength: base.facts.length }), (facts: Fact[]) => {
        const index = buildSearchIndex(new FactBase({ ...base, facts }), config);
        expect(docs(index)).toEqual(docs(reference));
        expect(index.importance).toEqual(reference.importance);
        expect(index.firstSeen).toEqual(reference.firstSeen);
        expect(index.flags).toEqual(reference.flags);
        expect(lists(index, index.terms)).toEqual(lists(reference, reference.terms));
        expect(lists(index, index.entities)).toEqual(lists(reference, reference.entities));
        expect(lists(index, index.articles)).toEqual(lists(reference, reference.articles));
      }),
      { numRuns: 8 },
    );
  });

  it('numbers docs by importance, most important first, ties by fact id', () => {
    const index = buildSearchIndex(new FactBase(base), config);
    for (let doc = 1; doc < index.docFact.length; doc++) {
      const [a, b] = [index.importance[doc - 1]!, index.importance[doc]!];
      expect(a).toBeGreaterThanOrEqual(b);
      if (a === b) expect(index.facts[index.docFact[doc - 1]!]!.id < index.facts[index.docFact[doc]!]!.id).toBe(true);
    }
    // Not all one importance, or the order checks nothing.
    expect(new Set(index.importance).size).toBeGreaterThan(5);
  });
});
