import type { FactBase } from '../factbase/factbase.js';
import { SEARCH_DEFAULTS } from './defaults.js';
import { EntityResolver } from './entity-resolver.js';
import { FilterResolver } from './filters.js';
import { parseQuery } from './query.js';
import { buildSearchIndex, type SearchIndex } from './search-index.js';
import { stem } from './stem.js';
import { hasDigit, STOP_WORDS, tokenize, type Token } from './text.js';
import {
  DEFAULT_LIMIT,
  type Correction,
  type Coverage,
  type CoverageItem,
  type Filters,
  type SearchHit,
  type SearchOptions,
  type SearchResult,
  type Searcher,
  type Understood,
} from './types.js';

export interface SearcherOptions {
  /** How many entities and topics coverage() lists. */
  coverageSize?: number;
}

/** One free word of the query: the index words it may stand for. */
interface TermSlot {
  /** The index word shown back to the user. */
  term: string;
  /** Term ids: [0] is the best reading, the rest are other near words (for a corrected word). */
  ids: number[];
  exact: boolean;
  /** How specific the word is (inverse document frequency). */
  weight: number;
  df: number;
}

/**
 * Builds the index over the fact base (once) and answers queries from it. Retrieval: a query's
 * entities and words become posting lists; one pass over them ORs a bit per entity/word into a
 * per-fact mask. The mask alone decides match quality (how many entities, how much of the
 * words), and facts are numbered in corroboration/recency/id order, so ranking is "best mask,
 * then lowest number": no per-fact scoring beyond a table lookup, and a bounded heap picks the page.
 */
export function createSearcher(fb: FactBase, options: SearcherOptions = {}): Searcher {
  const index = buildSearchIndex(fb);
  const entityCount = (id: string): number => index.entities.countOf(id);
  const entities = new EntityResolver(fb, entityCount);
  const filters = new FilterResolver(fb, entities);
  const coverage = computeCoverage(fb, index, options.coverageSize ?? SEARCH_DEFAULTS.coverageSize);
  const scratch = new Scratch(index.docFact.length);
  return {
    search: (query, searchOptions = {}) => search(index, entities, filters, scratch, query, searchOptions),
    coverage: () => structuredClone(coverage),
  };
}

function search(
  index: SearchIndex,
  entityResolver: EntityResolver,
  filterResolver: FilterResolver,
  scratch: Scratch,
  query: string,
  options: SearchOptions,
): SearchResult {
  const parsed = parseQuery(query);
  const filters = filterResolver.resolve(parsed);
  const tokens = tokenize(parsed.text);
  const isWord = (norm: string): boolean => STOP_WORDS.has(norm) || index.terms.id(stem(norm)) !== undefined;
  const mentions = entityResolver.resolve(tokens, isWord);
  const { slots, corrections, unknown } = readTerms(
    index,
    tokens.filter((_, i) => !mentions.consumed[i]),
  );

  const understood: Understood = {
    entities: mentions.entities,
    terms: slots.map((s) => s.term),
    corrections: [...mentions.corrections, ...corrections],
    unknown,
    filters,
  };
  const limit = Math.max(0, Math.floor(options.limit ?? DEFAULT_LIMIT));
  const offset = Math.max(0, Math.floor(options.offset ?? 0));
  const after = options.firstSeenAfter === undefined ? undefined : Date.parse(options.firstSeenAfter);
  if (after !== undefined && Number.isNaN(after)) {
    throw new RangeError(`firstSeenAfter is not an ISO date-time: ${options.firstSeenAfter}`);
  }

  const ranked = retrieve(index, scratch, {
    entityIds: mentions.entities.slice(0, SEARCH_DEFAULTS.maxRankedEntities).map((e) => e.id),
    slots: rankedSlots(slots),
    filters,
    sinceFirst: parsed.since?.first ?? 0,
    untilLast: parsed.until?.last ?? 99_999_999,
    after: after ?? -Infinity,
    want: offset + limit,
  });
  const hits: SearchHit[] = ranked.top.slice(offset).map(({ doc, score, allEntities }) => ({
    fact: index.facts[index.docFact[doc]!]!,
    score: Math.round(score * 10_000) / 10_000,
    matchedAllEntities: allEntities,
  }));
  return { query, understood, total: ranked.total, totalAllEntities: ranked.totalAll, offset, hits };
}

