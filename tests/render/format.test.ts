import { describe, expect, it } from 'vitest';
import { countWords, displayQuote, factDateLabel, factMeta, formatAmount, formatFactDate, formatIsoDate, markers } from '../../src/render/format.js';

describe('formatFactDate', () => {
  it('keeps the precision the source gives', () => {
    expect(formatIsoDate('2025-11-24')).toBe('24 Nov 2025');
    expect(formatIsoDate('2024-06')).toBe('Jun 2024');
    expect(formatIsoDate('2013')).toBe('2013');
  });

  it('says "about" where the date is approximate', () => {
    expect(formatFactDate({ value: '2025-08-06', approximate: true })).toBe('about 6 Aug 2025');
  });
});

describe('formatAmount', () => {
  it('labels a USD figure given by the article', () => {
    expect(
      formatAmount({ value: 5.7e9, unit: 'MYR', kind: 'currency', text: 'x', usd: { value: 1.37e9, source: 'article' } }),
    ).toBe('MYR 5.7 billion (USD 1.37 billion, as reported)');
  });

  it('labels a rate-table conversion with its date', () => {
    expect(
      formatAmount({
        value: 6e11,
        unit: 'KES',
        kind: 'currency',
        text: 'Sh600 billion',
        usd: { value: 4.64e9, source: 'rate-table', rateDate: '2025-06-30' },
      }),
    ).toBe('KES 600 billion (USD 4.64 billion, converted at the 2025-06-30 rate)');
  });

  it('prints percentages and units', () => {
    expect(formatAmount({ value: 30, unit: 'percent', kind: 'percent', text: '30%' })).toBe('30%');
    expect(formatAmount({ value: 2500, unit: 'km', kind: 'length', text: '2,500 kilometers' })).toBe('2,500 km');
    expect(formatAmount({ value: 60000, unit: 't', kind: 'other', text: '60,000 tonnes' })).toBe('60,000 tonnes');
    expect(formatAmount({ value: 1.2e6, unit: 't', kind: 'other', text: '1.2 million tonnes' })).toBe('1.2 million tonnes');
  });
});

describe('markers', () => {
  it('numbers each source once, in order of citation', () => {
    expect(markers([2, 1, 2])).toBe('[2][1]');
  });
});

describe('fact line wording', () => {
  it('says when a date is only the publication date, and marks it approximate with ~', () => {
    expect(factDateLabel({ value: '2025-08-06', precision: 'day', kind: 'published', approximate: true })).toBe('published ~6 Aug 2025');
    expect(factDateLabel({ value: '2025-11-24', precision: 'day', kind: 'published', approximate: false })).toBe('published 24 Nov 2025');
    expect(factDateLabel({ value: '2025-11-24', precision: 'day', kind: 'event', approximate: true })).toBe('about 24 Nov 2025');
  });

  it('collapses whitespace in quotes for display', () => {
    expect(displayQuote('for\n\nKenyan   farmers\t')).toBe('for Kenyan farmers');
  });

  it('counts in a reader’s words', () => {
    const e = (name: string) => ({ id: name, name, kind: 'country' as const, matched: name, exact: true });
    expect(countWords({ total: 70, aboutAll: { count: 23, names: [] }, understood: { entities: [e('Kenya'), e('Malaysia')], terms: [] } })).toEqual({
      main: '23 facts about Kenya and Malaysia',
      partial: '47 more mention only Kenya or only Malaysia',
    });
    expect(countWords({ total: 1, understood: { entities: [e('Kenya')], terms: [] } })).toEqual({ main: '1 fact about Kenya' });
    expect(countWords({ total: 4, understood: { entities: [], terms: ['semicond'] } })).toEqual({ main: '4 facts matching “semicond”' });
    expect(
      countWords({ total: 9, aboutAll: { count: 2, names: [] }, understood: { entities: [e('Kenya'), e('China'), e('USA')], terms: ['trade'] } }),
    ).toEqual({ main: '2 facts about Kenya, China and USA, best matches for “trade” first', partial: '7 more match only part of the query' });
  });

  it('names forum, magazine and blog sources and entities carried only through context', () => {
    const meta = factMeta(
      {
        date: { value: '2025-05-15', precision: 'day', kind: 'event', approximate: false },
        topics: [],
        citations: [{ sourceNo: 1 }, { sourceNo: 2 }],
        context: [{ id: 'KEN', name: 'Kenya', phrase: 'both sides' }, { id: 'MYS', name: 'Malaysia' }],
      },
      [
        { no: 1, publisherKind: 'wire' },
        { no: 2, publisherKind: 'magazine' },
      ],
      ['KEN'],
    );
    expect(meta).toEqual(['15 May 2025', '2 sources', 'magazine', 'Kenya (from context: “both sides”)']);
  });
});
