import { describe, expect, it } from 'vitest';
import { mainTopic } from '../../src/digest/main-topic.js';
import { FactBase } from '../../src/factbase/factbase.js';
import type { Fact, FactBaseData, Topic } from '../../src/factbase/schema.js';

const topics: Topic[] = [
  { id: 'agriculture', label: 'Agriculture', keywords: ['beef', 'agricultural', 'produce', 'oil'], phrases: ['palm oil'] },
  { id: 'energy', label: 'Energy', keywords: ['oil', 'power'], phrases: [] },
  { id: 'tariffs', label: 'Tariffs', keywords: ['tariff'], phrases: [] },
  { id: 'trade', label: 'Trade', keywords: ['trade', 'export'], phrases: [] },
];

function fbWith(text: string, ids: string[]): { fb: FactBase; fact: Fact } {
  const fact: Fact = {
    id: 'f_000000000001',
    text,
    entities: [],
    context: [],
    topics: ids,
    date: { value: '2025-03-03', precision: 'day', kind: 'event', approximate: false },
    amounts: [],
    firstSeen: '2026-01-01T00:00:00.000Z',
    citations: [{ articleId: 'a', quote: text, start: 0, end: text.length, url: 'https://example.com/a' }],
    related: [],
    caveats: [],
  };
  const data: FactBaseData = { formatVersion: 1, articles: [], entities: [], topics, facts: [fact] };
  return { fb: new FactBase(data), fact };
}

describe('mainTopic', () => {
  it('is the topic the sentence names first, not the alphabetically first', () => {
    const { fb, fact } = fbWith('Accra welcomed the decision to scrap tariffs on agricultural produce and beef.', ['agriculture', 'tariffs']);
    expect(mainTopic(fb, fact)).toBe('tariffs');
  });

  it('a phrase wins over a word inside it at the same place', () => {
    const { fb, fact } = fbWith('Palm oil exports rose by a third.', ['agriculture', 'energy', 'trade']);
    expect(mainTopic(fb, fact)).toBe('agriculture');
  });

  it('keeps a single topic, and has none without topics', () => {
    expect(mainTopic(fbWith('Trade grew.', ['trade']).fb, fbWith('Trade grew.', ['trade']).fact)).toBe('trade');
    const none = fbWith('Nothing here.', []);
    expect(mainTopic(none.fb, none.fact)).toBeUndefined();
  });
});
