import type { FactBase } from '../factbase/factbase.js';
import type { Searcher } from '../search/types.js';

/** A fact base and the search index built over it: always swapped together. */
export interface Corpus {
  fb: FactBase;
  searcher: Searcher;
}

/**
 * Where request handlers get the corpus from. Handlers call `current()` per request (never keep
 * the result), so a reload that swaps in a new fact base is seen by the next request.
 */
export interface CorpusSource {
  current(): Corpus;
}

export function fixedCorpus(corpus: Corpus): CorpusSource {
  return { current: () => corpus };
}
