import { describe, expect, it } from 'vitest';
import { TopicTagger } from '../../src/ingest/topics.js';
import type { Topic } from '../../src/factbase/schema.js';
import { checkTopicsFile } from '../../src/ingest/data-files.js';

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

describe('the committed topics (data/topics.yaml)', () => {
  const { value, problems } = checkTopicsFile('data');
  const committed = new TopicTagger(value);
  it('tags a story told through its commodities as agriculture, and leaves non-food sentences alone', () => {
    expect(problems).toEqual([]);
    // Sentences in the styles of other outlets and countries, none from the seeds.
    for (const text of [
      'Norway will ship 20,000 more tonnes of farmed salmon to Vietnam next year.',
      'Ghana exported 600,000 tonnes of cocoa beans in 2023.',
      'Nigerian exporters of cement and rice expect the deal to cut transport costs.',
      'OCP will supply Brazil with up to 4 million tonnes of fertiliser a year.',
      'Peru lifted its quota on Chilean dairy and poultry imports.',
    ]) {
      expect(committed.tag(text)).toContain('agriculture');
    }
    for (const text of ['The two ministers signed a memorandum on rail links.', 'Talks were fruitful, both sides said.']) {
      expect(committed.tag(text)).not.toContain('agriculture');
    }
  });
});
