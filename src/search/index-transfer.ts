import type { Fact } from '../factbase/schema.js';
import type { SearchConfig } from './defaults.js';
import { FuzzyDictionary } from './fuzzy-dictionary.js';
import { Postings } from './postings.js';
import type { SearchIndex } from './search-index.js';
import type { PrebuiltEntityNames } from './entity-resolver.js';
import type { Coverage } from './types.js';

/**
 * A SearchIndex in a form that crosses a worker boundary cheaply: typed arrays (moved, not
 * copied, when listed in `transfer`) and the key lists. The facts are left out: the receiving
 * thread has its own copy and passes it back in to `unpackSearchIndex`. Building the index takes
 * seconds at 100k facts; moving it this way takes milliseconds, so the thread that serves
 * requests never builds one.
 */
export interface PackedSearchIndex {
  docFact: Int32Array;
  dateFirst: Int32Array;
  dateLast: Int32Array;
  firstSeen: Float64Array;
  importance: Float32Array;
  recency: Float32Array;
  flags: Uint8Array;
  terms: PackedPostings;
  termsByKey: Int32Array;
  entities: PackedPostings;
  context: PackedPostings;
  topics: PackedPostings;
  articles: PackedPostings;
  vocabularyKeys: Float64Array;
  surface: [string, number][];
  /** The searcher's own tables (searcher.ts, prebuiltSearcherParts), when the packing side built them. */
  searcher?: SearcherPrebuilt;
}

/**
 * What a searcher builds over a fact base and its index besides the index itself: built where
 * there is time (a worker), so the thread that serves only takes them over (each took 5-40 ms of
 * one event-loop turn at 100k facts when built there).
 */
export interface SearcherPrebuilt {
  entityNames: PrebuiltEntityNames;
  coverage: Coverage;
}

interface PackedPostings {
  keys: string[];
  start: Int32Array;
  docs: Int32Array;
  weights: Float32Array;
}

/** Map entries added per step by keyIdSteps and mapSteps (a few ms of work). */
const MAP_SLICE = 5000;

const POSTINGS = ['terms', 'entities', 'context', 'topics', 'articles'] as const;

export function packSearchIndex(index: SearchIndex): { packed: PackedSearchIndex; transfer: ArrayBuffer[] } {
  const packed: PackedSearchIndex = {
    docFact: index.docFact,
    dateFirst: index.dateFirst,
    dateLast: index.dateLast,
    firstSeen: index.firstSeen,
    importance: index.importance,
    recency: index.recency,
    flags: index.flags,
    terms: packPostings(index.terms),
    termsByKey: index.termsByKey,
    entities: packPostings(index.entities),
    context: packPostings(index.context),
    topics: packPostings(index.topics),
    articles: packPostings(index.articles),
    vocabularyKeys: index.vocabulary.keyTable,
    surface: [...index.surface],
  };
  const transfer = transferListOf(packed);
  return { packed, transfer };
}

/** The buffers under a packed index, to move (not copy) to another thread with postMessage. */
export function transferListOf(packed: PackedSearchIndex): ArrayBuffer[] {
  const arrays = [
    packed.docFact,
    packed.dateFirst,
    packed.dateLast,
    packed.firstSeen,
    packed.importance,
    packed.recency,
    packed.flags,
    packed.termsByKey,
    packed.vocabularyKeys,
    ...(packed.searcher ? [packed.searcher.entityNames.fuzzyKeys] : []),
    ...POSTINGS.flatMap((name) => [packed[name].start, packed[name].docs, packed[name].weights]),
  ];
  // A typed array may be a view on a shared or larger buffer: only whole, distinct buffers move.
  return [...new Set(arrays.map((a) => a.buffer))].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
}

/**
 * The index again, over `facts` (the same facts, in the same order, as the index was built from),
 * with the same search config as the index was built with (the typo table depends on it).
 */
export function unpackSearchIndex(packed: PackedSearchIndex, facts: readonly Fact[], config: SearchConfig): SearchIndex {
  const steps = unpackSteps(packed, facts, config);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * unpackSearchIndex a step at a time (one lookup table per step): the caller may yield to its
 * event loop between steps (see searcher.ts, runStepsPaced).
 */
export function* unpackSteps(packed: PackedSearchIndex, facts: readonly Fact[], config: SearchConfig, slice = MAP_SLICE): Generator<void, SearchIndex> {
  if (packed.docFact.length !== facts.length) {
    throw new RangeError(`packed index covers ${packed.docFact.length} facts, not ${facts.length}`);
  }
  // The two tables of one entry per word (tens of thousands at 100k facts) are filled a slice
  // per step: built at once, each took one 10-120 ms turn of a busy event loop.
  const terms = unpackPostings(packed.terms, yield* keyIdSteps(packed.terms.keys, slice));
  yield;
  const entities = unpackPostings(packed.entities);
  const context = unpackPostings(packed.context);
  const topics = unpackPostings(packed.topics);
  yield;
  const articles = unpackPostings(packed.articles);
  yield;
  const vocabulary = FuzzyDictionary.fromKeys(terms.keys, packed.vocabularyKeys, config.maxEditDistance, config.fuzzyPrefixLength);
  yield;
  const surface = yield* mapSteps(packed.surface, slice);
  return {
    facts,
    docFact: packed.docFact,
    dateFirst: packed.dateFirst,
    dateLast: packed.dateLast,
    firstSeen: packed.firstSeen,
    importance: packed.importance,
    recency: packed.recency,
    flags: packed.flags,
    terms,
    termsByKey: packed.termsByKey,
    entities,
    context,
    topics,
    articles,
    vocabulary,
    surface,
  };
}

function packPostings(p: Postings): PackedPostings {
  return { keys: [...p.keys], start: p.start, docs: p.docs, weights: p.weights };
}

function unpackPostings(p: PackedPostings, ids: Map<string, number> = new Map(p.keys.map((k, i) => [k, i]))): Postings {
  return new Postings(p.keys, ids, p.start, p.docs, p.weights);
}

/** key → its position, `slice` keys a step. */
function* keyIdSteps(keys: readonly string[], slice: number): Generator<void, Map<string, number>> {
  const ids = new Map<string, number>();
  for (let i = 0; i < keys.length; i++) {
    ids.set(keys[i]!, i);
    if ((i + 1) % slice === 0) yield;
  }
  return ids;
}

/** new Map(entries), `slice` entries a step. */
function* mapSteps<K, V>(entries: readonly (readonly [K, V])[], slice: number): Generator<void, Map<K, V>> {
  const map = new Map<K, V>();
  for (let i = 0; i < entries.length; i++) {
    map.set(entries[i]![0], entries[i]![1]);
    if ((i + 1) % slice === 0) yield;
  }
  return map;
}
