import type { Filters } from './types.js';

/**
 * The query filters, one row each (Fuse's extended/matchers.ts keeps its operators the same way):
 * the parser takes its keys and the "accepted" line from here, the resolver dispatches on `kind`,
 * retrieval on `restricts`, help shows `example`/`what`, and renderers word the understood
 * filters with `describe`. A new filter is one new row plus its resolver.
 */
export const FILTER_TABLE = [
  {
    key: 'topic',
    kind: 'topic',
    syntax: 'topic:<topic>',
    example: 'topic:trade',
    what: 'only facts on that topic',
    describe: (f: Filters): string[] => f.topics.map((t) => `topic ${t}`),
  },
  {
    key: 'since',
    kind: 'date',
    syntax: 'since:<YYYY[-MM[-DD]]>',
    example: 'since:2025-06',
    what: 'facts dated on or after (YYYY, YYYY-MM or YYYY-MM-DD)',
    describe: (f: Filters): string[] => (f.since ? [`since ${f.since}`] : []),
  },
  {
    key: 'until',
    kind: 'date',
    syntax: 'until:<YYYY[-MM[-DD]]>',
    example: 'until:2025-12-31',
    what: 'facts dated on or before',
    describe: (f: Filters): string[] => (f.until ? [`until ${f.until}`] : []),
  },
  {
    key: 'source',
    kind: 'source',
    syntax: 'source:"<publisher>"',
    example: 'source:"The Standard"',
    what: 'facts cited to that publisher (quote names with spaces)',
    describe: (f: Filters): string[] => f.sourceNames.map((s) => `source ${s}`),
  },
  {
    key: 'country',
    kind: 'country',
    syntax: 'country:<ISO alpha-3 or name>',
    example: 'country:MYS',
    what: 'facts that mention that country (name or ISO code)',
    describe: (f: Filters): string[] => f.countries.map((c) => `country ${c}`),
  },
] as const;

export type FilterSpec = (typeof FILTER_TABLE)[number];
export type FilterKey = FilterSpec['key'];
export type FilterKind = FilterSpec['kind'];

export const FILTER_KEYS: readonly FilterKey[] = FILTER_TABLE.map((f) => f.key);

/** "topic:<topic>, since:…": what a bad filter's error lists. */
export const ACCEPTED_FILTERS = FILTER_TABLE.map((f) => f.syntax).join(', ');

export function filterSpec(key: string): FilterSpec | undefined {
  return FILTER_TABLE.find((f) => f.key === key);
}

/** The understood filters in words ("topic trade", "since 2025-06"), in table order. */
export function describeFilters(f: Filters): string[] {
  return FILTER_TABLE.flatMap((spec) => spec.describe(f));
}

/** Help rows, in table order. */
export function filterHelp(): { name: string; example: string; what: string }[] {
  return FILTER_TABLE.map((f) => ({ name: `${f.key}:`, example: f.example, what: f.what }));
}

export function hasRestrictingFilters(f: Filters): boolean {
  return f.topics.length + f.countries.length + f.sources.length > 0;
}
