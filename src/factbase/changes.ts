import type { FactBaseChanges } from './fact-store.js';
import type { Fact, FactBaseData } from './schema.js';

/** The order `briefbot ingest` writes: articles, entities and topics by id; facts by their first citation. */
export function canonicalOrder(data: FactBaseData): FactBaseData {
  const byId = <T extends { id: string }>(a: T, b: T) => a.id.localeCompare(b.id);
  return {
    formatVersion: data.formatVersion,
    articles: [...data.articles].sort(byId),
    entities: [...data.entities].sort(byId),
    topics: [...data.topics].sort(byId),
    facts: [...data.facts].sort(factOrder),
  };
}

function factOrder(a: Fact, b: Fact): number {
  const x = a.citations[0]!;
  const y = b.citations[0]!;
  return x.articleId.localeCompare(y.articleId) || x.start - y.start || a.id.localeCompare(b.id);
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
