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

/** What a question word asks for: quotes ("what did Ruto say"), amounts ("how much", "value"), dates ("when"), the latest. */
export type Intent = 'quote' | 'amount' | 'date' | 'recent';

/** A query word that found no fact to refine (it is reported, never silently dropped). */
export interface UnmatchedWord {
  /** As typed. */
  word: string;
  /** unknown: neither the fact base nor its typo neighbours have it; not-with-entities: facts have it, but none about all the named entities. */
  reason: 'unknown' | 'not-with-entities';
  /** The entity ids it was tried against (empty when the query named none). */
  triedWith: string[];
}

/** A word read as the start of longer words ("semicond" → semiconductor). */
export interface PrefixExpansion {
  from: string;
  to: string[];
}

/**
 * What the parser made of a query; echoed to the user so they can see and fix it. The optional
 * fields are always set by createSearcher (optional so hand-built results in tests stay valid).
 */
export interface Understood {
  entities: ResolvedEntity[];
  /** Free terms after typo correction and stemming to the index's own words (phrase words included). */
  terms: string[];
  corrections: Correction[];
  /** Words that matched nothing in the fact base, even fuzzily. */
  unknown: string[];
  filters: Filters;
  /** Question and filler words that were not searched for ("what", "did", "tell", "latest"). */
  ignored?: string[];
  /** What the question words ask for; facts that have it rank first among equals. */
  intents?: Intent[];
  /** Quoted phrases, matched as words in this order. */
  phrases?: string[];
  /** Words read as prefixes and what they stand for. */
  prefixes?: PrefixExpansion[];
  /** Every query word that refined nothing, with the entities it was tried with. */
  unmatched?: UnmatchedWord[];
}

export interface SearchOptions {
  /** Page size; defaults to DEFAULT_LIMIT. */
  limit?: number;
  offset?: number;
  /** Only facts whose firstSeen is strictly after this ISO instant (digests: "what is new"). */
  firstSeenAfter?: string;
}

/** How a named entity matched a fact: the sentence names it, or the fact carries it from context. */
export interface EntityMatch {
  id: string;
  via: 'mention' | 'context';
}

/** The parts a hit's score adds up from, in the order they dominate (see SEARCH_DEFAULTS.score). */
export interface ScoreParts {
  /** The tier for being about every named entity (mention or context). */
  allEntities: number;
  /** Share of the query's words (and phrases) it matches, weighted by rarity. */
  words: number;
  /** Named entities matched, mentions above context. */
  entities: number;
  /** It has what the question asks for (a quote, an amount, a date). */
  intent: number;
  /** BM25F over text, quote, entity names and topics, squashed below the parts above. */
  bm25: number;
  /** Lead position, sources, stated amounts/dates, publisher kind, recency. */
  importance: number;
}

export interface SearchHit {
  fact: Fact;
  score: number;
  /** True when the fact is about every entity the query named (as a mention or from context). */
  matchedAllEntities: boolean;
  /** True when it also matches every word and phrase of the query. */
  matchedAll?: boolean;
  /** Which named entities matched, and how. */
  entityMatches?: EntityMatch[];
  /** The query's index words (as in understood.terms) this fact matched; phrases as typed. */
  matchedTerms?: string[];
  parts?: ScoreParts;
}

/** Honest counts for the headline: what matched all of the query, what only part of it. */
export interface MatchCounts {
  /** About every named entity and matching every word and phrase. */
  matchedAll: number;
  /** Everything else that matched something (total − matchedAll). */
  partial: number;
  /** About every named entity (whatever the words). */
  allEntities: number;
  /** Matching every word and phrase (whatever the entities). */
  allWords: number;
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
  counts?: MatchCounts;
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
