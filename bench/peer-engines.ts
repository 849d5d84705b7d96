import { Charset, Index } from 'flexsearch';
import MiniSearch from 'minisearch';
import type { Fact } from '../src/factbase/schema.js';

/** A peer engine as the bench drives it: built over the facts, asked for the top ids. */
export interface PeerEngine {
  search(query: string, limit: number): string[];
}

/** Peers index the fact text and its entity names (what briefbot searches too); quotes are stripped, neither has phrases. */
const plain = (q: string): string => q.replace(/["“”]/g, ' ');

/**
 * MiniSearch in its best typo setting from its docs: fuzzy 0.2 (edits ≈ a fifth of the word),
 * prefix on every word, AND first and OR when AND finds nothing (its own advice for "some of the words").
 */
export function createMiniSearch(facts: readonly Fact[], names: ReadonlyMap<string, string>): PeerEngine {
  const ms = new MiniSearch<{ id: string; text: string; names: string }>({
    fields: ['text', 'names'],
    searchOptions: { fuzzy: 0.2, prefix: true, combineWith: 'AND' },
  });
  ms.addAll(facts.map((f) => ({ id: f.id, text: f.text, names: names.get(f.id) ?? '' })));
  return {
    search: (q, limit) => {
      let r = ms.search(plain(q));
      if (r.length === 0) r = ms.search(plain(q), { combineWith: 'OR' });
      return r.slice(0, limit).map((x) => String(x.id));
    },
  };
}

/** FlexSearch with forward (prefix) tokenizing and its LatinBalance encoder (its typo-tolerant charset), suggest on. */
export function createFlexSearch(facts: readonly Fact[], names: ReadonlyMap<string, string>): PeerEngine {
  const index = new Index({ tokenize: 'forward', encoder: Charset.LatinBalance });
  facts.forEach((f, i) => index.add(i, `${f.text} ${names.get(f.id) ?? ''}`));
  return {
    search: (q, limit) => (index.search(plain(q), { limit, suggest: true }) as number[]).map((i) => facts[i]!.id),
  };
}
