import { describe, expect, it } from 'vitest';
import { FactBase } from '../../src/factbase/factbase.js';
import { createSearcher } from '../../src/search/searcher.js';
import type { Searcher } from '../../src/search/types.js';
import { realFile } from './helpers.js';

describe('searcher on the real data/factbase.json', () => {
  let fb: FactBase;
  let searcher: Searcher;
  const ids = (q: string): string[] => searcher.search(q).understood.entities.map((e) => e.id);

  it('loads and indexes', () => {
    fb = FactBase.load(realFile);
    searcher = createSearcher(fb);
    expect(searcher.coverage().facts).toBe(fb.facts.length);
  });

  it('"kenya malaysia" puts facts about both first', () => {
    const r = searcher.search('kenya malaysia', { limit: 10 });
    expect(r.understood.entities.map((e) => e.id)).toEqual(['KEN', 'MYS']);
    expect(r.hits.length).toBeGreaterThan(0);
    const first = r.hits[0]!;
    expect(first.matchedAllEntities).toBe(true);
    expect(first.fact.entities).toEqual(expect.arrayContaining(['KEN', 'MYS']));
    const firstPartial = r.hits.findIndex((h) => !h.matchedAllEntities);
    if (firstPartial >= 0) expect(r.hits.slice(firstPartial).every((h) => !h.matchedAllEntities)).toBe(true);
  });

  it('counts how many matches are about every named entity, and those come first', () => {
    const all = searcher.search('kenya malaysia', { limit: 1000 });
    // Named in the sentence or carried from context ("the two governments"), both count.
    const carries = (f: (typeof fb.facts)[number], id: string): boolean => f.entities.includes(id) || f.context.some((c) => c.id === id);
    const aboutBoth = fb.facts.filter((f) => carries(f, 'KEN') && carries(f, 'MYS')).length;
    expect(all.totalAllEntities).toBe(aboutBoth);
    expect(all.totalAllEntities).toBeLessThan(all.total);
    expect(all.hits.findIndex((h) => !h.matchedAllEntities)).toBe(aboutBoth);
    expect(searcher.search('kenya').totalAllEntities).toBe(searcher.search('kenya').total);
    // Among facts about both, those that name both come before those that carry one from context.
    const both = all.hits.slice(0, aboutBoth).map((h) => h.fact.entities.includes('KEN') && h.fact.entities.includes('MYS'));
    expect(both.indexOf(false) < 0 || both.slice(both.indexOf(false)).every((x) => !x)).toBe(true);
  });

  it('"malaysa kenyan beef" finds the beef tariff fact', () => {
    const r = searcher.search('malaysa kenyan beef', { limit: 5 });
    expect(r.understood.corrections.map((c) => c.from)).toContain('malaysa');
    expect(r.hits.some((h) => /beef/i.test(h.fact.text))).toBe(true);
    expect(r.hits[0]!.fact.text).toMatch(/beef/i);
  });

  it('aliases and typos resolve to the right entities', () => {
    expect(ids('PRC')).toEqual(['CHN']);
    expect(ids('Kenia')).toEqual(['KEN']);
    expect(ids('Malaysa')).toEqual(['MYS']);
    const kl = searcher.search('KL').understood.entities;
    expect(kl).toHaveLength(1);
    expect(kl[0]!.id === 'MYS' || fb.entity(kl[0]!.id)?.country === 'MYS').toBe(true);
    expect(ids('President Ruto')).toEqual([expect.stringMatching(/ruto/)]);
    expect(ids('Rutto')).toEqual(ids('Ruto'));
  });

  it('filters hold on the real data', () => {
    const tariffs = searcher.search('kenya topic:tariffs', { limit: 50 });
    expect(tariffs.hits.length).toBeGreaterThan(0);
    expect(tariffs.hits.every((h) => h.fact.topics.includes('tariffs'))).toBe(true);
    const standard = searcher.search('kenya source:"The Standard"', { limit: 50 });
    expect(standard.hits.length).toBeGreaterThan(0);
    for (const h of standard.hits) {
      expect(h.fact.citations.some((c) => fb.article(c.articleId)?.publisher === 'The Standard')).toBe(true);
    }
    const china = searcher.search('trade country:CHN since:2025-01 until:2025-12', { limit: 50 });
    expect(china.hits.every((h) => h.fact.entities.includes('CHN'))).toBe(true);
  });
});
