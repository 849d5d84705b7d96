import { describe, expect, it } from 'vitest';
import { osaDistance } from '../../src/search/edit-distance.js';
import { FuzzyDictionary } from '../../src/search/fuzzy-dictionary.js';
import { stem } from '../../src/search/stem.js';
import { tokenize } from '../../src/search/text.js';

describe('word tools', () => {
  it('tokenize folds case and accents and drops possessives', () => {
    expect(tokenize("Kenya's Pérez non-tariff U.S.").map((t) => t.norm)).toEqual(['kenya', 'perez', 'non', 'tariff', 'u', 's']);
  });

  it('stem maps plurals to singulars and leaves other words alone', () => {
    const cases: [string, string][] = [
      ['tariffs', 'tariff'],
      ['countries', 'country'],
      ['taxes', 'tax'],
      ['ties', 'tie'],
      ['days', 'day'],
      ['status', 'status'],
      ['analysis', 'analysis'],
      ['business', 'business'],
      ['2025s', '2025s'],
    ];
    for (const [w, s] of cases) expect(stem(w)).toBe(s);
  });

  it('osaDistance counts a swap as one edit and stops past the bound', () => {
    expect(osaDistance('exprots', 'exports', 2)).toBe(1);
    expect(osaDistance('malaysa', 'malaysia', 2)).toBe(1);
    expect(osaDistance('kitten', 'sitting', 2)).toBe(3);
    expect(osaDistance('abc', 'abc', 0)).toBe(0);
  });

  it('FuzzyDictionary finds every word within the distance, agreeing with a scan', () => {
    const words = ['tariff', 'traffic', 'terrific', 'export', 'expert', 'exports', 'kenya', 'kenyan', 'malaysia', 'standardization'];
    const dict = new FuzzyDictionary(words, 2, 10);
    for (const q of ['tarif', 'trafic', 'expotr', 'kenia', 'malaysa', 'standardisation', 'xyz']) {
      const scan = words
        .map((w, index) => ({ index, distance: osaDistance(q, w, 2) }))
        .filter((m) => m.distance <= 2)
        .sort((a, b) => a.distance - b.distance || a.index - b.index);
      expect(dict.lookup(q, 2)).toEqual(scan);
    }
  });
});
