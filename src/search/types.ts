import type { EntityKind, Fact } from '../factbase/schema.js';

/** Filters a query can carry: `topic:tariffs since:2025-06 until:2025-12 source:"The Standard" country:MYS`. */
export interface Filters {
  /** Topic ids (resolved from what was typed, typo-tolerant). */
  topics: string[];
  /** Inclusive lower bound on the fact date: YYYY, YYYY-MM or YYYY-MM-DD. */
  since?: string;
  /** Inclusive upper bound on the fact date: YYYY, YYYY-MM or YYYY-MM-DD. */
  until?: string;
  /** Article ids whose publisher (or id) matched a `source:` filter. */
  sources: string[];
  /** What was typed after `source:`, for echoing back. */
  sourceNames: string[];
  /** ISO 3166 alpha-3 codes from `country:`; a fact must mention each. */
  countries: string[];
}

export interface ResolvedEntity {
  id: string;
  name: string;
  kind: EntityKind;
  /** The words of the query that resolved to this entity. */
  matched: string;
  /** False when the words were a fuzzy (typo) match for a name or alias. */
  exact: boolean;
}

export interface Correction {
  from: string;
  to: string;
}

/** What the parser made of a query; echoed to the user so they can see and fix it. */
export interface Understood {
  entities: ResolvedEntity[];
  /** Free terms after typo correction and stemming to the index's own words. */
  terms: string[];
  corrections: Correction[];
  /** Words that matched nothing in the fact base, even fuzzily. */
  unknown: string[];
  filters: Filters;
}

export interface SearchOptions {
  /** Page size; defaults to DEFAULT_LIMIT. */
  limit?: number;
  offset?: number;
  /** Only facts whose firstSeen is strictly after this ISO instant (digests: "what is new"). */
  firstSeenAfter?: string;
}

export interface SearchHit {
  fact: Fact;
  score: number;
  /** True when the fact mentions every entity the query named. */
  matchedAllEntities: boolean;
}

export interface SearchResult {
  query: string;
  understood: Understood;
  /** How many facts match in all (not just this page). */
  total: number;
  /** Of those, how many mention every entity the query named (all of them when it named one or none). */
  totalAllEntities: number;
  offset: number;
  hits: SearchHit[];
}

export interface CoverageItem {
  id: string;
  label: string;
  count: number;
}

/** What the fact base is about: suggested when a query matches nothing. */
export interface Coverage {
  entities: CoverageItem[];
  topics: CoverageItem[];
  facts: number;
  articles: number;
}

export interface Searcher {
  /** Throws BriefbotError QUERY_EMPTY, QUERY_TOO_LONG or QUERY_BAD_FILTER for unusable input. */
  search(query: string, options?: SearchOptions): SearchResult;
  coverage(): Coverage;
}

export const DEFAULT_LIMIT = 5;
export const MAX_QUERY_LENGTH = 500;
