/** Search tuning in one place, frozen. The README's Benchmarks section explains the choices. */
export const SEARCH_DEFAULTS = Object.freeze({
  /** Largest typo correction considered, in edits (Damerau: a swap of neighbours is one). */
  maxEditDistance: 2,
  /** Words up to this length get at most one edit: "tax" → "tap" is a different word, not a typo. */
  oneEditMaxLength: 5,
  /** Words shorter than this are never corrected, and never correction targets. */
  minCorrectableLength: 3,
  /** The deletion index covers this many leading characters (SymSpell's prefix trick). */
  fuzzyPrefixLength: 10,
  /** A word that is not in the index is looked up as these many nearest index words (OR). */
  correctionAlternatives: 4,
  /** Typed names this long or longer may be a typo of an entity name or alias. */
  entityFuzzyMinLength: 5,
  /** Names up to this many letters get at most one edit ("Kenia" → Kenya); 7+ letters forgive two. */
  entityOneEditMaxLength: 6,
  /** Longest name (in words) tried as one entity mention. */
  maxNameWords: 6,
  /** Ranking uses at most this many entities and free terms (the most specific terms win). */
  maxRankedEntities: 6,
  maxRankedTerms: 8,
  /** A prefix must be this long to be expanded ("sem" would mean hundreds of words). */
  minPrefixLength: 3,
  /** A prefix stands for at most this many index words, the most used first. */
  prefixExpansions: 24,
  /** How many index words sharing a prefix are looked at to pick those (bounds the cost of "con…"). */
  prefixScanLimit: 4000,
  /** BM25F: saturation and length normalisation (Robertson's usual values). */
  bm25K1: 1.2,
  bm25B: 0.75,
  /** BM25F field weights: the fact's sentence, extra words of its cited quote, its entities' names, its topics' labels. */
  fieldWeights: Object.freeze({ text: 1, quote: 0.4, entity: 0.6, topic: 0.5 }),
  /** Match weights of one query word: exact, a spelling correction, a merely similar or completed word. */
  exactWeight: 1,
  correctedWeight: 0.9,
  alternativeWeight: 0.6,
  /** A named entity carried only by context counts this much of a mention. */
  contextWeight: 0.6,
  /**
   * Score = allEntities·tier + words·wordsWeight + entities·entityWeight + intent + bm25 + importance.
   * The weights are spaced so each part only orders facts the parts before it leave (nearly) equal.
   */
  score: Object.freeze({ allEntities: 8, words: 3, entities: 1, intent: 0.5, bm25: 0.3, importance: 0.2 }),
  /** Importance of a fact (0..1): lead position, corroboration, stated amounts/dates, publisher kind, recency. */
  importance: Object.freeze({ position: 0.3, sources: 0.25, stated: 0.15, publisher: 0.2, recency: 0.1 }),
  /** A posting list longer than this share of all facts is "frequent": scored only for facts that can still make the page. */
  frequentShare: 1 / 32,
  /** How many entities and topics coverage() suggests. */
  coverageSize: 8,
});

type Widen<T> = T extends number ? number : T extends string ? string : T extends object ? { readonly [K in keyof T]: Widen<T[K]> } : T;

/** The tuning a searcher runs with: the defaults with any overrides merged in once, at creation. */
export type SearchConfig = Widen<typeof SEARCH_DEFAULTS>;

/** Overrides, one level deep for the grouped weights (`{ score: { bm25: 0.5 } }`). */
export type SearchConfigOverrides = {
  [K in keyof SearchConfig]?: SearchConfig[K] extends object ? Partial<SearchConfig[K]> : SearchConfig[K];
};

export function resolveSearchConfig(overrides: SearchConfigOverrides = {}): SearchConfig {
  const merged: Record<string, unknown> = { ...SEARCH_DEFAULTS };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    const base = (SEARCH_DEFAULTS as Record<string, unknown>)[key];
    merged[key] = typeof base === 'object' && base !== null ? Object.freeze({ ...(base as object), ...(value as object) }) : value;
  }
  return Object.freeze(merged) as unknown as SearchConfig;
}
