import type { FactBase } from '../factbase/factbase.js';
import type { Entity } from '../factbase/schema.js';
import type { SearchConfig } from './defaults.js';
import { FuzzyDictionary } from './fuzzy-dictionary.js';
import { stem } from './stem.js';
import { hasDigit, STOP_WORDS, tokenize, type Token } from './text.js';
import type { Correction, ResolvedEntity } from './types.js';

/** Short place names that are the place in a query whatever the case. */
const PLACE_WORDS: ReadonlySet<string> = new Set(['us', 'uk', 'eu', 'uae']);

export interface EntityMentions {
  entities: ResolvedEntity[];
  /** consumed[i] is true when token i is part of a name. */
  consumed: boolean[];
  corrections: Correction[];
}

/** What EntityResolver builds from the entities: the exact-name table and the fuzzy key table. */
export interface PrebuiltEntityNames {
  /** Normalized alias → entity ids, the most-mentioned first (the `exact` map's entries). */
  exact: [string, string[]][];
  maxWords: number;
  fuzzyKeys: Float64Array;
}

/**
 * Finds entity names in a query: exact names and aliases first (longest first, so "Kuala Lumpur"
 * beats "Kuala"), then typos of names ("Malaysa", "Rutto", "Kenia"). Care against false names:
 * a typed word that is itself a word of the fact base is never taken for a misspelt name, short
 * words are never fuzzy, and an alias that is also an everyday word only counts when typed in
 * capitals or as part of a longer alias — except the place short forms in PLACE_WORDS, which a
 * query means in any case ("us tariffs").
 */
export class EntityResolver {
  /** Normalized alias ("kuala lumpur") → entity ids, the most-mentioned first. */
  private readonly exact = new Map<string, string[]>();
  private readonly keys: string[];
  private readonly fuzzy: FuzzyDictionary;
  private readonly maxWords: number;

  constructor(
    private readonly fb: FactBase,
    private readonly factCount: (entityId: string) => number,
    private readonly config: SearchConfig,
    /**
     * Tables another instance over the same entities, counts and config built (see `prebuilt`):
     * building them is nearly all of this constructor's time, so a worker builds them and the
     * thread that serves passes them back in.
     */
    prebuilt: Partial<PrebuiltEntityNames> = {},
  ) {
    if (prebuilt.exact) {
      for (const [key, ids] of prebuilt.exact) this.exact.set(key, ids);
      this.maxWords = prebuilt.maxWords ?? config.maxNameWords;
    } else {
      let maxWords = 1;
      for (const e of fb.entities.values()) {
        for (const alias of [e.name, ...e.aliases]) {
          const words = tokenize(alias).map((t) => t.norm);
          if (words.length === 0) continue;
          maxWords = Math.max(maxWords, words.length);
          const key = words.join(' ');
          const ids = this.exact.get(key) ?? [];
          if (!ids.includes(e.id)) ids.push(e.id);
          this.exact.set(key, ids);
        }
      }
      for (const ids of this.exact.values()) {
        ids.sort((a, b) => factCount(b) - factCount(a) || (a < b ? -1 : 1));
      }
      this.maxWords = Math.min(maxWords, config.maxNameWords);
    }
    this.keys = [...this.exact.keys()];
    this.fuzzy = new FuzzyDictionary(
      this.keys,
      config.maxEditDistance,
      config.fuzzyPrefixLength,
      (k) => k.replace(/ /g, '').length >= config.entityFuzzyMinLength - 1 && !STOP_WORDS.has(k),
      prebuilt.fuzzyKeys,
    );
  }

  /** This instance's tables, plain data that crosses a worker boundary (typed array moved, the rest cloned). */
  get prebuilt(): PrebuiltEntityNames {
    return { exact: [...this.exact], maxWords: this.maxWords, fuzzyKeys: this.fuzzy.keyTable };
  }

