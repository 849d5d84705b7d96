import type { FactBase } from '../factbase/factbase.js';
import type { Fact, PublisherKind } from '../factbase/schema.js';
import type { SearchConfig } from './defaults.js';
import { FuzzyDictionary } from './fuzzy-dictionary.js';
import { type Postings, PostingsBuilder } from './postings.js';
import { dateRange } from './query.js';
import { stem } from './stem.js';
import { hasDigit, normWords, STOP_WORDS } from './text.js';

/** Per-fact flags the query's intent can prefer ("what did X say" → quotes). */
export const FLAG_QUOTE = 1;
export const FLAG_AMOUNT = 2;
export const FLAG_DATED = 4;

/**
 * Everything search needs, built once per fact base. Facts get internal doc numbers in
 * importance order (see `importanceOf`; ties by fact id), so among equally good matches the
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

export function buildSearchIndex(fb: FactBase, config: SearchConfig): SearchIndex {
  const facts = fb.facts;
  const n = facts.length;
  const { importance: importanceByFact, recency: recencyByFact } = importanceOf(fb, config);
  const docFact = rankOrder(facts, importanceByFact);
  const importance = new Float32Array(n);
  const recency = new Float32Array(n);
  const flags = new Uint8Array(n);
  const dateFirst = new Int32Array(n);
  const dateLast = new Int32Array(n);
  const firstSeen = new Float64Array(n);
  const docLength = new Float32Array(n);
  const terms = new PostingsBuilder();
  const entities = new PostingsBuilder();
  const context = new PostingsBuilder();
  const topics = new PostingsBuilder();
  const articles = new PostingsBuilder();
  // Surface word → term id (or -1 for a stop word): stemming runs once per distinct word, not per token.
  const surface = new Map<string, number>();
  const termId = (w: string): number => {
    let id = surface.get(w);
    if (id === undefined) {
      id = STOP_WORDS.has(w) ? -1 : terms.keyId(stem(w));
      surface.set(w, id);
    }
    return id;
  };
  // Keyed by the id itself, one table per kind: an `e:${id}` key was a new string to hash per use.
  const entityWords = new Map<string, number[]>();
  const topicWords = new Map<string, number[]>();
  const idsOf = (wordsOf: Map<string, number[]>, key: string, text: string): number[] => {
    let ids = wordsOf.get(key);
    if (ids === undefined) {
      ids = normWords(text).map(termId).filter((id) => id >= 0);
      wordsOf.set(key, ids);
    }
    return ids;
  };
  const fw = config.fieldWeights;
  const inText = new Set<number>();

  const docOf = new Int32Array(n);
  for (let doc = 0; doc < n; doc++) docOf[docFact[doc]!] = doc;
  // Facts in file order (see PostingsBuilder.build): postings are added under the fact's
  // position and renumbered to docs when built.
  for (let fi = 0; fi < n; fi++) {
    const doc = docOf[fi]!;
    const f = facts[fi]!;
    importance[doc] = importanceByFact[fi]!;
    recency[doc] = recencyByFact[fi]!;
    const range = dateRange(f.date.value);
    dateFirst[doc] = range.first;
    dateLast[doc] = range.last;
    firstSeen[doc] = Date.parse(f.firstSeen);
    flags[doc] =
      (f.speaker !== undefined || /[“”"]/.test(f.text) ? FLAG_QUOTE : 0) |
      (f.amounts.length > 0 ? FLAG_AMOUNT : 0) |
      (f.date.kind === 'event' ? FLAG_DATED : 0);
    let length = 0;
    inText.clear();
    for (const w of normWords(f.text)) {
      const id = termId(w);
      if (id < 0) continue;
      terms.add(fi, id, fw.text);
      inText.add(id);
      length += fw.text;
    }
    // The cited words beyond the cleaned sentence (a quote's attribution, a lead-in) count for less.
    for (const c of f.citations) {
      // Only a quote longer than the sentence can hold words the sentence lacks.
      if (c.quote.length <= f.text.length + 2) continue;
      for (const w of normWords(c.quote)) {
        const id = termId(w);
        if (id < 0 || inText.has(id)) continue;
        terms.add(fi, id, fw.quote);
        length += fw.quote;
      }
    }
    const named = f.speaker !== undefined && !f.entities.includes(f.speaker) ? [...f.entities, f.speaker] : f.entities;
    for (const e of named) {
      entities.addKey(fi, e);
      for (const id of idsOf(entityWords, e, fb.entity(e)?.name ?? '')) {
        terms.add(fi, id, fw.entity);
        length += fw.entity;
      }
    }
    // Hand-built facts (not parsed by the schema) may lack the field.
    for (const c of f.context ?? []) if (!named.includes(c.id)) context.addKey(fi, c.id);
    for (const t of f.topics) {
      topics.addKey(fi, t);
      for (const id of idsOf(topicWords, t, fb.topic(t)?.label ?? '')) {
        terms.add(fi, id, fw.topic);
        length += fw.topic;
      }
    }
    for (const c of f.citations) articles.addKey(fi, c.articleId);
    docLength[doc] = length;
  }

  const termPostings = terms.build(docFact);
  toImpacts(termPostings, docLength, config);
  const termsByKey = new Int32Array(termPostings.keys.length);
  for (let i = 0; i < termsByKey.length; i++) termsByKey[i] = i;
  const keys = termPostings.keys;
  termsByKey.sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0));
  const vocabulary = new FuzzyDictionary(
    keys,
    config.maxEditDistance,
    config.fuzzyPrefixLength,
    // Numbers and very short words are never corrected: "2024" is not a typo of "2025".
    (w) => w.length >= config.minCorrectableLength && !hasDigit(w),
  );
  return {
    facts,
    docFact,
    dateFirst,
    dateLast,
    firstSeen,
    importance,
    recency,
    flags,
    terms: termPostings,
    termsByKey,
    entities: entities.build(docFact),
    context: context.build(docFact),
    topics: topics.build(docFact),
    articles: articles.build(docFact),
    vocabulary,
    surface,
  };
}

/** Field-weighted term frequency → BM25F impact tf·(k1+1) / (tf + k1·(1 − b + b·len/avgLen)), in place. */
function toImpacts(postings: Postings, docLength: Float32Array, config: SearchConfig): void {
  let total = 0;
  for (let d = 0; d < docLength.length; d++) total += docLength[d]!;
  const avg = docLength.length === 0 ? 1 : Math.max(1e-6, total / docLength.length);
  const { bm25K1: k1, bm25B: b } = config;
  const w = postings.weights;
  for (let id = 0; id < postings.keys.length; id++) {
    const docs = postings.list(id);
    const at = postings.offset(id);
    for (let k = 0; k < docs.length; k++) {
      const tf = w[at + k]!;
      w[at + k] = (tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * docLength[docs[k]!]!) / avg));
    }
  }
}