/** Free words → index words: exact (after stemming), else the nearest index words by edit distance. */
function readTerms(
  index: SearchIndex,
  tokens: readonly Token[],
): { slots: TermSlot[]; corrections: Correction[]; unknown: string[] } {
  const slots: TermSlot[] = [];
  const corrections: Correction[] = [];
  const unknown: string[] = [];
  const n = Math.max(1, index.docFact.length);
  const idf = (df: number): number => Math.log(1 + n / Math.max(1, df));
  for (const t of tokens) {
    if (STOP_WORDS.has(t.norm)) continue;
    const word = stem(t.norm);
    const id = index.terms.id(word);
    if (id !== undefined) {
      const df = index.terms.count(id);
      addSlot(slots, { term: word, ids: [id], exact: true, weight: idf(df), df });
      continue;
    }
    const near = word.length < SEARCH_DEFAULTS.minCorrectableLength || hasDigit(word) ? [] : nearest(index, word);
    const best = near[0];
    if (best === undefined) {
      if (!unknown.includes(t.raw)) unknown.push(t.raw);
      continue;
    }
    const term = index.terms.keys[best]!;
    const df = index.terms.count(best);
    if (addSlot(slots, { term, ids: near, exact: false, weight: idf(df), df })) corrections.push({ from: t.raw, to: term });
  }
  return { slots, corrections, unknown };
}

function addSlot(slots: TermSlot[], slot: TermSlot): boolean {
  if (slots.some((s) => s.term === slot.term)) return false;
  slots.push(slot);
  return true;
}

/** Index words within the edit budget, nearest first, then the most used (what the writer most likely meant). */
function nearest(index: SearchIndex, word: string): number[] {
  const max = word.length <= SEARCH_DEFAULTS.oneEditMaxLength ? 1 : SEARCH_DEFAULTS.maxEditDistance;
  return index.vocabulary
    .lookup(word, max)
    .map((m) => ({ ...m, df: index.terms.count(m.index) }))
    .sort((a, b) => a.distance - b.distance || b.df - a.df || a.index - b.index)
    .slice(0, SEARCH_DEFAULTS.correctionAlternatives)
    .map((m) => m.index);
}

/** The words that take part in ranking: all of them, or the most specific ones of a long query. */
function rankedSlots(slots: TermSlot[]): TermSlot[] {
  if (slots.length <= SEARCH_DEFAULTS.maxRankedTerms) return slots;
  return [...slots].sort((a, b) => a.df - b.df).slice(0, SEARCH_DEFAULTS.maxRankedTerms);
}

interface Plan {
  entityIds: string[];
  slots: TermSlot[];
  filters: Filters;
  sinceFirst: number;
  untilLast: number;
  after: number;
  want: number;
}

interface Ranked {
  total: number;
  totalAll: number;
  top: { doc: number; score: number; allEntities: boolean }[];
}

const ENTITY_BITS = 8;
/**
 * A fact that names an entity ranks above an otherwise equal one that carries it from context.
 * Small enough (8 entities × 0.001 < the 0.01 between full word coverage and one more entity)
 * that a fact about all the named entities still comes before one about fewer.
 */
const CONTEXT_PENALTY = 0.001;

/** Per-searcher buffers reused across queries (a search runs to completion before the next starts). */
class Scratch {
  stamp: Uint32Array;
  mask: Uint32Array;
  /** How many of the query's entities a doc carries only through context. */
  fromContext: Uint8Array;
  allowed: Uint32Array;
  touched: Int32Array;
  generation = 0;
  constructor(n: number) {
    this.stamp = new Uint32Array(n);
    this.mask = new Uint32Array(n);
    this.fromContext = new Uint8Array(n);
    this.allowed = new Uint32Array(n);
    this.touched = new Int32Array(n);
  }
  next(): number {
    if (this.generation >= 0xfffffff0) {
      this.stamp.fill(0);
      this.allowed.fill(0);
      this.generation = 0;
    }
    return ++this.generation;
  }
}