  /** Resolves an alias or name typed in a filter ("Malaysia", "malaysa"), or undefined. */
  lookupName(text: string): { entity: Entity; exact: boolean } | undefined {
    const tokens = tokenize(text);
    if (tokens.length === 0) return undefined;
    const key = tokens.map((t) => t.norm).join(' ');
    const id = this.exact.get(key)?.[0];
    if (id !== undefined) return { entity: this.fb.entity(id)!, exact: true };
    const fuzzy = this.fuzzyKey(key);
    return fuzzy === undefined ? undefined : { entity: this.fb.entity(fuzzy)!, exact: false };
  }

  /**
   * @param isWord true for a token the fact base knows as a plain word (or a stop word): such
   * tokens are not fuzzy-matched to names.
   */
  resolve(tokens: readonly Token[], isWord: (norm: string) => boolean): EntityMentions {
    const consumed = tokens.map(() => false);
    const found = new Map<string, ResolvedEntity>();
    const corrections: Correction[] = [];
    const take = (from: number, to: number, id: string, exact: boolean): void => {
      for (let k = from; k < to; k++) consumed[k] = true;
      const entity = this.fb.entity(id)!;
      const matched = tokens
        .slice(from, to)
        .map((t) => t.raw)
        .join(' ');
      if (!exact) corrections.push({ from: matched, to: entity.name });
      if (!found.has(id)) found.set(id, { id, name: entity.name, kind: entity.kind, matched, exact });
    };

    // Exact names and aliases, longest first.
    for (let i = 0; i < tokens.length; ) {
      let matched = 0;
      for (let n = Math.min(this.maxWords, tokens.length - i); n >= 1 && matched === 0; n--) {
        const id = this.exactAt(tokens, i, n);
        if (id !== undefined) {
          take(i, i + n, id, true);
          matched = n;
        }
      }
      i += matched || 1;
    }

    // Typos of names, only over tokens that are not words the fact base knows.
    const maxFuzzyWords = Math.min(this.maxWords, 3);
    for (let i = 0; i < tokens.length; ) {
      let matched = 0;
      for (let n = Math.min(maxFuzzyWords, tokens.length - i); n >= 1 && matched === 0; n--) {
        const window = tokens.slice(i, i + n);
        if (window.some((t, k) => consumed[i + k] || hasDigit(t.norm) || STOP_WORDS.has(t.norm))) continue;
        if (window.every((t) => isWord(t.norm))) continue;
        const id = this.fuzzyKey(window.map((t) => t.norm).join(' '));
        if (id !== undefined) {
          take(i, i + n, id, false);
          matched = n;
        }
      }
      i += matched || 1;
    }
    return { entities: [...found.values()], consumed, corrections };
  }

  private exactAt(tokens: readonly Token[], i: number, n: number): string | undefined {
    const words = tokens.slice(i, i + n).map((t) => t.norm);
    const key = words.join(' ');
    // "us" is a pronoun in prose but, typed alone in a query, the place (as "uk", "eu", "uae" are).
    if (n === 1 && STOP_WORDS.has(key) && !PLACE_WORDS.has(key)) {
      const raw = tokens[i]!.raw;
      if (raw.length < 2 || raw !== raw.toUpperCase()) return undefined;
    }
    const hit = this.exact.get(key)?.[0];
    if (hit !== undefined) return hit;
    // "Kenyans" for the alias "Kenyan".
    const last = words[n - 1]!;
    const stemmed = stem(last);
    if (stemmed === last) return undefined;
    words[n - 1] = stemmed;
    return this.exact.get(words.join(' '))?.[0];
  }

  private fuzzyKey(key: string): string | undefined {
    const letters = key.replace(/ /g, '').length;
    if (letters < this.config.entityFuzzyMinLength) return undefined;
    const max = letters <= this.config.entityOneEditMaxLength ? 1 : this.config.maxEditDistance;
    const matches = this.fuzzy.lookup(key, max);
    const best = matches[0];
    if (best === undefined) return undefined;
    // Among equally near names, the most-mentioned entity (ids are sorted that way per alias).
    let bestId: string | undefined;
    let bestCount = -1;
    for (const m of matches) {
      if (m.distance !== best.distance) break;
      const ids = this.exact.get(this.keys[m.index]!)!;
      const count = this.factCount(ids[0]!);
      if (count > bestCount) {
        bestCount = count;
        bestId = ids[0];
      }
    }
    return bestId;
  }
}