const PUBLISHER_RANK: Record<PublisherKind, number> = {
  wire: 1,
  agency: 0.95,
  newspaper: 0.85,
  news: 0.85,
  government: 0.8,
  magazine: 0.5,
  other: 0.45,
  blog: 0.35,
  forum: 0.3,
};

/**
 * How much a fact matters, 0..1, from what a reader weighs: where in the article it stands
 * (the lead first: the citation's offset in the body), how many sources report it, whether it
 * states an amount or an event date, the best publisher kind citing it (wire and agency, then
 * newspapers, before magazines and forum rewrites), and how recent the event is.
 */
export function importanceOf(fb: FactBase, config: SearchConfig): { importance: Float32Array; recency: Float32Array } {
  const facts = fb.facts;
  const w = config.importance;
  let latest = 0;
  for (const f of facts) latest = Math.max(latest, dayNumber(dateRange(f.date.value).last));
  const out = new Float32Array(facts.length);
  const recencies = new Float32Array(facts.length);
  for (let i = 0; i < facts.length; i++) {
    const f = facts[i]!;
    let start = Infinity;
    let publisher = 0;
    for (const c of f.citations) {
      start = Math.min(start, c.start);
      const kind = fb.article(c.articleId)?.publisherKind;
      publisher = Math.max(publisher, kind === undefined ? 0.45 : PUBLISHER_RANK[kind]);
    }
    const position = 1 / (1 + start / 800);
    const sources = Math.min(1, (distinctArticles(f) - 1) / 3);
    const stated = (f.amounts.length > 0 ? 0.5 : 0) + (f.date.kind === 'event' ? (f.date.approximate ? 0.3 : 0.5) : 0);
    const age = Math.max(0, latest - dayNumber(dateRange(f.date.value).last));
    const recency = 1 / (1 + age / 365);
    recencies[i] = recency;
    out[i] = w.position * position + w.sources * sources + w.stated * stated + w.publisher * publisher + w.recency * recency;
  }
  return { importance: out, recency: recencies };
}

/** yyyymmdd → days since 1970 (month-end days like 31 June are only ever compared, so Date.UTC rolls them). */
function dayNumber(yyyymmdd: number): number {
  const y = Math.floor(yyyymmdd / 10000);
  const m = Math.floor(yyyymmdd / 100) % 100;
  const d = yyyymmdd % 100;
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

/** Doc order = tie-break order: importance (desc), then fact id (asc): the documented key. */
function rankOrder(facts: readonly Fact[], importance: Float32Array): Int32Array {
  const n = facts.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order.sort(
    (a, b) =>
      importance[b]! - importance[a]! || (facts[a]!.id < facts[b]!.id ? -1 : facts[a]!.id > facts[b]!.id ? 1 : 0),
  );
}

export function distinctArticles(f: Fact): number {
  if (f.citations.length === 1) return 1;
  return new Set(f.citations.map((c) => c.articleId)).size;
}
