import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PostingsBuilder } from '../../src/search/postings.js';

describe('postings added under one numbering and built under another', () => {
  it('equal the postings added in doc order directly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }).chain((n) =>
          fc.tuple(
            fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
            fc.array(fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 3 })), { maxLength: 5 }), { minLength: n, maxLength: n }),
          ),
        ),
        ([order, pairsOf]) => {
          // pairsOf[i]: what the fact at position i adds; order[doc] = the position doc was added under.
          const byPosition = new PostingsBuilder();
          for (let i = 0; i < pairsOf.length; i++) for (const [k, w] of pairsOf[i]!) byPosition.add(i, byPosition.keyId(`k${k}`), w);
          const direct = new PostingsBuilder();
          // Same key ids in the same order of first use, so the two builds are comparable.
          for (let i = 0; i < pairsOf.length; i++) for (const [k] of pairsOf[i]!) direct.keyId(`k${k}`);
          for (let doc = 0; doc < order.length; doc++) for (const [k, w] of pairsOf[order[doc]!]!) direct.add(doc, direct.keyId(`k${k}`), w);
          const a = byPosition.build(Int32Array.from(order));
          const b = direct.build();
          expect(a.keys).toEqual(b.keys);
          expect(a.start).toEqual(b.start);
          expect(a.docs).toEqual(b.docs);
          expect(a.weights).toEqual(b.weights);
        },
      ),
    );
  });
});
