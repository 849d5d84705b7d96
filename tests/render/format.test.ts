import { describe, expect, it } from 'vitest';
import { formatAmount, formatFactDate, formatIsoDate, markers } from '../../src/render/format.js';

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
    expect(formatAmount({ value: 2500, unit: 'km', kind: 'length', text: '2,500 kilometers' })).toBe('km 2,500');
  });
});

describe('markers', () => {
  it('numbers each source once, in order of citation', () => {
    expect(markers([2, 1, 2])).toBe('[2][1]');
  });
});
