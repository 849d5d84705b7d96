import type { FactBaseChanges } from './fact-store.js';
import type { Fact, FactBaseData } from './schema.js';

/** The order `briefbot ingest` writes: articles, entities and topics by id; facts by their first citation. */
export function canonicalOrder(data: FactBaseData): FactBaseData {
  return {
    formatVersion: data.formatVersion,
    articles: [...data.articles].sort(byId),
    entities: [...data.entities].sort(byId),
    topics: [...data.topics].sort(byId),
    facts: sortFacts(data.facts, articleRanks(data.facts.map((f) => f.citations[0]!.articleId))),
  };
}

const byId = <T extends { id: string }>(a: T, b: T) => a.id.localeCompare(b.id);

/**
 * Each article id's place in id order (localeCompare; ids that compare equal share a place). The
 * fact order compares article ids once per distinct id here, not once per pair of facts: at 1M
 * facts a sort calling localeCompare ~20M times took 6.2 s.
 */
export function articleRanks(articleIds: Iterable<string>): Map<string, number> {
  const ids = [...new Set(articleIds)].sort((a, b) => a.localeCompare(b));
  const ranks = new Map<string, number>();
  let rank = -1;
  for (let i = 0; i < ids.length; i++) {
    if (i === 0 || ids[i - 1]!.localeCompare(ids[i]!) !== 0) rank++;
    ranks.set(ids[i]!, rank);
  }
  return ranks;
}

/**
 * `facts` (a new array) in canonical order: by the first citation's article (its rank in
 * `ranks`), then its start, then the fact id. `ranks` holds every first-cited article.
 */
export function sortFacts(facts: readonly Fact[], ranks: ReadonlyMap<string, number>): Fact[] {
  const n = facts.length;
  const rank = new Int32Array(n);
  const start = new Int32Array(n);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const c = facts[i]!.citations[0]!;
    rank[i] = ranks.get(c.articleId)!;
    start[i] = c.start;
    order[i] = i;
  }
  order.sort((a, b) => rank[a]! - rank[b]! || start[a]! - start[b]! || facts[a]!.id.localeCompare(facts[b]!.id) || a - b);
  const out = new Array<Fact>(n);
  for (let i = 0; i < n; i++) out[i] = facts[order[i]!]!;
  return out;
}

/** `data` with `changes` applied, in canonical order. `data` itself is not modified. */
export function applyChanges(data: FactBaseData, changes: FactBaseChanges): FactBaseData {
  const merge = <T extends { id: string }>(rows: readonly T[], set: { upsert: T[]; delete: string[] }): T[] => {
    if (set.upsert.length === 0 && set.delete.length === 0) return [...rows];
    const map = new Map(rows.map((r) => [r.id, r]));
    for (const id of set.delete) map.delete(id);
    for (const r of set.upsert) map.set(r.id, r);
    return [...map.values()];
  };
  return canonicalOrder({
    formatVersion: data.formatVersion,
    articles: merge(data.articles, changes.articles),
    entities: merge(data.entities, changes.entities),
    topics: merge(data.topics, changes.topics),
    facts: merge(data.facts, changes.facts),
  });
}

export function isEmptyChange(c: FactBaseChanges): boolean {
  return [c.articles, c.entities, c.topics, c.facts].every((s) => s.upsert.length === 0 && s.delete.length === 0);
}
