import type { Fact, PublisherKind } from '../factbase/schema.js';
import type { SearchConfig } from './defaults.js';
import { FuzzyDictionary } from './fuzzy-dictionary.js';
import { type Postings, PostingsBuilder } from './postings.js';
import { dateRange } from './query.js';
import type { SearchIndex } from './search-index.js';
import { stem } from './stem.js';
import { hasDigit, normWords, STOP_WORDS } from './text.js';
import { WordIds } from './word-ids.js';

/** Per-fact flags the query's intent can prefer ("what did X say" → quotes). */
export const FLAG_QUOTE = 1;
export const FLAG_AMOUNT = 2;
export const FLAG_DATED = 4;

/** What indexing a fact looks up beyond the fact: the rest of the fact base. */
export interface IndexLookups {
  entityName(id: string): string | undefined;
  topicLabel(id: string): string | undefined;
  publisherKind(articleId: string): PublisherKind | undefined;
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
 * Builds the search index one fact at a time, in file order, holding no fact: what it keeps of
 * each is its id (the tie-break), a few numbers and its postings. So a reader can hand each fact
 * on (to the thread that serves, to the corpus cache) and let it go, and no thread ever holds every
 * fact as an object beside the index being built from them (at 1M facts ~0.94 GB beside ~0.7 GB).
 *
 * Importance (see `add`) needs the newest event date of all facts, known only at the end; each
 * fact's other parts are summed as it is added, and its recency is added in `build`, in the
 * same order of additions as one expression would (the same doubles, so the same doc order).
 */
export class SearchIndexBuilder {
  private count = 0;
  private ids: string[] = [];
  /** Importance less its recency term, and the event's last day, per fact in file order. */
  private partial: number[] = [];
  private lastDay: number[] = [];
  private latest = 0;
  private dateFirst: number[] = [];
  private dateLast: number[] = [];
  private firstSeen: number[] = [];
  private flags: number[] = [];
  private docLength: number[] = [];
  private readonly terms = new PostingsBuilder();
  private readonly entities = new PostingsBuilder();
  private readonly context = new PostingsBuilder();
  private readonly topics = new PostingsBuilder();
  private readonly articles = new PostingsBuilder();
  /** Surface word → term id (or -1 for a stop word): stemming runs once per distinct word, not per token. */
  private readonly surface = new Map<string, number>();
  /** Keyed by the id itself, one table per kind: an `e:${id}` key was a new string to hash per use. */
  private readonly entityWords = new Map<string, number[]>();
  private readonly topicWords = new Map<string, number[]>();
  private readonly inText = new Set<number>();
  private readonly words = new WordIds((w) => this.termId(w));

  constructor(
    private readonly lookups: IndexLookups,
    private readonly config: SearchConfig,
  ) {}

  get size(): number {
    return this.count;
  }

