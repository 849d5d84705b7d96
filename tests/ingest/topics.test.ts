import { describe, expect, it } from 'vitest';
import { TopicTagger } from '../../src/ingest/topics.js';
import type { Topic } from '../../src/factbase/schema.js';

const topics: Topic[] = [
  { id: 'agriculture', label: 'Agriculture', keywords: ['cocoa', 'palm-oil'], phrases: ['palm oil'] },
  { id: 'energy', label: 'Energy', keywords: ['oil', 'power'], phrases: [], exclude: ['powers', 'in power'] },
  { id: 'manufacturing', label: 'Manufacturing', keywords: ['industry'], phrases: [] },
  { id: 'security', label: 'Security', keywords: ['defence'], phrases: [], exclude: ['defence of'] },
  { id: 'trade', label: 'Trade', keywords: ['commerce', 'trade'], phrases: [] },
];
const tagger = new TopicTagger(topics);

describe('TopicTagger', () => {
  it('a phrase wins over the words inside it', () => {
    expect(tagger.tag('Ghana exports palm oil and cocoa to Norway.')).toEqual(['agriculture']);
    expect(tagger.tag('Nigeria pumps more oil.')).toEqual(['energy']);
  });
  it('a keyword hyphened into another word is that word', () => {
    expect(tagger.tag('Talks covered palm-oil quotas.')).toEqual(['agriculture']);
    expect(tagger.tag('Critics called it a power-consolidation move.')).toEqual([]);
    expect(tagger.tag('The oil-rich delta voted.')).toEqual(['energy']);
  });
  it('words inside a name do not count', () => {
    const text = 'The Ghana Chamber of Commerce and Industry backed the plan.';
    expect(tagger.tag(text)).toEqual([]);
    const name = 'Accra Power Holdings';
    const s = `${name} opened an office.`;
    expect(tagger.tag(s)).toEqual(['energy']);
    expect(tagger.tag(s, [{ start: 0, end: name.length }])).toEqual([]);
    // A rule that is the whole name still counts.
    expect(tagger.tag('Cocoa exports rose.', [{ start: 0, end: 5 }])).toEqual(['agriculture']);
  });
  it('excluded senses do not count', () => {
    expect(tagger.tag('Her defence of the trade strategy was firm.')).toEqual(['trade']);
    expect(tagger.tag('Ghana balances between global powers.')).toEqual([]);
    expect(tagger.tag('Ghana raised defence spending.')).toEqual(['security']);
  });
});
