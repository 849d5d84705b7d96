import { describe, expect, it } from 'vitest';
import { helpContent } from '../../src/brief/help.js';
import { isBriefbotError } from '../../src/errors.js';
import { ACCEPTED_FILTERS, describeFilters, FILTER_TABLE } from '../../src/search/filter-table.js';
import { parseQuery } from '../../src/search/query.js';

describe('the filter table', () => {
  it('is what the parser accepts, the help lists and an error names', () => {
    for (const row of FILTER_TABLE) {
      const value = row.kind === 'date' ? '2025-06' : 'x';
      expect(parseQuery(`kenya ${row.key}:${value}`).filters).toEqual([{ key: row.key, value }]);
      expect(ACCEPTED_FILTERS).toContain(row.syntax);
    }
    expect(helpContent().filters.map((f) => f.example)).toEqual(FILTER_TABLE.map((r) => r.example));
    try {
      parseQuery('kenya colour:red');
      expect.unreachable();
    } catch (e) {
      expect(isBriefbotError(e, 'QUERY_BAD_FILTER')).toBe(true);
      for (const row of FILTER_TABLE) expect((e as Error).message).toContain(`${row.key}:`);
    }
  });

  it('words the understood filters in table order', () => {
    expect(
      describeFilters({ topics: ['trade'], since: '2025-06', sources: ['a'], sourceNames: ['Reuters'], countries: ['MYS'] }),
    ).toEqual(['topic trade', 'since 2025-06', 'source Reuters', 'country MYS']);
  });

  it('reads quoted phrases out of the free text', () => {
    const q = parseQuery('kenya "turbulent international" topic:trade');
    expect(q.phrases).toEqual(['turbulent international']);
    expect(q.text).toBe('kenya');
    expect(parseQuery('“semiconductor hub”').phrases).toEqual(['semiconductor hub']);
  });
});
