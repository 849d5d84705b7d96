import { fileURLToPath } from 'node:url';
import { FactBase } from '../../src/factbase/factbase.js';
import { createSearcher } from '../../src/search/searcher.js';
import type { SearchResult, Searcher } from '../../src/search/types.js';

export const fixtureFile = fileURLToPath(new URL('../fixtures/search/factbase.json', import.meta.url));
export const realFile = fileURLToPath(new URL('../../data/factbase.json', import.meta.url));

export function loadFixture(): { fb: FactBase; searcher: Searcher } {
  const fb = FactBase.load(fixtureFile);
  return { fb, searcher: createSearcher(fb) };
}

export const texts = (r: SearchResult): string[] => r.hits.map((h) => h.fact.text);
