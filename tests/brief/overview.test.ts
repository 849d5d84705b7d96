import { beforeAll, describe, expect, it } from 'vitest';
import { composeBrief } from '../../src/brief/compose.js';
import type { Corpus } from '../../src/brief/corpus.js';
import { composeOverview, mainClause, OVERVIEW_LIMITS } from '../../src/brief/overview.js';
import { FactBase } from '../../src/factbase/factbase.js';
import { leansOnContext } from '../../src/brief/self-contained.js';
import { relevanceCorpus } from '../relevance/corpus.js';
import { leaningData, leaningFacts } from '../fixtures/brief/leaning-overview.js';

describe('where things stand', () => {
  let corpus: Corpus;
  beforeAll(() => {
    corpus = relevanceCorpus();
  }, 120_000);

  it.each(['ghana nigeria', 'kenya malaysia', 'kenya china', 'chile argentina'])(
    '%s: 3–5 points in date order, each the words of a matching fact, with its sources',
    (query) => {
      const brief = composeBrief(corpus.fb, corpus.searcher, query);
      const matches = new Set(corpus.searcher.search(query, { limit: 10_000 }).hits.map((h) => h.fact.id));
      expect(brief.overview.length).toBeGreaterThanOrEqual(Math.min(3, matches.size));
      expect(brief.overview.length).toBeLessThanOrEqual(OVERVIEW_LIMITS.maxPoints);
      const dates = brief.overview.map((p) => p.date.value);
      expect(dates).toEqual([...dates].sort());
      for (const p of brief.overview) {
        for (const id of p.factIds) expect(matches.has(id)).toBe(true);
        const lead = corpus.fb.fact(p.factIds[0]!)!;
        // Extractive: the point is the fact's own sentence or a prefix of it, never new words.
        const stem = p.text.replace(/[.…]$/u, '');
        expect(lead.text.startsWith(stem)).toBe(true);
        const articles = new Set(p.factIds.flatMap((id) => corpus.fb.fact(id)!.citations.map((c) => c.articleId)));
        expect(p.sources).toBe(articles.size);
        expect(p.sourceNos.length).toBeGreaterThan(0);
        for (const no of p.sourceNos) expect(brief.sources.some((s) => s.no === no)).toBe(true);
      }
    },
  );

  it('tells the Ghana–Nigeria corridor as one development reported by several outlets', () => {
    const brief = composeBrief(corpus.fb, corpus.searcher, 'ghana nigeria');
    const signing = brief.overview.find((p) => p.factIds.some((id) => /cross-border power line/.test(corpus.fb.fact(id)!.text)));
    expect(signing).toBeDefined();
    expect(signing!.sources).toBeGreaterThanOrEqual(2);
    expect(signing!.date.value).toMatch(/^2025-03-0[345]$/);
  });

  it('says where reports of one event disagree (from the ingest’s related links)', () => {
    const data = structuredClone(corpus.fb.data);
    const scrap = data.facts.find((f) => f.text.includes('scrap customs checks'))!;
    const phase = data.facts.find((f) => f.text.includes('phase out customs checks'))!;
    scrap.related = [{ factId: phase.id, how: '"within a year" vs "over three years"' }];
    phase.related = [{ factId: scrap.id, how: '"over three years" vs "within a year"' }];
    const fb = new FactBase(data);
    const ranked = [phase, scrap, ...data.facts.filter((f) => f !== phase && f !== scrap && f.entities.includes('GHA'))];
    const points = composeOverview(fb, ranked, ['GHA', 'NGA']);
    const withBoth = points.find((p) => p.factIds.includes(scrap.id) && p.factIds.includes(phase.id));
    expect(withBoth).toBeDefined();
    // The ingest may link other reports of the event too; this pair's disagreement must be among them.
    const pair = (withBoth!.disagreements ?? []).filter((d) =>
      ['Agence France-Presse', 'The Lagos Ledger'].every((p) => d.publishers.includes(p)),
    );
    expect(pair).toHaveLength(1);
    expect(pair[0]!.how).toContain('within a year');
  });

  it('does not call reports that differ only in wording a disagreement', () => {
    const data = structuredClone(corpus.fb.data);
    const scrap = data.facts.find((f) => f.text.includes('scrap customs checks'))!;
    const phase = data.facts.find((f) => f.text.includes('phase out customs checks'))!;
    for (const f of data.facts) f.related = [];
    scrap.related = [{ factId: phase.id, how: 'the same event in other words (The Lagos Ledger)', differs: 'wording' }];
    phase.related = [{ factId: scrap.id, how: 'the same event in other words (Agence France-Presse)', differs: 'wording' }];
    const fb = new FactBase(data);
    const ranked = [phase, scrap, ...data.facts.filter((f) => f !== phase && f !== scrap && f.entities.includes('GHA'))];
    const points = composeOverview(fb, ranked, ['GHA', 'NGA']);
    expect(points.length).toBeGreaterThan(0);
    for (const p of points) expect(p.disagreements ?? []).toEqual([]);
  });

  it('is the same however often it is asked', () => {
    const a = composeBrief(corpus.fb, corpus.searcher, 'kenya malaysia');
    const b = composeBrief(corpus.fb, corpus.searcher, 'kenya malaysia');
    expect(b.overview).toEqual(a.overview);
  });

  it('is empty when nothing matches, and only on the first page', () => {
    expect(composeBrief(corpus.fb, corpus.searcher, 'zzzqqq').overview).toEqual([]);
    expect(composeBrief(corpus.fb, corpus.searcher, 'kenya', { offset: 5 }).overview).toEqual([]);
  });
});

