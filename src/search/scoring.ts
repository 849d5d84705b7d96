import type { SearchConfig } from './defaults.js';
import type { TermSlot } from './query-terms.js';
import { FLAG_AMOUNT, FLAG_DATED, FLAG_QUOTE } from './index-builder.js';
import type { SearchIndex } from './search-index.js';
import type { EntityMatch, Intent, ScoreParts } from './types.js';

/** Mask layout: bits 0–5 an entity named in the fact, 6–11 carried from context, then 2 bits per slot. */
export const ENTITY_BITS = 12;
const MAX_ENTITIES = ENTITY_BITS / 2;

export interface Wanted {
  intents: readonly Intent[];
}

/**
 * The score of a fact for a query, from its match mask and its static importance:
 *
 *   allEntities·A + words·W + entities·E + intent·I + bm25·B + importance·P
 *
 * with A ≫ W ≫ E > I > B > P (SEARCH_DEFAULTS.score), so being about every named entity comes
 * first, then how much of the query's words it matches (rarer words weigh more), then mentions
 * over context, then what the question asks for, then BM25F, then importance. The mask parts are
 * table lookups (the entity table is built per query, the word table filled lazily).
 */
export class Scorer {
  readonly entityAll: Uint8Array;
  /** allEntities·A + entities·E per entity mask. */
  readonly entityBase: Float64Array;
  private readonly entityScore: Float64Array;
  /** words·W per word mask (NaN until filled by words()). */
  readonly wordScore: Float64Array;
  readonly wordAll: Uint8Array;
  private readonly totalWeight: number;
  private readonly maxRaw: number;
  readonly flagScore: Float64Array;
  readonly recentShare: number;
  readonly bm25Max: number;

  constructor(
    private readonly config: SearchConfig,
    nEntities: number,
    private readonly slots: readonly TermSlot[],
    wanted: Wanted,
  ) {
    if (nEntities > MAX_ENTITIES) throw new RangeError(`at most ${MAX_ENTITIES} entities are ranked`);
    const tables = entityTables(config, nEntities);
    this.entityAll = tables.all;
    this.entityScore = tables.score;
    this.entityBase = tables.base;
    this.wordScore = new Float64Array(1 << (2 * slots.length)).fill(Number.NaN);
    this.wordAll = new Uint8Array(1 << (2 * slots.length));
    this.totalWeight = slots.reduce((sum, s) => sum + s.weight, 0);
    this.maxRaw = slots.reduce((sum, s) => sum + s.weight, 0) * (config.bm25K1 + 1);
    this.bm25Max = config.score.bm25;
    // Intent: the share of what the question asks for that the fact has.
    const asks = wanted.intents;
    const per = asks.length === 0 ? 0 : config.score.intent / asks.length;
    this.flagScore = new Float64Array(8);
    for (let f = 0; f < 8; f++) {
      let v = 0;
      if (asks.includes('quote') && f & FLAG_QUOTE) v += per;
      if (asks.includes('amount') && f & FLAG_AMOUNT) v += per;
      if (asks.includes('date') && f & FLAG_DATED) v += per;
      this.flagScore[f] = v;
    }
    this.recentShare = asks.includes('recent') ? per : 0;
  }

  allEntities(mask: number): boolean {
    return this.entityAll[mask & ((1 << ENTITY_BITS) - 1)] === 1;
  }

  allWords(mask: number): boolean {
    this.fillWords(mask >>> ENTITY_BITS);
    return this.wordAll[mask >>> ENTITY_BITS] === 1;
  }

  /** Weighted share of the slots matched: exact 1, corrected less, alternatives less still. */
  words(mask: number): number {
    return this.fillWords(mask >>> ENTITY_BITS) / this.config.score.words;
  }