function retrieve(index: SearchIndex, s: Scratch, plan: Plan): Ranked {
  const n = index.docFact.length;
  const entityLists = plan.entityIds.map((id) => index.entities.listOf(id));
  const nEntities = entityLists.length;
  const slots = plan.slots;

  // Facts that pass the filters given as posting lists (topic and country: each; source: any).
  const groups: Int32Array[][] = [
    ...plan.filters.topics.map((t) => [index.topics.listOf(t)]),
    ...plan.filters.countries.map((c) => [index.entities.listOf(c), index.context.listOf(c)]),
    ...(plan.filters.sources.length > 0 ? [plan.filters.sources.map((a) => index.articles.listOf(a))] : []),
  ];
  let allowToken = 0;
  for (const group of groups) {
    const previous = allowToken;
    allowToken = s.next();
    for (const list of group) {
      for (let k = 0; k < list.length; k++) {
        const doc = list[k]!;
        if (previous === 0 || s.allowed[doc] === previous || s.allowed[doc] === allowToken) s.allowed[doc] = allowToken;
      }
    }
  }

  const gen = s.next();
  let touched = 0;
  const touch = (doc: number, bit: number): void => {
    if (s.stamp[doc] !== gen) {
      s.stamp[doc] = gen;
      s.mask[doc] = bit;
      s.fromContext[doc] = 0;
      s.touched[touched++] = doc;
    } else s.mask[doc]! |= bit;
  };
  if (nEntities > 0) {
    entityLists.forEach((list, i) => {
      for (let k = 0; k < list.length; k++) touch(list[k]!, 1 << i);
    });
    // An entity the fact carries only through context counts as found, less a penalty, after the mentions.
    plan.entityIds.forEach((id, i) => {
      const list = index.context.listOf(id);
      for (let k = 0; k < list.length; k++) {
        const doc = list[k]!;
        if (s.stamp[doc] === gen && (s.mask[doc]! & (1 << i)) !== 0) continue;
        if (s.stamp[doc] !== gen) s.fromContext[doc] = 0;
        touch(doc, 1 << i);
        s.fromContext[doc]! += 1;
      }
    });
    // Words only refine facts already found by their entities.
    slots.forEach((slot, j) =>
      slot.ids.forEach((id, a) => {
        const bit = 1 << (ENTITY_BITS + 2 * j + (a === 0 ? 0 : 1));
        const list = index.terms.list(id);
        for (let k = 0; k < list.length; k++) {
          const doc = list[k]!;
          if (s.stamp[doc] === gen) s.mask[doc]! |= bit;
        }
      }),
    );
  } else if (slots.length > 0) {
    slots.forEach((slot, j) =>
      slot.ids.forEach((id, a) => {
        const bit = 1 << (ENTITY_BITS + 2 * j + (a === 0 ? 0 : 1));
        const list = index.terms.list(id);
        for (let k = 0; k < list.length; k++) touch(list[k]!, bit);
      }),
    );
  } else if (plan.filters.topics.length + plan.filters.countries.length + plan.filters.sources.length > 0) {
    // Filters alone: every fact they allow.
    for (let doc = 0; doc < n; doc++) if (s.allowed[doc] === allowToken) touch(doc, 0);
  } else if (plan.sinceFirst > 0 || plan.untilLast < 99_999_999) {
    for (let doc = 0; doc < n; doc++) touch(doc, 0);
  }

  const scoreOf = maskScorer(nEntities, slots);
  const allEntitiesMask = nEntities === 0 ? 0 : (1 << nEntities) - 1;
  const heap = new TopHeap(plan.want);
  let total = 0;
  let totalAll = 0;
  for (let t = 0; t < touched; t++) {
    const doc = s.touched[t]!;
    if (allowToken !== 0 && s.allowed[doc] !== allowToken) continue;
    if (index.dateLast[doc]! < plan.sinceFirst || index.dateFirst[doc]! > plan.untilLast) continue;
    if (!(index.firstSeen[doc]! > plan.after)) continue;
    total++;
    if ((s.mask[doc]! & allEntitiesMask) === allEntitiesMask) totalAll++;
    if (plan.want > 0) heap.offer(doc, scoreOf(s.mask[doc]!) - CONTEXT_PENALTY * s.fromContext[doc]!);
  }
  return {
    total,
    totalAll,
    top: heap.sorted().map(({ doc, score }) => ({
      doc,
      score,
      allEntities: (s.mask[doc]! & allEntitiesMask) === allEntitiesMask,
    })),
  };
}

