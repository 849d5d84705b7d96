import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FactBaseSchema, type Fact } from '../../src/factbase/schema.js';
import { buildFactBaseWithReport, type BuildReport } from '../../src/ingest/build.js';
import { silentLogger } from '../../src/logger.js';

/**
 * Four articles in other outlets' styles (wire, newspaper, magazine, forum) about other countries,
 * ingested with the project's gazetteer, topics and synonyms: the facts and furniture expected.
 */
describe('d2 fixture articles (wire, newspaper, magazine, forum)', () => {
  let dir: string;
  let report: BuildReport;
  const fact = (re: RegExp): Fact => {
    const f = report.data.facts.find((x) => re.test(x.text));
    if (!f) throw new Error(`no fact matches ${re}`);
    return f;
  };
  const droppedBy = (rule: string): string[] => report.dropped.filter((d) => d.rule === rule).map((d) => d.text);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'briefbot-d2-'));
    mkdirSync(join(dir, 'articles'));
    for (const f of ['entities.yaml', 'countries.generated.yaml', 'topics.yaml', 'rates.yaml', 'synonyms.yaml']) cpSync(join('data', f), join(dir, f));
    for (const f of readdirSync('tests/fixtures/articles').filter((x) => x.startsWith('d2-'))) {
      cpSync(join('tests/fixtures/articles', f), join(dir, 'articles', f));
    }
    report = buildFactBaseWithReport({ dataDir: dir, now: new Date('2026-01-01T00:00:00Z'), logger: silentLogger() });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('builds a valid fact base with no furniture facts', () => {
    expect(FactBaseSchema.parse(report.data)).toEqual(report.data);
    for (const f of report.data.facts) {
      expect(f.text).not.toMatch(/Read more|RELATED|Recommended|Share this|newsletter|Reporting by|speaks during|Jubilee House|^PARIS|^LAGOS|^Accra —/);
    }
  });

  it('strips datelines of several shapes and keeps them as data', () => {
    const byId = new Map(report.data.articles.map((a) => [a.id, a.dateline]));
    expect(byId.get('d2-wire-2024-03-04-france-senegal-loan')).toEqual({ place: 'PARIS', entity: 'paris', dateText: 'March 3', date: '2024-03-03', agency: 'AWI' });
    expect(byId.get('d2-paper-2024-06-03-nigeria-fuel-price')).toMatchObject({ place: 'LAGOS, Nigeria', entity: 'lagos', date: '2024-06-02' });
    expect(byId.get('d2-magazine-2024-09-10-ghana-norway-cocoa')).toEqual({ place: 'Accra', entity: 'accra' });
    expect(byId.get('d2-forum-2024-09-12-ghana-norway-cocoa')).toBeUndefined();
  });

  it('dates the lead by the dateline and a weekday, not by a relative clause or the publication day', () => {
    expect(fact(/^France agreed on Sunday to lend Senegal/).date).toMatchObject({ value: '2024-03-03', kind: 'event' });
    expect(fact(/^France agreed on Sunday/).context).toContainEqual({ id: 'paris', via: 'dateline', phrase: 'PARIS' });
    expect(fact(/^Nigeria's state oil company raised/).date).toMatchObject({ value: '2024-06-02', kind: 'event' });
    expect(fact(/^The loan, which was first discussed in October 2022/).date.kind).toBe('published');
    expect(fact(/^Container traffic rose by 6%/).date).toMatchObject({ value: '2023', source: 'previous-sentence' });
    expect(fact(/^Processed cocoa earned 1\.2 billion/).date).toMatchObject({ value: '2023', source: 'previous-sentence' });
  });

  it('drops related runs mid-story and at the end, and captions without a credit', () => {
    expect(droppedBy('related-run')).toEqual(
      expect.arrayContaining([
        'Senegal offshore gas output reaches first milestone',
        'Dakar traffic plan stalls again',
        "Nigeria's inflation hits 33% as food prices climb",
        'Lagos traders protest new market levies',
        'Why chocolate prices keep rising in Europe',
      ]),
    );
    expect(droppedBy('caption-uncredited').sort()).toEqual([
      "Nigeria's finance minister speaks during a news conference in Abuja",
      'President John Mahama and Prime Minister Jonas Store at the Jubilee House in Accra on September 9, 2024.',
    ]);
    // The story resumes after a mid-story block.
    expect(fact(/gateway of West Africa/).citations).toHaveLength(1);
    expect(fact(/^The increase follows a decision by the federal government/)).toBeDefined();
  });

  it('merges the MoU told with a synonym and links the two stances on tariffs', () => {
    const mou = fact(/memorandum of understanding on cocoa research/);
    expect(mou.citations.map((c) => c.articleId).sort()).toEqual(['d2-forum-2024-09-12-ghana-norway-cocoa', 'd2-magazine-2024-09-10-ghana-norway-cocoa']);
    const committed = fact(/committed to removing tariffs on processed cocoa/);
    const decided = fact(/decision to scrap tariffs on processed cocoa/);
    expect(committed.id).not.toBe(decided.id);
    expect(committed.related).toEqual([{ factId: decided.id, how: 'Harvest Review: "committed to removing"; AgriTalk Forum: "decision to scrap"', differs: 'stance' }]);
    expect(decided.related.map((r) => r.factId)).toEqual([committed.id]);
    // A near miss that shares words and a source ("according to farmers' groups") stays apart.
    expect(fact(/^Funds are still sought/).citations).toHaveLength(1);
  });

  it('tags topics by meaning: oil company is energy, tariffs are tariffs', () => {
    expect(fact(/^Nigeria's state oil company/).topics).toContain('energy');
    expect(fact(/committed to removing tariffs/).topics).toContain('tariffs');
  });
});
