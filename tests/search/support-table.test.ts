import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../bench/synthetic.js';
import { SupportTable } from '../../src/search/support-table.js';

/** best() against counting by hand: per doc, the groups one of whose lists holds it. */
describe('SupportTable', () => {
  const rand = mulberry32(3);
  const list = (n: number, size: number): Int32Array => {
    const docs = new Set<number>();
    while (docs.size < Math.min(n, size)) docs.add(Math.floor(rand() * size));
    return Int32Array.from([...docs].sort((a, b) => a - b));
  };
  const byHand = (docs: Int32Array, groups: Int32Array[][]): number => {
    let best = 0;
    for (const doc of docs) best = Math.max(best, groups.filter((g) => g.some((l) => l.includes(doc))).length);
    return best;
  };

  it('counts each group once per doc, counted or probed, across queries', () => {
    const size = 2000;
    const table = new SupportTable(size);
    for (let round = 0; round < 20; round++) {
      const groups = Array.from({ length: 1 + Math.floor(rand() * 5) }, () =>
        Array.from({ length: 1 + Math.floor(rand() * 3) }, () => list(1 + Math.floor(rand() * 600), size)),
      );
      // A long single list is probed, not counted: both kinds must add up alike.
      groups.push([list(900, size)]);
      table.count(groups, 500);
      for (let c = 0; c < 5; c++) {
        const candidate = list(1 + Math.floor(rand() * 300), size);
        expect(table.best(candidate, Infinity)).toBe(byHand(candidate, groups));
        const within = groups[0]!;
        const inWithin = Int32Array.from(candidate.filter((d) => within.some((l) => l.includes(d))));
        expect(table.bestWithin(candidate, within, Infinity)).toBe(byHand(inWithin, groups));
      }
    }
  });

  it('reads counts of an earlier query as zero', () => {
    const table = new SupportTable(10);
    table.count([[Int32Array.of(1, 2)], [Int32Array.of(2)]], 100);
    expect(table.best(Int32Array.of(2), Infinity)).toBe(2);
    table.count([[Int32Array.of(5)]], 100);
    expect(table.best(Int32Array.of(1, 2), Infinity)).toBe(0);
    expect(table.best(Int32Array.of(5), Infinity)).toBe(1);
  });
});