/**
 * Match quality from a mask: the number of named entities found, then the share of the query's
 * words found (weighted by how specific each word is; a corrected word counts a little less, a
 * merely similar word less still). Entities count first: score = entities + coverage × 0.99.
 */
function maskScorer(nEntities: number, slots: TermSlot[]): (mask: number) => number {
  const totalWeight = slots.reduce((sum, s) => sum + s.weight, 0);
  const entityScore = new Float64Array(1 << nEntities);
  for (let m = 0; m < entityScore.length; m++) entityScore[m] = popcount(m);
  const termScore = new Float64Array(1 << (2 * slots.length)).fill(Number.NaN);
  return (mask) => {
    const termMask = mask >>> ENTITY_BITS;
    let ts = termScore[termMask]!;
    if (Number.isNaN(ts)) {
      let got = 0;
      slots.forEach((slot, j) => {
        const bits = (termMask >>> (2 * j)) & 3;
        if (bits & 1) got += slot.weight * (slot.exact ? SEARCH_DEFAULTS.exactWeight : SEARCH_DEFAULTS.correctedWeight);
        else if (bits & 2) got += slot.weight * SEARCH_DEFAULTS.alternativeWeight;
      });
      ts = totalWeight > 0 ? (0.99 * got) / totalWeight : 0;
      termScore[termMask] = ts;
    }
    return entityScore[mask & ((1 << ENTITY_BITS) - 1)]! + ts;
  };
}

function popcount(x: number): number {
  let c = 0;
  for (let v = x; v !== 0; v &= v - 1) c++;
  return c;
}

/** Keeps the best `size` (score desc, doc asc) in a binary heap whose root is the worst kept. */
class TopHeap {
  private readonly docs: number[] = [];
  private readonly scores: number[] = [];
  constructor(private readonly size: number) {}

  /** True when a is worse than b. */
  private worse(sa: number, da: number, sb: number, db: number): boolean {
    return sa < sb || (sa === sb && da > db);
  }

  offer(doc: number, score: number): void {
    const { docs, scores } = this;
    if (docs.length < this.size) {
      docs.push(doc);
      scores.push(score);
      let i = docs.length - 1;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!this.worse(scores[i]!, docs[i]!, scores[p]!, docs[p]!)) break;
        this.swap(i, p);
        i = p;
      }
      return;
    }
    if (!this.worse(scores[0]!, docs[0]!, score, doc)) return;
    docs[0] = doc;
    scores[0] = score;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let w = i;
      if (l < docs.length && this.worse(scores[l]!, docs[l]!, scores[w]!, docs[w]!)) w = l;
      if (r < docs.length && this.worse(scores[r]!, docs[r]!, scores[w]!, docs[w]!)) w = r;
      if (w === i) break;
      this.swap(i, w);
      i = w;
    }
  }

  sorted(): { doc: number; score: number }[] {
    return this.docs
      .map((doc, i) => ({ doc, score: this.scores[i]! }))
      .sort((a, b) => b.score - a.score || a.doc - b.doc);
  }

  private swap(i: number, j: number): void {
    const d = this.docs[i]!;
    this.docs[i] = this.docs[j]!;
    this.docs[j] = d;
    const s = this.scores[i]!;
    this.scores[i] = this.scores[j]!;
    this.scores[j] = s;
  }
}

function computeCoverage(fb: FactBase, index: SearchIndex, size: number): Coverage {
  const top = (keys: readonly string[], count: (k: string) => number, label: (k: string) => string): CoverageItem[] =>
    keys
      .map((id) => ({ id, label: label(id), count: count(id) }))
      .filter((x) => x.count > 0)
      .sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : 1))
      .slice(0, size);
  return {
    entities: top(index.entities.keys, (k) => index.entities.countOf(k), (k) => fb.entity(k)?.name ?? k),
    topics: top(index.topics.keys, (k) => index.topics.countOf(k), (k) => fb.topic(k)?.label ?? k),
    facts: fb.facts.length,
    articles: fb.articles.size,
  };
}
