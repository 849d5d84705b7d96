import type { FactBase } from '../factbase/factbase.js';
import type { Fact } from '../factbase/schema.js';
import { FuzzyDictionary } from './fuzzy-dictionary.js';
import { Postings, PostingsBuilder } from './postings.js';
import { dateRange } from './query.js';
import { stem } from './stem.js';
import { hasDigit, normWords, STOP_WORDS } from './text.js';
import { SEARCH_DEFAULTS } from './defaults.js';

/**
 * Everything search needs, built once per fact base. Facts get internal doc numbers in the
 * order the ranking breaks ties in (more corroborating articles, then more recent, then fact
 * id), so among equally good matches the lowest doc number wins and a page of results never
 * needs every match scored or sorted.
 */
export interface SearchIndex {
  facts: readonly Fact[];
  /** doc → index into facts. */
  docFact: Int32Array;
  dateFirst: Int32Array;
  dateLast: Int32Array;
  /** firstSeen as epoch milliseconds. */
  firstSeen: Float64Array;
  /** Stemmed, stop-word-free words of the fact texts. */
  terms: Postings;
  /** Entity ids (fact.entities and speaker). */
  entities: Postings;
  /** Entity ids the fact carries only through context (fact.context): found, but weighed below mentions. */
  context: Postings;
  topics: Postings;
  /** Article ids of the citations. */
  articles: Postings;
  /** Typo lookup over terms.keys. */
  vocabulary: FuzzyDictionary;
}

export function buildSearchIndex(fb: FactBase): SearchIndex {
  const facts = fb.facts;
  const n = facts.length;
  const docFact = rankOrder(facts);
  const dateFirst = new Int32Array(n);
  const dateLast = new Int32Array(n);
  const firstSeen = new Float64Array(n);
  const terms = new PostingsBuilder();
  const entities = new PostingsBuilder();
  const context = new PostingsBuilder();
  const topics = new PostingsBuilder();
  const articles = new PostingsBuilder();
  // Surface word → term id (or -1 for a stop word): stemming runs once per distinct word, not per token.
  const surface = new Map<string, number>();

  for (let doc = 0; doc < n; doc++) {
    const f = facts[docFact[doc]!]!;
    const range = dateRange(f.date.value);
    dateFirst[doc] = range.first;
    dateLast[doc] = range.last;
    firstSeen[doc] = Date.parse(f.firstSeen);
    for (const w of normWords(f.text)) {
      let id = surface.get(w);
      if (id === undefined) {
        id = STOP_WORDS.has(w) ? -1 : terms.keyId(stem(w));
        surface.set(w, id);
      }
      if (id >= 0) terms.add(doc, id);
    }
    for (const e of f.entities) entities.addKey(doc, e);
    if (f.speaker !== undefined) entities.addKey(doc, f.speaker);
    // Older fact bases (and hand-made fixtures) may lack the field.
    for (const c of f.context ?? []) if (c.id !== f.speaker) context.addKey(doc, c.id);
    for (const t of f.topics) topics.addKey(doc, t);
    for (const c of f.citations) articles.addKey(doc, c.articleId);
  }

  const termPostings = terms.build();
  const vocabulary = new FuzzyDictionary(
    termPostings.keys,
    SEARCH_DEFAULTS.maxEditDistance,
    SEARCH_DEFAULTS.fuzzyPrefixLength,
    // Numbers and very short words are never corrected: "2024" is not a typo of "2025".
    (w) => w.length >= SEARCH_DEFAULTS.minCorrectableLength && !hasDigit(w),
  );
  return {
    facts,
    docFact,
    dateFirst,
    dateLast,
    firstSeen,
    terms: termPostings,
    entities: entities.build(),
    context: context.build(),
    topics: topics.build(),
    articles: articles.build(),
    vocabulary,
  };
}

/** Doc order = tie-break order: distinct citing articles (desc), fact date (desc), fact id (asc). */
function rankOrder(facts: readonly Fact[]): Int32Array {
  const n = facts.length;
  const corroboration = new Int32Array(n);
  const date = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const f = facts[i]!;
    corroboration[i] = distinctArticles(f);
    date[i] = dateRange(f.date.value).last;
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order.sort(
    (a, b) =>
      corroboration[b]! - corroboration[a]! ||
      date[b]! - date[a]! ||
      (facts[a]!.id < facts[b]!.id ? -1 : facts[a]!.id > facts[b]!.id ? 1 : 0),
  );
}

export function distinctArticles(f: Fact): number {
  if (f.citations.length === 1) return 1;
  return new Set(f.citations.map((c) => c.articleId)).size;
}
