import { describe, expect, it } from 'vitest';
import { isBriefbotError } from '../../src/errors.js';
import { loadFixture, texts } from './helpers.js';

const { fb, searcher } = loadFixture();
const search = searcher.search.bind(searcher);

function errorCode(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (isBriefbotError(e)) return e.code;
    throw e;
  }
  return undefined;
}

describe('searcher on the fixture fact base', () => {
  it('ranks facts about every named entity first', () => {
    const r = search('kenya malaysia', { limit: 20 });
    expect(r.understood.entities.map((e) => e.id)).toEqual(['KEN', 'MYS']);
    const both = r.hits.filter((h) => h.fact.entities.includes('KEN') && h.fact.entities.includes('MYS'));
    expect(both.length).toBeGreaterThanOrEqual(5);
    expect(r.hits.slice(0, both.length).every((h) => h.matchedAllEntities)).toBe(true);
    expect(r.hits.slice(both.length).every((h) => !h.matchedAllEntities)).toBe(true);
    // Facts with only one of the two still count, ranked below.
    expect(r.total).toBe(fb.facts.filter((f) => f.entities.includes('KEN') || f.entities.includes('MYS')).length);
    // The corroborated fact (two articles) leads its tier.
    expect(r.hits[0]!.fact.citations).toHaveLength(2);
  });

  it('finds the beef tariff fact despite typos and a demonym', () => {
    const r = search('malaysa kenyan beef');
    expect(r.hits[0]!.fact.text).toMatch(/Kenyan beef/);
    expect(r.understood.entities.map((e) => e.id).sort()).toEqual(['KEN', 'MYS']);
    expect(r.understood.corrections).toContainEqual({ from: 'malaysa', to: 'Malaysia' });
    expect(r.understood.entities.find((e) => e.id === 'MYS')!.exact).toBe(false);
    expect(r.understood.terms).toEqual(['beef']);
  });

  it('resolves aliases: KL, PRC, President Ruto, the US, Kenia, Rutto', () => {
    const kl = search('KL');
    expect(kl.understood.entities.map((e) => e.id)).toEqual(['kuala-lumpur']);
    expect(kl.hits.length).toBeGreaterThan(0);
    expect(kl.hits.every((h) => h.fact.entities.includes('kuala-lumpur') && h.fact.entities.includes('MYS'))).toBe(true);
    expect(search('prc tariffs').understood.entities.map((e) => e.id)).toEqual(['CHN']);
    const ruto = search('President Ruto china');
    expect(ruto.understood.entities.map((e) => [e.id, e.matched])).toEqual([
      ['william-ruto', 'President Ruto'],
      ['CHN', 'china'],
    ]);
    expect(ruto.hits[0]!.fact.speaker).toBe('william-ruto');
    expect(search('the US steel').understood.entities.map((e) => e.id)).toEqual(['USA']);
    expect(search('Kenia').understood.entities.map((e) => e.id)).toEqual(['KEN']);
    expect(search('Rutto').understood.entities.map((e) => e.id)).toEqual(['william-ruto']);
    expect(search('kuala lumpr flights').understood.entities.map((e) => e.id)).toEqual(['kuala-lumpur']);
  });

  it('reads a standalone "us" as the place, in any case, and keeps its other words', () => {
    const r = search('us tea prices');
    expect(r.understood.entities.map((e) => e.id)).toEqual(['USA']);
    expect(r.understood.terms).toEqual(['tea', 'price']);
    // The fact about the US comes first; the tea fact, which matches the words only, still comes.
    expect(r.hits[0]!.matchedAllEntities).toBe(true);
    expect(texts(r)).toContainEqual(expect.stringMatching(/tea farmers/));
  });

  it('corrects typos in free words and reports them', () => {
    const r = search('avocadoes exprots');
    expect(r.understood.corrections).toEqual([
      { from: 'avocadoes', to: 'avocado' },
      { from: 'exprots', to: 'export' },
    ]);
    expect(r.hits[0]!.fact.text).toMatch(/avocados/);
  });

  it('matches plural and singular', () => {
    expect(texts(search('tariff steel'))[0]).toMatch(/tariffs on Chinese steel/);
    expect(texts(search('factory'))[0]).toMatch(/factories/);
  });

  it('reports words the fact base does not know', () => {
    const r = search('kenya xylophone');
    expect(r.understood.unknown).toEqual(['xylophone']);
    expect(r.total).toBeGreaterThan(0);
    const none = search('zqxj wqpv');
    expect(none.total).toBe(0);
    expect(none.hits).toEqual([]);
    expect(none.understood.unknown).toEqual(['zqxj', 'wqpv']);
  });

  describe('filters', () => {
    it('topic: by id or label, typo-tolerant', () => {
      const r = search('kenya topic:tarifs');
      expect(r.understood.filters.topics).toEqual(['tariffs']);
      expect(r.hits.length).toBeGreaterThan(0);
      expect(r.hits.every((h) => h.fact.topics.includes('tariffs'))).toBe(true);
      expect(search('topic:"digital economy"').understood.filters.topics).toEqual(['digital-economy']);
    });

    it('since: and until: keep facts whose date falls in the range', () => {
      const r = search('kenya since:2025-06 until:2025-08', { limit: 50 });
      expect(r.understood.filters).toMatchObject({ since: '2025-06', until: '2025-08' });
      expect(r.hits.length).toBeGreaterThan(0);
      for (const h of r.hits) {
        expect(h.fact.date.value >= '2025-06').toBe(true);
        expect(h.fact.date.value.slice(0, 7) <= '2025-08').toBe(true);
      }
      expect(texts(r)).toContain('Ruto said the trade deficit with China would narrow as Kenyan exports of avocados grow.');
      expect(search('kenya until:2024').hits.map((h) => h.fact.date.value)).toEqual(['2024']);
    });

    it('source: matches the publisher, quoted or as one word, case-insensitive and fuzzy', () => {
      const quoted = search('kenya source:"The Standard"', { limit: 50 });
      expect(quoted.understood.filters.sourceNames).toEqual(['The Standard']);
      expect(quoted.hits.length).toBeGreaterThan(0);
      for (const h of quoted.hits) {
        expect(h.fact.citations.some((c) => fb.article(c.articleId)!.publisher === 'The Standard')).toBe(true);
      }
      expect(search('kenya source:reuters').understood.filters.sources).toEqual(['reuters-2025-04-24-china-kenya-ties']);
      expect(search('kenya source:bernma').understood.filters.sources).toEqual(['bernama-2025-06-10-malaysia-kenya-trade']);
      expect(search('kenya source:“The Standard”').understood.filters.sources).toEqual([
        'standard-2025-11-24-kenya-malaysia-deal',
      ]);
    });

    it('country: takes an alpha-3 code or a name, and every hit mentions it', () => {
      for (const q of ['trade country:MYS', 'trade country:malaysia', 'trade country:Malaysa']) {
        const r = search(q, { limit: 50 });
        expect(r.understood.filters.countries).toEqual(['MYS']);
        expect(r.hits.length).toBeGreaterThan(0);
        expect(r.hits.every((h) => h.fact.entities.includes('MYS'))).toBe(true);
      }
    });

    it('filters alone list every fact they allow', () => {
      const r = search('country:CHN', { limit: 50 });
      expect(r.total).toBe(fb.facts.filter((f) => f.entities.includes('CHN')).length);
    });
  });

  describe('errors', () => {
    it('empty, too long and bad filters are BriefbotErrors', () => {
      expect(errorCode(() => search(''))).toBe('QUERY_EMPTY');
      expect(errorCode(() => search('   '))).toBe('QUERY_EMPTY');
      expect(errorCode(() => search('kenya '.repeat(100)))).toBe('QUERY_TOO_LONG');
      expect(errorCode(() => search('kenya foo:bar'))).toBe('QUERY_BAD_FILTER');
      expect(errorCode(() => search('since:2025-13'))).toBe('QUERY_BAD_FILTER');
      expect(errorCode(() => search('since:2025-12 until:2025-06'))).toBe('QUERY_BAD_FILTER');
      expect(errorCode(() => search('topic:volcanoes'))).toBe('QUERY_BAD_FILTER');
      expect(errorCode(() => search('country:Atlantis'))).toBe('QUERY_BAD_FILTER');
      expect(errorCode(() => search('source:"Daily Planet"'))).toBe('QUERY_BAD_FILTER');
      expect(errorCode(() => search('topic:'))).toBe('QUERY_BAD_FILTER');
    });

    it('an unknown filter key names the accepted filters', () => {
      try {
        search('kenya foo:bar');
        expect.unreachable();
      } catch (e) {
        expect(isBriefbotError(e, 'QUERY_BAD_FILTER')).toBe(true);
        expect((e as Error).message).toContain('topic:');
        expect((e as Error).message).toContain('country:');
      }
    });
  });

  it('pages through all matches with offset and limit', () => {
    const all = search('kenya', { limit: 100 });
    expect(all.total).toBe(fb.facts.filter((f) => f.entities.includes('KEN')).length);
    const ids = all.hits.map((h) => h.fact.id);
    const paged: string[] = [];
    for (let offset = 0; offset < all.total; offset += 3) {
      const page = search('kenya', { limit: 3, offset });
      expect(page.total).toBe(all.total);
      expect(page.offset).toBe(offset);
      paged.push(...page.hits.map((h) => h.fact.id));
    }
    expect(paged).toEqual(ids);
    expect(search('kenya', { limit: 0 }).hits).toEqual([]);
  });

  it('firstSeenAfter keeps only facts first seen later', () => {
    const r = search('kenya', { limit: 100, firstSeenAfter: '2025-11-01T00:00:00Z' });
    expect(r.total).toBeGreaterThan(0);
    expect(r.hits.every((h) => h.fact.firstSeen > '2025-11-01T00:00:00.000Z')).toBe(true);
    expect(r.total).toBeLessThan(search('kenya', { limit: 100 }).total);
  });

  it('is deterministic: same query, same answer, ties broken by fact id', () => {
    const a = search('kenya trade', { limit: 50 });
    const b = search('kenya trade', { limit: 50 });
    expect(b).toEqual(a);
    for (let i = 1; i < a.hits.length; i++) {
      const [p, q] = [a.hits[i - 1]!, a.hits[i]!];
      expect(p.score).toBeGreaterThanOrEqual(q.score);
    }
  });

  it('coverage lists top entities and topics by fact count', () => {
    const c = searcher.coverage();
    expect(c.facts).toBe(fb.facts.length);
    expect(c.articles).toBe(4);
    expect(c.entities[0]).toEqual({ id: 'KEN', label: 'Kenya', count: fb.facts.filter((f) => f.entities.includes('KEN')).length });
    expect(c.topics[0]!.id).toBe('trade');
  });
});
