import { describe, expect, it } from 'vitest';
import { extractAmounts } from '../../src/ingest/amounts.js';

const rates = { date: '2025-11-28', source: 'test', rates: { KES: 0.0077, MYR: 0.24 } };
const read = (s: string, currencyHint?: string) => extractAmounts(s, { rates, ...(currencyHint ? { currencyHint } : {}) });

describe('extractAmounts', () => {
  it('keeps the article’s own dollar figure on the local amount', () => {
    const [a, ...rest] = read('Bilateral trade reached 5.7 billion ringgit ($1.37 billion) in 2024.');
    expect(rest).toEqual([]);
    expect(a).toEqual({
      value: 5.7e9,
      unit: 'MYR',
      kind: 'currency',
      text: '5.7 billion ringgit ($1.37 billion)',
      usd: { value: 1.37e9, source: 'article' },
    });
  });

  it('reads a bare Sh as the publisher’s shilling and converts it with the dated table', () => {
    expect(read('Kenya imports Sh600 billion worth of goods.', 'KES')).toEqual([
      { value: 6e11, unit: 'KES', kind: 'currency', text: 'Sh600 billion', usd: { value: 4.62e9, source: 'rate-table', rateDate: '2025-11-28' } },
    ]);
  });

  it('does not guess which shilling a bare Sh is without a hint', () => {
    expect(read('It cost Sh600 billion.')).toEqual([]);
    expect(read('It cost Sh600 billion.', 'MYR')).toEqual([]);
  });

  it.each([
    ['a loan of $950 million', 'USD', 9.5e8, '$950 million'],
    ['a US$2.5bn deal', 'USD', 2.5e9, 'US$2.5bn'],
    ['RM 120 million in sales', 'MYR', 1.2e8, 'RM 120 million'],
    ['KSh 3,000 a month', 'KES', 3000, 'KSh 3,000'],
    ['worth 4 billion yuan', 'CNY', 4e9, '4 billion yuan'],
    ['€15m in grants', 'EUR', 1.5e7, '€15m'],
    ['20 million Kenyan shillings', 'KES', 2e7, '20 million Kenyan shillings'],
  ])('reads money in %s', (sentence, unit, value, text) => {
    expect(read(sentence)).toContainEqual(expect.objectContaining({ unit, value, text, kind: 'currency' }));
  });

  it.each([
    ['increase trade by 30% over three years', 30, '30%'],
    ['a 2.7 per cent rise', 2.7, '2.7 per cent'],
    ['only about five percent of that figure', 5, 'five percent'],
  ])('reads percentages in %s', (sentence, value, text) => {
    expect(read(sentence)).toEqual([{ value, unit: 'percent', kind: 'percent', text }]);
  });

  it('reads lengths', () => {
    expect(read('including 2,500 kilometers of highways and a 12 km bypass')).toEqual([
      { value: 2500, unit: 'km', kind: 'length', text: '2,500 kilometers' },
      { value: 12, unit: 'km', kind: 'length', text: '12 km' },
    ]);
  });

  it('ignores bare numbers, years, durations and numbers inside words or figures', () => {
    expect(read('In 2024, 60 years of relations and 3 new deals were marked on Nov. 23.')).toEqual([]);
    expect(read('CFA52.2 billion network expansion')).toEqual([]);
  });
});