describe('mainClause', () => {
  it('keeps short sentences whole', () => {
    expect(mainClause('Ghana and Nigeria signed a pact.', 200)).toBe('Ghana and Nigeria signed a pact.');
  });

  it('cuts a long sentence at the end of its main clause, as a prefix of it', () => {
    const s =
      'The Head of State welcomed the decision to scrap tariffs on farm produce, describing it as a significant step that will open new market opportunities for farmers and strengthen the partnership for years.';
    expect(mainClause(s, 120)).toBe('The Head of State welcomed the decision to scrap tariffs on farm produce.');
  });

  it('without a clause boundary, cuts at a word with an ellipsis', () => {
    const s = `${'word '.repeat(60)}end.`;
    const out = mainClause(s, 100);
    expect(out.endsWith('…')).toBe(true);
    expect(out.length).toBeLessThanOrEqual(100);
    expect(s.startsWith(out.slice(0, -1))).toBe(true);
  });
});

describe('where things stand reads alone', () => {
  it('a sentence whose subject is only a pronoun or a context phrase never leads a point or pads the overview', () => {
    const data = leaningData();
    const fb = new FactBase(data);
    const points = composeOverview(fb, data.facts, ['PER', 'JPN']);
    const leads = points.map((p) => fb.fact(p.factIds[0]!)!);
    expect(points.length).toBeGreaterThanOrEqual(3);
    for (const f of leads) expect(leansOnContext(f)).toBe(false);
    // The signing is told in its own words, with the "They also signed…" report among its facts.
    const signing = points.find((p) => p.text.startsWith('Peru and Japan signed'));
    expect(signing?.factIds).toContain(data.facts[0]!.id);
    expect(points.map((p) => p.text).join('\n')).not.toMatch(/^(They|The two leaders|Both sides|He) /mu);
  });

  it('tells context-leaning claims only when nothing self-contained is left', () => {
    const data = leaningData();
    data.facts = data.facts.filter((f) => leansOnContext(f) || f.text.startsWith('Peru and Japan signed'));
    const fb = new FactBase(data);
    const points = composeOverview(fb, data.facts, ['PER', 'JPN']);
    // One self-contained event; the rest of the minimum is made up from the leaning claims.
    expect(points.filter((p) => !leansOnContext(fb.fact(p.factIds[0]!)!))).toHaveLength(1);
    expect(points.length).toBeGreaterThan(1);
  });

  it('reads pronoun and context-phrase subjects', () => {
    const [they, named, , leaders] = leaningFacts();
    expect(leansOnContext(they!)).toBe(true);
    expect(leansOnContext(leaders!)).toBe(true);
    expect(leansOnContext(named!)).toBe(false);
    expect(leansOnContext({ ...named!, text: '“They are partners,” the minister said.' })).toBe(true);
    expect(leansOnContext({ ...named!, text: 'Theodore Roosevelt visited Peru.' })).toBe(false);
  });
});
