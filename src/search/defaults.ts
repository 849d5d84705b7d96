/** Search tuning in one place, frozen. The README's Benchmark section explains the choices. */
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
  /** Names up to this many letters get at most one edit ("Kenia" → Kenya, but "Korea" stays Korea). */
  entityOneEditMaxLength: 7,
  /** Longest name (in words) tried as one entity mention. */
  maxNameWords: 6,
  /** Ranking uses at most this many entities and free terms (the most specific terms win). */
  maxRankedEntities: 8,
  maxRankedTerms: 8,
  /** Match-quality weights: a corrected word counts less than an exact one, a merely similar word less still. */
  exactWeight: 1,
  correctedWeight: 0.9,
  alternativeWeight: 0.6,
  /** How many entities and topics coverage() suggests. */
  coverageSize: 8,
});
