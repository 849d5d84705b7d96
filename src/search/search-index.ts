import type { FactBase } from '../factbase/factbase.js';
import type { Fact } from '../factbase/schema.js';
import type { SearchConfig } from './defaults.js';
import type { FuzzyDictionary } from './fuzzy-dictionary.js';
import { type IndexLookups, SearchIndexBuilder } from './index-builder.js';
import type { Postings } from './postings.js';

/**
 * Everything search needs, built once per fact base. Facts get internal doc numbers in
 * importance order (see `SearchIndexBuilder.add`; ties by fact id), so among equally good matches the
 * lowest doc number wins, and a walk in doc order meets the most important facts first — what
 * lets retrieval stop scoring once nothing later can make the page.
 */
export interface SearchIndex {
  facts: readonly Fact[];
  /** doc → index into facts. */
  docFact: Int32Array;
  dateFirst: Int32Array;
  dateLast: Int32Array;
  /** firstSeen as epoch milliseconds. */
  firstSeen: Float64Array;
  /** 0..1, non-increasing in doc order. */
  importance: Float32Array;
  /** 0..1: how recent the event is against the newest fact ("latest" prefers it). */
  recency: Float32Array;
  /** FLAG_* bits. */
  flags: Uint8Array;
  /** Stemmed, stop-word-free words of the BM25F fields; weights are BM25F impacts (0..k1+1). */
  terms: Postings;
  /** Term ids in key order, for prefix lookups. */
  termsByKey: Int32Array;
  /** Entities the fact names (fact.entities and speaker). */
  entities: Postings;
  /** Entities the fact carries only through context (fact.context). */
  context: Postings;
  topics: Postings;
  /** Article ids of the citations. */
  articles: Postings;
  /** Typo lookup over terms.keys. */
  vocabulary: FuzzyDictionary;
  /** Surface word → term id (-1 for a stop word), as the index read them. */
  surface: ReadonlyMap<string, number>;
}

/** The index of a fact base held whole (a CLI run, tests, a store's snapshot); see SearchIndexBuilder. */
export function buildSearchIndex(fb: FactBase, config: SearchConfig): SearchIndex {
  const builder = new SearchIndexBuilder(indexLookups(fb), config);
  for (const f of fb.facts) builder.add(f);
  return builder.build(fb.facts);
}

export function indexLookups(fb: Pick<FactBase, 'entity' | 'topic' | 'article'>): IndexLookups {
  return {
    entityName: (id) => fb.entity(id)?.name,
    topicLabel: (id) => fb.topic(id)?.label,
    publisherKind: (id) => fb.article(id)?.publisherKind,
  };
}
