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
      quote: 'tariffs on processed cocoa',
    });
    expect(fact.entities).toEqual(['GHA', 'NOR']);
    expect(json.facts[1]!.speaker).toBe('kwame-asante');
  });

  it('round-trips through JSON text', () => {
    expect(JSON.parse(renderBriefJson(sampleBrief()))).toEqual(briefToJson(sampleBrief()));
  });
});
