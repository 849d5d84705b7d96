import { describe, expect, it } from 'vitest';
import { isBriefbotError } from '../../src/errors.js';
import { parseQuery } from '../../src/search/query.js';

describe('parseQuery', () => {
  it('separates words from filters, quoted or not', () => {
    const q = parseQuery('kenya Topic:tariffs source:"The Standard" malaysia since:2025-6 until:2025-12-01 country:MYS');
    expect(q.text).toBe('kenya malaysia');
    expect(q.filters).toEqual([
      { key: 'topic', value: 'tariffs' },
      { key: 'source', value: 'The Standard' },
      { key: 'since', value: '2025-6' },
      { key: 'until', value: '2025-12-01' },
      { key: 'country', value: 'MYS' },
    ]);
    expect(q.since).toEqual({ text: '2025-06', first: 20250601, last: 20250630 });
    expect(q.until).toEqual({ text: '2025-12-01', first: 20251201, last: 20251201 });
  });

  it('reads typographic quotes and an unclosed quote', () => {
    expect(parseQuery('source:“The Standard” kenya').filters).toEqual([{ key: 'source', value: 'The Standard' }]);
    expect(parseQuery('kenya source:"The Standard').filters).toEqual([{ key: 'source', value: 'The Standard' }]);
  });

  it('treats a colon after a word as prose, and times as words', () => {
    expect(parseQuery('note: kenya 10:30').text).toBe('note: kenya 10:30');
  });

  it.each([
    ['', 'QUERY_EMPTY'],
    [' \t ', 'QUERY_EMPTY'],
    ['x'.repeat(501), 'QUERY_TOO_LONG'],
    ['foo:bar', 'QUERY_BAD_FILTER'],
    ['since:2025-02-30', 'QUERY_BAD_FILTER'],
    ['until:june', 'QUERY_BAD_FILTER'],
    ['since:2025 since:2024', 'QUERY_BAD_FILTER'],
    ['since:2026 until:2025-12-31', 'QUERY_BAD_FILTER'],
    ['country: MYS', 'QUERY_BAD_FILTER'],
  ])('%j → %s', (raw, code) => {
    let caught: unknown;
    try {
      parseQuery(raw);
    } catch (e) {
      caught = e;
    }
    expect(isBriefbotError(caught, code as 'QUERY_EMPTY')).toBe(true);
  });

  it('accepts exactly 500 characters and a same-day range', () => {
    expect(parseQuery('k'.repeat(500)).text).toHaveLength(500);
    expect(parseQuery('since:2025-06 until:2025-06').since?.first).toBe(20250601);
  });
});
