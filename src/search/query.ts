import { BriefbotError } from '../errors.js';
import { ACCEPTED_FILTERS, FILTER_KEYS, filterSpec, type FilterKey } from './filter-table.js';
import { MAX_QUERY_LENGTH } from './types.js';

export { ACCEPTED_FILTERS, FILTER_KEYS, type FilterKey };

export interface QueryFilter {
  key: FilterKey;
  /** The value with any quotes removed. */
  value: string;
}

/** A date filter bound as a day range: since:2025-06 is 2025-06-01…2025-06-30. */
export interface DateBound {
  /** As typed, normalized: 2025, 2025-06 or 2025-06-03. */
  text: string;
  /** First and last day as yyyymmdd numbers. */
  first: number;
  last: number;
}

export interface ParsedQuery {
  raw: string;
  /** The query with the filters and quoted phrases taken out: names and words. */
  text: string;
  /** Quoted phrases ("turbulent international"), matched as words in this order. */
  phrases: string[];
  filters: QueryFilter[];
  since?: DateBound;
  until?: DateBound;
}

const FILTER = /^([A-Za-z]+):/;
const OPEN_QUOTES: Record<string, string> = { '"': '"', '“': '”', '„': '“', '«': '»' };

/**
 * Splits a query into free text and `key:value` filters and checks what can be checked without
 * the fact base (keys, dates). Topic, source and country values are resolved by the searcher.
 * Throws BriefbotError QUERY_EMPTY, QUERY_TOO_LONG or QUERY_BAD_FILTER.
 */
export function parseQuery(raw: string): ParsedQuery {
  const length = [...raw].length;
  if (length > MAX_QUERY_LENGTH) throw new BriefbotError('QUERY_TOO_LONG', { length, max: MAX_QUERY_LENGTH });
  if (raw.trim() === '') throw new BriefbotError('QUERY_EMPTY');

  const filters: QueryFilter[] = [];
  const text: string[] = [];
  const phrases: string[] = [];
  let i = 0;
  while (i < raw.length) {
    if (/\s/u.test(raw[i]!)) {
      i++;
      continue;
    }
    const rest = raw.slice(i);
    const m = FILTER.exec(rest);
    if (m) {
      const key = m[1]!.toLowerCase();
      const { value, next } = readValue(raw, i + m[0].length);
      if (isFilterKey(key)) {
        if (value.trim() === '') throw badFilter(m[0], 'it needs a value after the colon');
        filters.push({ key, value: value.trim() });
        i = next;
        continue;
      }
      // "note: kenya" is prose; "foo:bar" is a filter we do not know.
      if (value !== '') throw badFilter(`${m[1]!}:${value}`, `"${m[1]!}" is not a filter`);
    }
    if (OPEN_QUOTES[raw[i]!] !== undefined) {
      const { value, next } = readValue(raw, i);
      if (value.trim() !== '') phrases.push(value.trim());
      i = next;
      continue;
    }
    const end = rest.search(/\s/u);
    const word = end < 0 ? rest : rest.slice(0, end);
    text.push(word);
    i += word.length;
  }

  const parsed: ParsedQuery = { raw, text: text.join(' '), phrases, filters };
  for (const f of filters) {
    if (f.key !== 'since' && f.key !== 'until') continue; // the table's two 'date' rows
    const bound = parseDateBound(f);
    const previous = parsed[f.key];
    if (previous !== undefined && previous.text !== bound.text) {
      throw badFilter(`${f.key}:${f.value}`, `${f.key}: is given twice`);
    }
    parsed[f.key] = bound;
  }
  if (parsed.since && parsed.until && parsed.since.first > parsed.until.last) {
    throw badFilter(`since:${parsed.since.text} until:${parsed.until.text}`, 'since: is after until:');
  }
  if (text.length === 0 && phrases.length === 0 && filters.length === 0) throw new BriefbotError('QUERY_EMPTY');
  return parsed;
}

function isFilterKey(key: string): key is FilterKey {
  return filterSpec(key) !== undefined;
}

/** A value is a quoted string (straight or typographic quotes, as Slack and phones type them) or one word. */
function readValue(raw: string, start: number): { value: string; next: number } {
  const open = raw[start];
  const close = open !== undefined ? OPEN_QUOTES[open] : undefined;
  if (close !== undefined) {
    const end = raw.indexOf(close, start + 1);
    // An unclosed quote takes the rest of the query: what else could it mean?
    if (end < 0) return { value: raw.slice(start + 1), next: raw.length };
    return { value: raw.slice(start + 1, end), next: end + 1 };
  }
  let end = start;
  while (end < raw.length && !/\s/u.test(raw[end]!)) end++;
  return { value: raw.slice(start, end), next: end };
}

function parseDateBound(f: QueryFilter): DateBound {
  const m = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(f.value);
  const problem = 'expected a date as YYYY, YYYY-MM or YYYY-MM-DD';
  if (!m) throw badFilter(`${f.key}:${f.value}`, problem);
  const year = Number(m[1]);
  if (m[2] === undefined) return { text: m[1]!, first: year * 10000 + 101, last: year * 10000 + 1231 };
  const month = Number(m[2]);
  if (month < 1 || month > 12) throw badFilter(`${f.key}:${f.value}`, `${problem}; there is no month ${month}`);
  const mm = String(month).padStart(2, '0');
  const monthDays = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (m[3] === undefined) {
    return { text: `${m[1]!}-${mm}`, first: year * 10000 + month * 100 + 1, last: year * 10000 + month * 100 + monthDays };
  }
  const day = Number(m[3]);
  if (day < 1 || day > monthDays) throw badFilter(`${f.key}:${f.value}`, `${problem}; ${m[1]!}-${mm} has no day ${day}`);
  const value = year * 10000 + month * 100 + day;
  return { text: `${m[1]!}-${mm}-${String(day).padStart(2, '0')}`, first: value, last: value };
}

export function badFilter(filter: string, problem: string, accepted = ACCEPTED_FILTERS): BriefbotError {
  return new BriefbotError('QUERY_BAD_FILTER', { filter, problem, accepted });
}

/** yyyymmdd range of a fact date at its precision: 2025-06 → 20250601…20250631 (only compared). */
export function dateRange(value: string): { first: number; last: number } {
  const y = Number(value.slice(0, 4));
  if (value.length === 4) return { first: y * 10000 + 101, last: y * 10000 + 1231 };
  const m = Number(value.slice(5, 7));
  if (value.length === 7) return { first: y * 10000 + m * 100 + 1, last: y * 10000 + m * 100 + 31 };
  const d = y * 10000 + m * 100 + Number(value.slice(8, 10));
  return { first: d, last: d };
}
