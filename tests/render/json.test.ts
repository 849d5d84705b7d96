import { describe, expect, it } from 'vitest';
import { briefToJson, renderBriefJson } from '../../src/render/json.js';
import { sampleBrief } from '../fixtures/brief/sample-brief.js';

describe('briefToJson', () => {
  it('has the shape DESIGN.md promises', () => {
    const json = briefToJson(sampleBrief());
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['query', 'understood', 'total', 'facts']));
    expect(Object.keys(json.understood)).toEqual(expect.arrayContaining(['entities', 'terms', 'filters']));
    const fact = json.facts[0]!;
    expect(Object.keys(fact)).toEqual(expect.arrayContaining(['id', 'text', 'date', 'topics', 'entities', 'citations']));
    expect(fact.citations[1]).toEqual({
      articleId: 'daily-2024-03-15-cocoa',
      publisher: 'Example Daily',
      publisherKind: 'forum',
      title: 'Cocoa deal',
      published: '2024-03-15',
      publishedIsApprox: true,
      url: 'https://example.org/b#:~:text=tariffs%20on%20processed%20cocoa',
      // JSON keeps the article's raw text (offsets point into it); renderers collapse whitespace.
      quote: 'tariffs on\n\nprocessed   cocoa',
    });
    expect(fact.entities).toEqual(['GHA', 'NOR']);
    expect(fact.related).toEqual([{ factId: 'f_aaaaaaaaaaaaaaaa', how: '"agreed to cut" vs "plans to scrap"' }]);
    // A fact shown in another's slot is still in the answer, after it.
    expect(fact.alsoReported).toEqual(['f_aaaaaaaaaaaaaaaa']);
    expect(json.facts[1]!.id).toBe('f_aaaaaaaaaaaaaaaa');
    expect(json.facts[1]!.caveats).toEqual(['A forum rewrite of news reports, not original reporting.']);
    expect(json.facts[1]!.context).toEqual([{ id: 'GHA', via: 'story' }]);
    expect(json.facts[2]!.speaker).toBe('kwame-asante');
    expect(json.overview).toHaveLength(2);
    expect(json.overview[0]).toEqual({
      text: 'Ghana and Norway agreed to cut tariffs on processed cocoa worth 1.2 billion cedis ($80 million).',
      date: { value: '2024-03-14', precision: 'day', kind: 'event', approximate: false },
      factIds: ['f_0123456789abcdef', 'f_aaaaaaaaaaaaaaaa'],
      sources: 2,
      disagreements: [
        { how: '"agreed to cut" vs "plans to scrap"', factIds: ['f_0123456789abcdef', 'f_aaaaaaaaaaaaaaaa'], publishers: ['Example Wire', 'Example Daily'] },
      ],
    });
    // Every overview point cites facts that are in the answer.
    const ids = new Set(json.facts.map((f) => f.id));
    for (const p of json.overview) for (const id of p.factIds) expect(ids.has(id)).toBe(true);
  });

  it('round-trips through JSON text', () => {
    expect(JSON.parse(renderBriefJson(sampleBrief()))).toEqual(briefToJson(sampleBrief()));
  });
});
