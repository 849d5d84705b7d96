import { describe, expect, it } from 'vitest';
import { FactBase } from '../../src/factbase/factbase.js';
import type { Fact, FactBaseData } from '../../src/factbase/schema.js';
import { FACTBASE_FORMAT_VERSION } from '../../src/factbase/schema.js';
import { createSearcher } from '../../src/search/searcher.js';

/** A small fact base: one name in every fact, so only the words (and their typos) tell facts apart. */
function factBase(texts: string[]): FactBase {
  const facts: Fact[] = texts.map((text, i) => ({
    id: `f_${(0xfeed00000000 + i).toString(16)}`,
    text,
    entities: ['PER'],
    context: [],
    topics: [],
    date: { value: '2025-05-01', precision: 'day', kind: 'event', approximate: false },
    amounts: [],
    firstSeen: '2025-05-02T06:00:00.000Z',
    citations: [{ articleId: 'a1', quote: text, start: 100 * i, end: 100 * i + text.length, url: 'https://news.example/a1' }],
    related: [],
    caveats: [],
  }));
  const data: FactBaseData = {
    formatVersion: FACTBASE_FORMAT_VERSION,
    articles: [{ id: 'a1', title: 'Peru', publisher: 'Example Wire', publisherKind: 'wire', published: '2025-05-01', url: 'https://news.example/a1', language: 'en' }],
    entities: [{ id: 'PER', kind: 'country', name: 'Peru', aliases: [] }],
    topics: [],
    facts,
  };
  return new FactBase(data);
}

describe('typos of words', () => {
  const filler = Array.from({ length: 30 }, (_, i) => `Peru reported ordinary harvest figures for region ${i}.`);
  const fb = factBase([
    ...filler,
    'Peru darned the old fishing nets before the season.',
    'Peru led the regional talks on water.',
    'Peru led the talks again.',
    'Peru leads a replay of the copper auction.',
    'Peru will open a new port.',
    'Peru announced openings for tendon surgeons.',
  ]);
  const searcher = createSearcher(fb);
  const top = (q: string) => searcher.search(q, { limit: 3 }).hits.map((h) => h.fact.text);

  it('a five-letter typo may be two edits from a longer word ("drney" → darned)', () => {
    const r = searcher.search('peru drney', { limit: 3 });
    expect(r.understood.corrections).toContainEqual({ from: 'drney', to: 'darned' });
    expect(r.hits[0]!.fact.text).toMatch(/darned/);
  });

  it('but a short word still gets one edit only: "tax" is not "tap", nor "tag"', () => {
    const r = searcher.search('peru tpx', { limit: 3 });
    expect(r.understood.corrections).toEqual([]);
  });

  it('a non-word whose stem is a word ("leds") is also read as a typo, in context', () => {
    expect(top('peru leds replay')[0]).toMatch(/leads a replay/);
    // A word the fact base holds as typed is never doubted.
    expect(searcher.search('peru led', { limit: 3 }).understood.corrections).toEqual([]);
  });

  it('context picks a two-edit reading over a one-edit one that never occurs with the rest', () => {
    expect(top('peru tendno openns')[0]).toMatch(/openings for tendon/);
  });
});
