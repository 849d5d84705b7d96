import type { SearchConfig } from './defaults.js';
import { gallop } from './list-ops.js';
import type { SlotList, TermSlot } from './query-terms.js';
import { Scorer, ENTITY_BITS, type Wanted } from './scoring.js';
import type { SearchIndex } from './search-index.js';
import { TopHeap } from './top-heap.js';
import type { Filters } from './types.js';

export interface Plan {
  /** Per named entity: the facts that name it, and those that carry it from context. */
  entities: { mentions: Int32Array; context: Int32Array }[];
  slots: TermSlot[];
  filters: Filters;
  sinceFirst: number;
  untilLast: number;
  after: number;
  want: number;
  wanted: Wanted;
}

export interface Ranked {
  total: number;
  counts: { matchedAll: number; allEntities: number; allWords: number };
  /** Per slot: matched by some fact (after filters) / by some fact about all named entities. */
  slotSeen: boolean[];
  slotSeenWithAll: boolean[];
  top: { doc: number; score: number; mask: number }[];
  scorer: Scorer;
}

/** Per-searcher buffers reused across queries (a search runs to completion before the next starts). */
export class Scratch {
  stamp: Uint32Array;
  mask: Uint32Array;
  allowed: Uint32Array;
  touched: Int32Array;
  candidates: Int32Array;
  bm25: Float32Array;
  /** One bit per fact: held by the query's longest list (Int32: Uint32 loads above 2³¹ leave V8's fast path). */
  loneBits: Int32Array;
  /** The same for the second longest list, when it too is frequent (a common name and a frequent word). */
  secondBits: Int32Array;
  private lone: Int32Array | undefined;
  private second: Int32Array | undefined;
  generation = 0;
  constructor(n: number) {
    this.loneBits = new Int32Array((n >>> 5) + 1);
    this.secondBits = new Int32Array((n >>> 5) + 1);
    this.candidates = new Int32Array(n);
    this.stamp = new Uint32Array(n);
    this.mask = new Uint32Array(n);
    this.allowed = new Uint32Array(n);
    this.touched = new Int32Array(n);
    this.bm25 = new Float32Array(n);
  }
  /**
   * Whether loneBits already holds this list (the same common name as the last query: its bits are
   * kept), and remembers it as the one they will hold.
   */
  holdsLone(list: Int32Array): boolean {
    const last = this.lone;
    this.lone = list;
    return sameList(last, list);
  }

