import { describe, expect, it } from 'vitest';
import { FactBase } from '../../src/factbase/factbase.js';
import { resolveSearchConfig } from '../../src/search/defaults.js';
import { EntityResolver } from '../../src/search/entity-resolver.js';
import { buildSearchIndex } from '../../src/search/search-index.js';
import { FilterResolver } from '../../src/search/filters.js';
import { packSearchIndex, unpackSteps } from '../../src/search/index-transfer.js';
import { parseQuery } from '../../src/search/query.js';
import { prebuiltSearcherParts, runSteps, searcherOverIndex } from '../../src/search/searcher.js';
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

describe('tables filled a slice per step', () => {
  it('the unpacked index has every word and surface form of the one it was packed from', () => {
    const packed = structuredClone(packSearchIndex(index).packed);
    // Slices of 100 entries, so the seed's vocabulary (hundreds of words) spans many steps.
    const steps = unpackSteps(packed, fb.facts, config, 100);
    let turns = 0;
    let r = steps.next();
    for (; !r.done; r = steps.next()) turns++;
    const unpacked = r.value;
    expect(index.terms.keys.length).toBeGreaterThan(500);
    for (const k of index.terms.keys) expect(unpacked.terms.id(k)).toBe(index.terms.id(k));
    expect([...unpacked.surface]).toEqual([...index.surface]);
    expect(turns).toBeGreaterThanOrEqual(4 + Math.floor(index.terms.keys.length / 100) + Math.floor(index.surface.size / 100));
  });

  it('a filter resolver built in steps resolves sources and topics as one built at once', () => {
    const entities = new EntityResolver(fb, count, config);
    const once = new FilterResolver(fb, entities);
    const stepped = runSteps(FilterResolver.steps(fb, entities));
    const publisher = [...fb.articles.values()][0]!.publisher;
    for (const q of [`source:${publisher}`, `source:${publisher.slice(0, -1)}x`, `source:${[...fb.articles.keys()][1]}`, 'topic:trade', 'topic:tarifs country:kenya']) {
      expect(stepped.resolve(parseQuery(q))).toEqual(once.resolve(parseQuery(q)));
    }
    expect(() => stepped.resolve(parseQuery('source:zzzqqq'))).toThrow();
  });
});