  /**
   * How much a fact matters, 0..1, from what a reader weighs: where in the article it stands
   * (the lead first: the citation's offset in the body), how many sources report it, whether it
   * states an amount or an event date, the best publisher kind citing it (wire and agency, then
   * newspapers, before magazines and forum rewrites), and how recent the event is.
   */
  add(f: Fact): void {
    const fi = this.count++;
    const w = this.config.importance;
    const fw = this.config.fieldWeights;
    this.ids.push(f.id);
    let start = Infinity;
    let publisher = 0;
    for (const c of f.citations) {
      start = Math.min(start, c.start);
      const kind = this.lookups.publisherKind(c.articleId);
      publisher = Math.max(publisher, kind === undefined ? 0.45 : PUBLISHER_RANK[kind]);
    }
    const position = 1 / (1 + start / 800);
    const sources = Math.min(1, (distinctArticles(f) - 1) / 3);
    const stated = (f.amounts.length > 0 ? 0.5 : 0) + (f.date.kind === 'event' ? (f.date.approximate ? 0.3 : 0.5) : 0);
    this.partial.push(w.position * position + w.sources * sources + w.stated * stated + w.publisher * publisher);
    const range = dateRange(f.date.value);
    const day = dayNumber(range.last);
    this.lastDay.push(day);
    if (day > this.latest) this.latest = day;
    this.dateFirst.push(range.first);
    this.dateLast.push(range.last);
    this.firstSeen.push(Date.parse(f.firstSeen));
    this.flags.push(
      (f.speaker !== undefined || /[“”"]/.test(f.text) ? FLAG_QUOTE : 0) |
        (f.amounts.length > 0 ? FLAG_AMOUNT : 0) |
        (f.date.kind === 'event' ? FLAG_DATED : 0),
    );
    const terms = this.terms;
    const inText = this.inText;
    let length = 0;
    // Only a quote longer than the sentence can hold words the sentence lacks.
    const longer = f.citations.some((c) => c.quote.length > f.text.length + 2);
    if (longer) inText.clear();
    const words = this.words;
    const n = words.of(f.text);
    for (let k = 0; k < n; k++) {
      const id = words.ids[k]!;
      if (id < 0) continue;
      terms.add(fi, id, fw.text);
      // The sentence's words, for the quotes below: a Set add per word was 2.5% of a 1M load, so only when there is such a quote.
      if (longer) inText.add(id);
      length += fw.text;
    }
    // The cited words beyond the cleaned sentence (a quote's attribution, a lead-in) count for less.
    for (const c of f.citations) {
      if (!longer || c.quote.length <= f.text.length + 2) continue;
      const m = words.of(c.quote);
      for (let k = 0; k < m; k++) {
        const id = words.ids[k]!;
        if (id < 0 || inText.has(id)) continue;
        terms.add(fi, id, fw.quote);
        length += fw.quote;
      }
    }
    const named = f.speaker !== undefined && !f.entities.includes(f.speaker) ? [...f.entities, f.speaker] : f.entities;
    for (const e of named) {
      this.entities.addKey(fi, e);
      for (const id of this.idsOf(this.entityWords, e, this.lookups.entityName(e) ?? '')) {
        terms.add(fi, id, fw.entity);
        length += fw.entity;
      }
    }
    // Hand-built facts (not parsed by the schema) may lack the field.
    for (const c of f.context ?? []) if (!named.includes(c.id)) this.context.addKey(fi, c.id);
    for (const t of f.topics) {
      this.topics.addKey(fi, t);
      for (const id of this.idsOf(this.topicWords, t, this.lookups.topicLabel(t) ?? '')) {
        terms.add(fi, id, fw.topic);
        length += fw.topic;
      }
    }
    for (const c of f.citations) this.articles.addKey(fi, c.articleId);
    this.docLength.push(length);
  }

  /** The index over the facts added (`facts`: them, in the order added). The builder is spent. */
  build(facts: readonly Fact[]): SearchIndex {
    const n = this.count;
    const config = this.config;
    const importanceByFact = new Float32Array(n);
    const recencyByFact = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const recency = 1 / (1 + Math.max(0, this.latest - this.lastDay[i]!) / 365);
      recencyByFact[i] = recency;
      importanceByFact[i] = this.partial[i]! + config.importance.recency * recency;
    }
    const docFact = rankOrder(this.ids, importanceByFact);
    // What only the order needed goes before the postings are laid out (~100 MB at 1M facts).
    this.ids = [];
    this.partial = [];
    this.lastDay = [];
    const importance = new Float32Array(n);
    const recency = new Float32Array(n);
    const flags = new Uint8Array(n);
    const dateFirst = new Int32Array(n);
    const dateLast = new Int32Array(n);
    const firstSeen = new Float64Array(n);
    const docLength = new Float32Array(n);
    for (let doc = 0; doc < n; doc++) {
      const fi = docFact[doc]!;
      importance[doc] = importanceByFact[fi]!;
      recency[doc] = recencyByFact[fi]!;
      flags[doc] = this.flags[fi]!;
      dateFirst[doc] = this.dateFirst[fi]!;
      dateLast[doc] = this.dateLast[fi]!;
      firstSeen[doc] = this.firstSeen[fi]!;
      docLength[doc] = this.docLength[fi]!;
    }
    this.flags = [];
    this.dateFirst = [];
    this.dateLast = [];
    this.firstSeen = [];
    this.docLength = [];
    const termPostings = this.terms.build(docFact);
    toImpacts(termPostings, docLength, config);
    const keys = termPostings.keys;
    const termsByKey = new Int32Array(keys.length);
    for (let i = 0; i < termsByKey.length; i++) termsByKey[i] = i;
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
      entities: this.entities.build(docFact),
      context: this.context.build(docFact),
      topics: this.topics.build(docFact),
      articles: this.articles.build(docFact),
      vocabulary,
      surface: this.surface,
    };
  }

  private termId(w: string): number {
    let id = this.surface.get(w);
    if (id === undefined) {
      id = STOP_WORDS.has(w) ? -1 : this.terms.keyId(stem(w));
      this.surface.set(w, id);
    }
    return id;
  }

  private idsOf(wordsOf: Map<string, number[]>, key: string, text: string): number[] {
    let ids = wordsOf.get(key);
    if (ids === undefined) {
      ids = normWords(text)
        .map((w) => this.termId(w))
        .filter((id) => id >= 0);
      wordsOf.set(key, ids);
    }
    return ids;
  }
}

export function distinctArticles(f: Fact): number {
  if (f.citations.length === 1) return 1;
  return new Set(f.citations.map((c) => c.articleId)).size;
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

/** yyyymmdd → days since 1970 (month-end days like 31 June are only ever compared, so Date.UTC rolls them). */
function dayNumber(yyyymmdd: number): number {
  const y = Math.floor(yyyymmdd / 10000);
  const m = Math.floor(yyyymmdd / 100) % 100;
  const d = yyyymmdd % 100;
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

/** Doc order = tie-break order: importance (desc), then fact id (asc): the documented key. */
function rankOrder(ids: readonly string[], importance: Float32Array): Int32Array {
  const n = ids.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order.sort((a, b) => importance[b]! - importance[a]! || (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0));
}