  /** words·W for a word mask, filling the table on first sight. */
  fillWords(wm: number): number {
    let ws = this.wordScore[wm]!;
    if (Number.isNaN(ws)) {
      let got = 0;
      let all = 1;
      const c = this.config;
      this.slots.forEach((slot, j) => {
        const bits = (wm >>> (2 * j)) & 3;
        if (bits & 1) got += slot.weight * (slot.exact ? c.exactWeight : c.correctedWeight);
        else if (bits & 2) got += slot.weight * c.alternativeWeight;
        else all = 0;
      });
      ws = this.config.score.words * (this.totalWeight > 0 ? got / this.totalWeight : 0);
      this.wordScore[wm] = ws;
      this.wordAll[wm] = all;
    }
    return ws;
  }

  /** Everything but BM25: what the mask and the fact's static fields give. */
  base(mask: number, index: SearchIndex, doc: number): number {
    return (
      this.entityBase[mask & ((1 << ENTITY_BITS) - 1)]! +
      this.fillWords(mask >>> ENTITY_BITS) +
      this.intent(index, doc) +
      this.config.score.importance * index.importance[doc]!
    );
  }

  bm25(raw: number): number {
    return this.maxRaw > 0 ? this.bm25Max * Math.min(1, raw / this.maxRaw) : 0;
  }

  parts(mask: number, index: SearchIndex, doc: number, score: number): ScoreParts {
    const s = this.config.score;
    const m = mask & ((1 << ENTITY_BITS) - 1);
    const parts: ScoreParts = {
      allEntities: s.allEntities * this.entityAll[m]!,
      words: this.fillWords(mask >>> ENTITY_BITS),
      entities: s.entities * this.entityScore[m]!,
      intent: this.intent(index, doc),
      bm25: 0,
      importance: s.importance * index.importance[doc]!,
    };
    parts.bm25 = Math.max(0, score - this.base(mask, index, doc));
    for (const k of Object.keys(parts) as (keyof ScoreParts)[]) parts[k] = Math.round(parts[k] * 10_000) / 10_000;
    return parts;
  }

  entityMatches(mask: number, ids: readonly string[]): EntityMatch[] {
    const out: EntityMatch[] = [];
    ids.forEach((id, i) => {
      if (mask & (1 << i)) out.push({ id, via: 'mention' });
      else if (mask & (1 << (i + MAX_ENTITIES))) out.push({ id, via: 'context' });
    });
    return out;
  }

  matchedSlots(mask: number): number[] {
    const wm = mask >>> ENTITY_BITS;
    return this.slots.map((_, j) => j).filter((j) => ((wm >>> (2 * j)) & 3) !== 0);
  }

  private intent(index: SearchIndex, doc: number): number {
    return this.flagScore[index.flags[doc]!]! + this.recentShare * index.recency[doc]!;
  }
}

const entityTableCache = new Map<string, { all: Uint8Array; score: Float64Array; base: Float64Array }>();

/** Per entity mask: about all of them, the mention/context share, and their score: the same for every query naming n entities. */
function entityTables(config: SearchConfig, n: number): { all: Uint8Array; score: Float64Array; base: Float64Array } {
  const key = `${n}:${config.contextWeight}:${config.score.allEntities}:${config.score.entities}`;
  const cached = entityTableCache.get(key);
  if (cached !== undefined) return cached;
  const size = 1 << ENTITY_BITS;
  const all = new Uint8Array(size);
  const score = new Float64Array(size);
  const base = new Float64Array(size);
  for (let m = 0; m < size; m++) {
    let every = 1;
    let got = 0;
    for (let i = 0; i < n; i++) {
      if (m & (1 << i)) got += 1;
      else if (m & (1 << (i + MAX_ENTITIES))) got += config.contextWeight;
      else every = 0;
    }
    all[m] = every;
    score[m] = n === 0 ? 0 : got / n;
    base[m] = config.score.allEntities * every + config.score.entities * score[m]!;
  }
  const tables = { all, score, base };
  entityTableCache.set(key, tables);
  return tables;
}
