import type { RelatedFact } from '../factbase/schema.js';
import type { RelatedPair } from './corroborate.js';

/** One side of a related pair: the fact its sentence became, who published it, and the sentence. */
export interface LinkSide {
  factId: string;
  publisher: string;
  text: string;
}

/**
 * The `related` entries of every fact: each pair of reports of one event that were not merged
 * links both facts, saying how they differ in a reader's words. Deterministic: sorted by fact id.
 */
export function relatedLinks(pairs: readonly RelatedPair[], sideOf: (draft: number) => LinkSide): Map<string, RelatedFact[]> {
  const out = new Map<string, Map<string, Omit<RelatedFact, 'factId'>>>();
  const add = (from: string, to: string, how: string, differs: RelatedPair['verdict']['differs']): void => {
    const links = out.get(from) ?? new Map<string, Omit<RelatedFact, 'factId'>>();
    if (!links.has(to)) links.set(to, differs ? { how, differs } : { how });
    out.set(from, links);
  };
  for (const p of pairs) {
    const a = sideOf(p.i);
    const b = sideOf(p.j);
    if (a.factId === b.factId) continue;
    add(a.factId, b.factId, describe(p, a, b), p.verdict.differs);
    add(b.factId, a.factId, describe(p, b, a, true), p.verdict.differs);
  }
  return new Map(
    [...out].map(([id, links]) => [id, [...links].sort(([x], [y]) => x.localeCompare(y)).map(([factId, link]) => ({ factId, ...link }))]),
  );
}

function describe(p: RelatedPair, self: LinkSide, other: LinkSide, flipped = false): string {
  const v = p.verdict;
  if (v.differs === 'stance' && v.phrases) {
    const [mine, theirs] = flipped ? [v.phrases[1], v.phrases[0]] : v.phrases;
    return `${self.publisher}: "${mine}"; ${other.publisher}: "${theirs}"`;
  }
  if (v.differs === 'amounts') return `the same event with different amounts (${self.publisher} vs ${other.publisher})`;
  return `the same event in other words (${other.publisher})`;
}
