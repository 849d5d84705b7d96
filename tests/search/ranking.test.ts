import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSearcher } from '../../src/search/searcher.js';
import { rankingFixture } from '../fixtures/search/ranking-fixture.js';

const fb = rankingFixture();
const searcher = createSearcher(fb);
const search = (q: string, limit = 20) => searcher.search(q, { limit });
const textOf = (q: string, limit = 20): string[] => search(q, limit).hits.map((h) => h.fact.text);

describe('ranking', () => {
  it('facts about all named entities that match the words come first, then entity-only, then the rest', () => {
    const r = search('chile norway salmon');
    const tiers = r.hits.map((h) => (h.matchedAll ? 2 : h.matchedAllEntities ? 1 : 0));
    expect([...tiers].sort((a, b) => b - a)).toEqual(tiers);
    expect(tiers[0]).toBe(2);
    expect(tiers).toContain(1);
    expect(tiers).toContain(0);
    expect(r.counts!.matchedAll + r.counts!.partial).toBe(r.total);
    expect(r.counts!.matchedAll).toBe(tiers.filter((t) => t === 2).length);
  });

  it('context entities match, below mentions, and each hit says how', () => {
    const r = search('chile norway tariffs');
    const hit = r.hits.find((h) => /Both countries/.test(h.fact.text))!;
    expect(hit.matchedAllEntities).toBe(true);
    expect(hit.entityMatches).toEqual([
      { id: 'CHL', via: 'context' },
      { id: 'NOR', via: 'context' },
    ]);
    expect(hit.matchedTerms).toEqual(['tariff']);
    const plain = search('chile norway');
    const ctx = plain.hits.findIndex((h) => /Both countries/.test(h.fact.text));
    const firstMention = plain.hits.findIndex((h) => h.entityMatches!.every((e) => e.via === 'mention'));
    expect(ctx).toBeGreaterThan(firstMention);
    expect(plain.hits[ctx]!.parts!.entities).toBeLessThan(plain.hits[firstMention]!.parts!.entities);
  });

  it('among equals: the lead and corroborated fact first, a newspaper before a forum rewrite', () => {
    const t = textOf('chile norway');
    expect(t[0]).toMatch(/signed a salmon farming accord/);
    const paper = t.indexOf('Chile and Norway will share research on fish vaccines.');
    const forum = t.findIndex((x) => /forum post repeated/.test(x));
    expect(paper).toBeGreaterThanOrEqual(0);
    expect(paper).toBeLessThan(forum);
  });

  it('question words are not searched but say what is wanted', () => {
    const said = search('what did boric say about norway');
    expect(said.understood.terms).toEqual([]);
    expect(said.understood.ignored).toEqual(expect.arrayContaining(['what', 'did', 'say', 'about']));
    expect(said.understood.intents).toEqual(['quote']);
    expect(said.understood.corrections).toEqual([]);
    expect(said.hits[0]!.fact.speaker).toBe('gabriel-boric');
    const much = search('how much salmon chile exports');
    expect(much.understood.intents).toEqual(['amount']);
    expect(much.hits[0]!.fact.amounts.length).toBeGreaterThan(0);
  });

  it('never corrects a real English word into another one; reports it with what it was tried against', () => {
    const r = search('chile oil');
    expect(r.understood.corrections).toEqual([]);
    expect(r.understood.unmatched).toEqual([{ word: 'oil', reason: 'unknown', triedWith: ['CHL'] }]);
    const notWith = search('santiago vaccines');
    expect(notWith.understood.unmatched).toEqual([{ word: 'vaccines', reason: 'not-with-entities', triedWith: ['santiago'] }]);
    expect(notWith.counts!.matchedAll).toBe(0);
  });

  it('a misspelt non-word is corrected; names of 7+ letters forgive two edits', () => {
    expect(search('chile salmn').understood.corrections).toEqual([{ from: 'salmn', to: 'salmon' }]);
    expect(search('norwya chile').understood.entities.map((e) => e.id).sort()).toEqual(['CHL', 'NOR']);
    expect(search('chillean').understood.entities.map((e) => e.id)).toEqual(['CHL']);
    expect(search('sanitaog').understood.entities.map((e) => e.id)).toEqual(['santiago']);
  });

  it('"eu", "us", "uk", "uae" typed alone are the places, in any case', () => {
    expect(search('eu chile').understood.entities.map((e) => e.id)).toEqual(['EUU', 'CHL']);
    expect(search('Eu fisheries').understood.entities.map((e) => e.id)).toEqual(['EUU']);
  });

  it('expands the last word, and a word that matches nothing whole, as prefixes', () => {
    const r = search('santiago semicond');
    expect(r.understood.prefixes).toEqual([{ from: 'semicond', to: ['semiconductor'] }]);
    expect(r.hits[0]!.fact.text).toMatch(/^Semiconductor plants/);
    const mid = search('aquacult norway');
    expect(mid.hits[0]!.fact.text).toMatch(/^Aquaculture/);
  });

  it('matches quoted phrases in order only', () => {
    const r = search('"fish vaccines"');
    expect(r.understood.phrases).toEqual(['fish vaccines']);
    expect(r.hits.every((h) => /fish vaccines/i.test(h.fact.text))).toBe(true);
    expect(r.total).toBe(fb.facts.filter((f) => /fish vaccines/i.test(f.text)).length);
    const reversed = search('"vaccines fish"');
    expect(reversed.total).toBe(0);
  });

  it('a quoted name is the entity', () => {
    expect(search('"Gabriel Boric"').understood.entities.map((e) => e.id)).toEqual(['gabriel-boric']);
  });

  it('is deterministic and its counts add up, whatever the query', () => {
    const words = ['chile', 'norway', 'salmon', 'salmn', 'what', 'say', 'how', 'much', '"fish vaccines"', 'semicond', 'eu', 'oil', 'boric'];
    fc.assert(
      fc.property(fc.subarray(words, { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 12 }), (ws, limit) => {
        const q = ws.join(' ');
        const a = searcher.search(q, { limit });
        const b = searcher.search(q, { limit });
        expect(b).toEqual(a);
        expect(a.counts!.matchedAll + a.counts!.partial).toBe(a.total);
        expect(a.counts!.matchedAll).toBeLessThanOrEqual(a.counts!.allEntities);
        expect(a.totalAllEntities).toBe(a.counts!.allEntities);
        for (let i = 1; i < a.hits.length; i++) expect(a.hits[i - 1]!.score).toBeGreaterThanOrEqual(a.hits[i]!.score);
        for (const h of a.hits) {
          const p = h.parts!;
          expect(p.allEntities + p.words + p.entities + p.intent + p.bm25 + p.importance).toBeCloseTo(h.score, 2);
        }
      }),
      { numRuns: 150 },
    );
  });
});
