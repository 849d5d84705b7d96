import { describe, expect, it } from 'vitest';
import { FactBase } from '../../src/factbase/factbase.js';
import { resolveSearchConfig } from '../../src/search/defaults.js';
import { EntityResolver } from '../../src/search/entity-resolver.js';
import { buildSearchIndex } from '../../src/search/search-index.js';
import { prebuiltSearcherParts, searcherOverIndex } from '../../src/search/searcher.js';
import { tokenize } from '../../src/search/text.js';
import { realFile } from './helpers.js';

// The real fact base: hundreds of entities with multi-word names and aliases, so the tables the
// worker builds are not trivially empty.
const fb = FactBase.load(realFile);
const config = resolveSearchConfig();
const index = buildSearchIndex(fb, config);
const count = (id: string) => index.entities.countOf(id) + index.context.countOf(id);

describe('searcher tables built elsewhere (the worker) and taken over', () => {
  it('an entity resolver over prebuilt tables resolves exactly as one that built them', () => {
    const own = new EntityResolver(fb, count, config);
    // Cloned as postMessage would: nothing of the first instance is shared.
    const taken = new EntityResolver(fb, count, config, structuredClone(own.prebuilt));
    expect(own.prebuilt.exact.length).toBeGreaterThan(50);
    expect(own.prebuilt.maxWords).toBeGreaterThan(1);
    const isWord = () => false;
    for (const q of ['kenya malaysia', 'Malaysa palm oil', 'kuala lumpur', 'Rutto tariffs', 'united states beef', 'zzyzx']) {
      expect(taken.resolve(tokenize(q), isWord)).toEqual(own.resolve(tokenize(q), isWord));
      expect(taken.lookupName(q)).toEqual(own.lookupName(q));
    }
  });

  it('a searcher over prebuilt parts answers and covers as one that built them', () => {
    const own = searcherOverIndex(fb, index, config);
    const taken = searcherOverIndex(fb, index, config, structuredClone(prebuiltSearcherParts(fb, index, config)));
    for (const q of ['palm oil tariffs', 'kenya malaysia', 'malaysa', 'topic:trade', 'source:reuters kenya']) {
      expect(taken.search(q, { limit: 20 })).toEqual(own.search(q, { limit: 20 }));
    }
    expect(taken.coverage()).toEqual(own.coverage());
    expect(taken.coverage().entities.length).toBeGreaterThan(0);
  });
});