  /** holdsLone for secondBits. */
  holdsSecond(list: Int32Array): boolean {
    const last = this.second;
    this.second = list;
    return sameList(last, list);
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

/**
 * One pass per posting list ORs a bit per entity (mention / context) and per query slot
 * (primary / alternative reading) into a per-fact mask, and adds BM25F impacts for the lists
 * that are not frequent. Then two passes: the first reads every candidate once (the counts are
 * exact) and dismisses, by a table lookup on its mask, each fact whose best possible score is
 * below the want-th best mask score seen — the bulk of a frequent name's or word's facts; the
 * second scores the few survivors in doc order (= importance order), skipping those whose upper
 * bound — base plus the most BM25 could add — cannot beat the page's worst, and looks up a
 * frequent list's impact (galloping) only for the rest: MaxScore's idea, with the frequent lists
 * as its non-essential terms.
 */
export function retrieve(index: SearchIndex, s: Scratch, config: SearchConfig, plan: Plan): Ranked {
  const n = index.docFact.length;
  const allowToken = allowFilters(index, s, plan.filters);
  const gen = s.next();
  const { stamp, mask, touched, bm25 } = s;
  const frequentAt = Math.max(1000, n * config.frequentShare);
  const restricted = allowToken !== 0;
  const dated = plan.sinceFirst > 0 || plan.untilLast < 99_999_999;
  const seenAfter = plan.after > -Infinity;
  const lists: { docs: Int32Array; bit: number; slot?: { list: SlotList; weight: number } }[] = [];
  plan.entities.forEach((e, i) => {
    lists.push({ docs: e.mentions, bit: 1 << i }, { docs: e.context, bit: 1 << (i + ENTITY_BITS / 2) });
  });
  plan.slots.forEach((slot, j) => {
    for (const list of slot.lists) {
      const weight = slot.weight * (list.alt ? config.alternativeWeight : 1);
      lists.push({ docs: list.docs, bit: 1 << (ENTITY_BITS + 2 * j + (list.alt ? 1 : 0)), slot: { list, weight } });
    }
  });
  // The longest list (a common name or word) is not marked fact by fact: its facts that no other
  // list holds all have the same mask, so they are counted in one sum and scored by walking the
  // list in importance order until no later fact can make the page (walkLone below). Only
  // without filters, which would have to be checked per fact anyway.
  let lone: (typeof lists)[number] | undefined;
  if (!restricted && !dated && !seenAfter) {
    for (const l of lists) if (l.docs.length > frequentAt && (lone === undefined || l.docs.length > lone.docs.length)) lone = l;
  }
  const inLone = s.loneBits;
  if (lone !== undefined && !s.holdsLone(lone.docs)) fillBits(inLone, lone.docs);
  const loneBit = lone?.bit ?? 0;
  // The second longest list, when frequent too (a common name and a frequent word), is kept out of
  // the marking the same way: a bitset tells the marked facts it holds, and its other facts (one of
  // two masks: with or without the longest list) are walked in importance order after the page's
  // worst is known, so neither frequent list is walked fact by fact when the page is settled early.
  let second: (typeof lists)[number] | undefined;
  if (lone !== undefined) {
    for (const l of lists) {
      if (l === lone || sameList(lone.docs, l.docs) || l.docs.length <= frequentAt) continue;
      // Not one reading of several (a prefix's completions share a bit): walking one of them in
      // importance order rarely stops early, and the prefix bench got slower with it.
      if (l.slot !== undefined && plan.slots.some((slot) => slot.lists.length > 1 && slot.lists.includes(l.slot!.list))) continue;
      if (second === undefined || l.docs.length > second.docs.length) second = l;
    }
  }
  const inSecond = s.secondBits;
  if (second !== undefined && !s.holdsSecond(second.docs)) fillBits(inSecond, second.docs);
  const secondBit = second?.bit ?? 0;
  let bothLists = 0;
  if (second !== undefined) {
    const docs = second.docs;
    for (let k = 0; k < docs.length; k++) if ((inLone[docs[k]! >>> 5]! & (1 << (docs[k]! & 31))) !== 0) bothLists++;
  }
  let count = 0;
  let sharedWithLone = 0;
  let sharedWithSecond = 0;
  let sharedWithBoth = 0;
  const mark = (list: Int32Array, bit: number): void => {
    for (let k = 0; k < list.length; k++) {
      const doc = list[k]!;
      if (stamp[doc] !== gen) {
        stamp[doc] = gen;
        bm25[doc] = 0;
        touched[count++] = doc;
        let m = bit;
        // Booleans, not bits: two completions of one word share a bit.
        const isLone = lone !== undefined && (inLone[doc >>> 5]! & (1 << (doc & 31))) !== 0;
        if (isLone) {
          m |= loneBit;
          sharedWithLone++;
        }
        if (second !== undefined && (inSecond[doc >>> 5]! & (1 << (doc & 31))) !== 0) {
          m |= secondBit;
          sharedWithSecond++;
          if (isLone) sharedWithBoth++;
        }
        mask[doc] = m;
      } else mask[doc]! |= bit;
    }
  };
  const frequent: { list: SlotList; weight: number; cursor: number }[] = [];
  for (const l of lists) {
    if (l !== lone && l !== second) mark(l.docs, l.bit);
    if (l.slot === undefined) continue;
    const { list, weight } = l.slot;
    if (list.docs.length > frequentAt) {
      frequent.push({ list, weight, cursor: 0 });
      continue;
    }
    const { docs, impacts } = list;
    for (let k = 0; k < docs.length; k++) bm25[docs[k]!]! += weight * impacts[k]!;
  }
  const anyList = plan.entities.length + plan.slots.length > 0;
  if (!anyList && (restricted || plan.sinceFirst > 0 || plan.untilLast < 99_999_999)) {
    // Filters alone: every fact they allow.
    for (let doc = 0; doc < n; doc++) {
      stamp[doc] = gen;
      mask[doc] = 0;
      bm25[doc] = 0;
    }
    count = n;
  }

  const pool = count === n && !anyList ? identity(n) : touched.subarray(0, count);
  const scorer = new Scorer(config, plan.entities.length, plan.slots, plan.wanted);
  const { entityAll, entityBase, wordScore, wordAll, flagScore, recentShare, bm25Max } = scorer;
  const importanceWeight = config.score.importance;
  const { allowed } = s;
  const { dateFirst, dateLast, firstSeen, importance, flags, recency } = index;
  const { sinceFirst, untilLast, after, want } = plan;
  const counts = { matchedAll: 0, allEntities: 0, allWords: 0 };
  let total = 0;
  let seen = 0;
  let seenWithAll = 0;
  const entityMask = (1 << ENTITY_BITS) - 1;
  // What a fact's intent, importance and BM25 can add at most to its mask's score.
  let maxFlag = 0;
  for (let f = 0; f < flagScore.length; f++) maxFlag = Math.max(maxFlag, flagScore[f]!);
  // Docs are numbered in importance order: the first has the most.
  const headroom = maxFlag + recentShare + importanceWeight * (importance[0] ?? 0) + bm25Max;

  // Pass 1, every candidate in list order: the exact counts, and the facts that may make the page.
  // Every fact scores at least its mask's score, so the page's worst is at least the want-th best
  // mask score seen (`floor`, kept in a small heap); a fact whose mask score plus the headroom
  // falls below that cannot make it and is never looked at again. Most facts of a frequent name or
  // word go here with a few table lookups. Walked from the last-marked lists (the words) back,
  // so the facts matching most of the query raise the floor early.
  const floor = new TopHeap(want);
  let floorAt = -Infinity;
  // Facts no marked list holds: only in the longest list, only in the second, or in both.
  const inBothOnly = bothLists - sharedWithBoth;
  const loneOnly = lone === undefined ? 0 : lone.docs.length - sharedWithLone - inBothOnly;
  const secondOnly = second === undefined ? 0 : second.docs.length - sharedWithSecond - inBothOnly;
  const unmarked = (bits: number, howMany: number): number => {
    if (howMany === 0) return -Infinity;
    const em = bits & entityMask;
    const wm = bits >>> ENTITY_BITS;
    const ws = scorer.fillWords(wm);
    total += howMany;
    counts.allEntities += howMany * entityAll[em]!;
    counts.allWords += howMany * wordAll[wm]!;
    counts.matchedAll += howMany * (entityAll[em]! & wordAll[wm]!);
    seen |= wm;
    if (entityAll[em] === 1) seenWithAll |= wm;
    const low = entityBase[em]! + ws;
    for (let k = 0; k < Math.min(howMany, want); k++) floor.offer(0, low);
    if (floor.full) floorAt = floor.worstScore;
    return low;
  };
  const loneLow = unmarked(loneBit, loneOnly);
  const secondLow = unmarked(secondBit, secondOnly);
  const bothLow = unmarked(secondBit | loneBit, second === undefined ? 0 : inBothOnly);
  const keep = s.candidates;
  let kept = 0;
  for (let c = pool.length - 1; c >= 0; c--) {
    const doc = pool[c]!;
    if (restricted && allowed[doc] !== allowToken) continue;
    if (dated && (dateLast[doc]! < sinceFirst || dateFirst[doc]! > untilLast)) continue;
    if (seenAfter && !(firstSeen[doc]! > after)) continue;
    const m = mask[doc]!;
    const em = m & entityMask;
    const wm = m >>> ENTITY_BITS;
    let ws = wordScore[wm]!;
    if (Number.isNaN(ws)) ws = scorer.fillWords(wm);
    total++;
    const allEntities = entityAll[em]!;
    const allWords = wordAll[wm]!;
    counts.allEntities += allEntities;
    counts.allWords += allWords;
    counts.matchedAll += allEntities & allWords;
    seen |= wm;
    if (allEntities === 1) seenWithAll |= wm;
    if (want === 0) continue;
    const low = entityBase[em]! + ws;
    if (low + headroom < floorAt) continue;
    keep[kept++] = doc;
    if (!floor.full || low > floorAt) {
      floor.offer(0, low);
      if (floor.full) floorAt = floor.worstScore;
    }
  }

  // Pass 2, the survivors in doc order (= importance order): full scores, MaxScore's test first —
  // even the most BM25 can add would not make the page — and a frequent list's impact looked up
  // (galloping, once through per query) only for facts that pass it.
  const candidates = keep.subarray(0, kept).sort();
  const heap = new TopHeap(want);
  let worst = -Infinity;
  for (let c = 0; c < candidates.length; c++) {
    const doc = candidates[c]!;
    const m = mask[doc]!;
    const em = m & entityMask;
    const wm = m >>> ENTITY_BITS;
    const low = entityBase[em]! + wordScore[wm]!;
    if (low + headroom < floorAt) continue;
    const base = low + flagScore[flags[doc]!]! + recentShare * recency[doc]! + importanceWeight * importance[doc]!;
    // A tie goes to the lower doc, and the walk below may add lower docs: only a sure loss is skipped.
    if (heap.full && (base + bm25Max < worst || (base + bm25Max === worst && doc > heap.worstDoc))) continue;
    let raw = bm25[doc]!;
    for (const f of frequent) {
      const docs = f.list.docs;
      f.cursor = gallop(docs, doc, f.cursor);
      if (docs[f.cursor] === doc) raw += f.weight * f.list.impacts[f.cursor]!;
    }
    heap.offer(doc, base + scorer.bm25(raw));
    if (heap.full) worst = heap.worstScore;
  }
  const walk = { stamp, gen, mask, heap, flagScore, flags, recentShare, recency, importanceWeight, importance, bm25Max, scorer };
  if (lone !== undefined && want > 0 && loneLow + headroom >= floorAt) {
    walkLone(lone.docs, lone.slot, loneLow, loneBit, second === undefined ? undefined : inSecond, walk);
  }
  if (second !== undefined && lone !== undefined && want > 0 && Math.max(secondLow, bothLow) + headroom >= floorAt) {
    walkSecond(second, lone, inLone, secondLow, bothLow, walk);
  }
  const slotBits = (bits: number, j: number): boolean => ((bits >>> (2 * j)) & 3) !== 0;
  return {
    total,
    counts,
    slotSeen: plan.slots.map((_, j) => slotBits(seen, j)),
    slotSeenWithAll: plan.slots.map((_, j) => slotBits(seenWithAll, j)),
    top: heap.sorted().map(({ doc, score }) => ({ doc, score, mask: mask[doc]! })),
    scorer,
  };
}

interface LoneWalk {
  stamp: Uint32Array;
  gen: number;
  mask: Uint32Array;
  heap: TopHeap;
  flagScore: Float64Array;
  flags: Uint8Array;
  recentShare: number;
  recency: Float32Array;
  importanceWeight: number;
  importance: Float32Array;
  bm25Max: number;
  scorer: Scorer;
}

/**
 * The facts only the longest list holds, in doc order (= falling importance): each scores `low`
 * plus what its own intent flags, importance and (for a word) BM25 add. The walk stops at the first
 * fact whose bound cannot beat the page's worst — nor tie it with a lower doc number — since every
 * later fact's bound is no higher and its doc number higher: real early termination, so a name in
 * a quarter of a million facts costs a few steps, not a quarter of a million.
 */
function walkLone(
  docs: Int32Array,
  slot: { list: SlotList; weight: number } | undefined,
  low: number,
  bits: number,
  skip: Int32Array | undefined,
  w: LoneWalk,
): void {
  const { stamp, gen, mask, heap, flagScore, flags, recentShare, recency, importanceWeight, importance, scorer } = w;
  let maxFlag = 0;
  for (let f = 0; f < flagScore.length; f++) maxFlag = Math.max(maxFlag, flagScore[f]!);
  const extra = maxFlag + recentShare + (slot === undefined ? 0 : w.bm25Max);
  for (let k = 0; k < docs.length; k++) {
    const doc = docs[k]!;
    if (heap.full) {
      const bound = low + extra + importanceWeight * importance[doc]!;
      const worst = heap.worstScore;
      if (bound < worst || (bound === worst && doc > heap.worstDoc)) return;
    }
    // Shared with another list: scored in pass 2 already, or by walkSecond.
    if (stamp[doc] === gen) continue;
    if (skip !== undefined && (skip[doc >>> 5]! & (1 << (doc & 31))) !== 0) continue;
    const base = low + flagScore[flags[doc]!]! + recentShare * recency[doc]! + importanceWeight * importance[doc]!;
    // What the page reports of the fact (its matched names and words) reads the mask.
    mask[doc] = bits;
    heap.offer(doc, slot === undefined ? base : base + scorer.bm25(slot.weight * slot.list.impacts[k]!));
  }
}

type Walked = { docs: Int32Array; bit: number; slot?: { list: SlotList; weight: number } };

/**
 * The facts only the second longest list holds, or it and the longest: walkLone's early
 * termination over the second list, each fact at its own mask (with the longest list's bit when
 * that holds it too, and then its BM25 impact, found by galloping in doc order).
 */
function walkSecond(second: Walked, lone: Walked, inLone: Int32Array, secondLow: number, bothLow: number, w: LoneWalk): void {
  const { stamp, gen, mask, heap, flagScore, flags, recentShare, recency, importanceWeight, importance, scorer } = w;
  let maxFlag = 0;
  for (let f = 0; f < flagScore.length; f++) maxFlag = Math.max(maxFlag, flagScore[f]!);
  const words = second.slot !== undefined || lone.slot !== undefined;
  const extra = maxFlag + recentShare + (words ? w.bm25Max : 0);
  const highest = Math.max(secondLow, bothLow);
  const docs = second.docs;
  let cursor = 0;
  for (let k = 0; k < docs.length; k++) {
    const doc = docs[k]!;
    if (heap.full) {
      const bound = highest + extra + importanceWeight * importance[doc]!;
      const worst = heap.worstScore;
      if (bound < worst || (bound === worst && doc > heap.worstDoc)) return;
    }
    if (stamp[doc] === gen) continue;
    const both = (inLone[doc >>> 5]! & (1 << (doc & 31))) !== 0;
    let raw = second.slot === undefined ? 0 : second.slot.weight * second.slot.list.impacts[k]!;
    if (both && lone.slot !== undefined) {
      cursor = gallop(lone.docs, doc, cursor);
      raw += lone.slot.weight * lone.slot.list.impacts[cursor]!;
    }
    const base = (both ? bothLow : secondLow) + flagScore[flags[doc]!]! + recentShare * recency[doc]! + importanceWeight * importance[doc]!;
    mask[doc] = both ? second.bit | lone.bit : second.bit;
    heap.offer(doc, words ? base + scorer.bm25(raw) : base);
  }
}

/** Marks the facts that pass the list filters (topic and country: each; source: any); 0 when none apply. */
function allowFilters(index: SearchIndex, s: Scratch, filters: Filters): number {
  const groups: Int32Array[][] = [
    ...filters.topics.map((t) => [index.topics.listOf(t)]),
    ...filters.countries.map((c) => [index.entities.listOf(c)]),
    ...(filters.sources.length > 0 ? [filters.sources.map((a) => index.articles.listOf(a))] : []),
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
  return allowToken;
}

function sameList(a: Int32Array | undefined, b: Int32Array): boolean {
  return a !== undefined && a.buffer === b.buffer && a.byteOffset === b.byteOffset && a.length === b.length;
}

function fillBits(bits: Int32Array, docs: Int32Array): void {
  bits.fill(0);
  for (let k = 0; k < docs.length; k++) bits[docs[k]! >>> 5]! |= 1 << (docs[k]! & 31);
}

let identityCache = new Int32Array(0);
function identity(n: number): Int32Array {
  if (identityCache.length !== n) {
    identityCache = new Int32Array(n);
    for (let i = 0; i < n; i++) identityCache[i] = i;
  }
  return identityCache;
}
