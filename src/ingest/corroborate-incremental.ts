import {
  contentTerms,
  judgePair,
  quotations,
  MIN_SHARED_TERMS,
  RELATED_SHARED_TERMS,
  weighTerms,
  type ClaimCandidate,
  type CompareOptions,
  type RelatedPair,
} from './corroborate.js';

/**
 * One sentence to corroborate: a new draft, or one citation of a fact already in the base
 * (`fact` is then that fact's index; citations of one fact are one claim already).
 */
export interface IncrementalItem {
  candidate: ClaimCandidate;
  fact?: number;
}

export interface IncrementalComparison {
  /** Per item, a representative of its claim: items with the same value are one fact. */
  groupOf: number[];
  /** Pairs (i < j, at least one side new) reporting one event differently, across claims. */
  related: RelatedPair[];
  /** Pairs judged (for the bench and the tests: the work done, not the pairs possible). */
  judged: number;
}

// The fewest distinct content words any verdict but a shared quotation needs (judgePair).
const MIN_SHARED_FOR_ANY = Math.min(MIN_SHARED_TERMS, RELATED_SHARED_TERMS);
// Country entity ids, as judgePair tells them from other entities.
const COUNTRY = /^[A-Z]{3}$/;

/**
 * compareClaims for a batch of new sentences against a fact base: the same rule (judgePair) with
 * corpus-wide rarity (document frequencies over every item, old and new), the same order
 * (strongest same-claim pairs first, never two sentences of one article in a claim, never two
 * claims that disagree through a third), but pairs of two old items are not judged again and two
 * facts already in the base are never merged into one (their ids and links stay as they are).
 *
 * Only pairs that can get a verdict are judged: judgePair needs MIN_SHARED_FOR_ANY shared content
 * words or a shared quotation, so candidates come from a prefix-filtered inverted index (terms
 * rarest first; two sets sharing k terms share one among each one's first |set| - k + 1) and a
 * quotation index. Items are expected in the full build's draft order (article id, then offset).
 */
export function compareIncrementally(items: readonly IncrementalItem[], opts: CompareOptions = {}): IncrementalComparison {
  const synonyms = opts.synonyms ?? [];
  const terms = items.map((it) => contentTerms(it.candidate.text, synonyms));
  const docs = items.map((it, i) => [...terms[i]!, ...it.candidate.entities.map((e) => `@${e}`)]);
  const df = new Map<string, number>();
  for (const d of docs) for (const t of new Set(d)) df.set(t, (df.get(t) ?? 0) + 1);
  const n = docs.length;
  const vectors = new Map<number, Map<string, number>>();
  const vectorOf = (i: number): Map<string, number> => {
    let v = vectors.get(i);
    if (v === undefined) {
      v = weighTerms(docs[i]!, df, n);
      vectors.set(i, v);
    }
    return v;
  };

  const rarestFirst = (a: string, b: string): number => (df.get(a) ?? 0) - (df.get(b) ?? 0) || (a < b ? -1 : a > b ? 1 : 0);
  const prefixes = terms.map((t) => {
    const set = [...new Set(t)].sort(rarestFirst);
    return set.slice(0, Math.max(0, set.length - MIN_SHARED_FOR_ANY + 1));
  });
  const quotes = items.map((it) => [...new Set(quotations(it.candidate.text))]);
  const termSets = terms.map((t) => new Set(t));
  // judgePair's first rule: no verdict when each names a country the other does not. So an item
  // naming countries can only pair with one naming none or sharing one of them, and the prefix
  // index is kept per country too (`country|term`, `-|term` for items naming none).
  const countries = items.map((it) => [...new Set(it.candidate.entities.filter((e) => COUNTRY.test(e)))]);
  const byTerm = new Map<string, number[]>();
  const byCountryTerm = new Map<string, number[]>();
  const quoteIndex = new Map<string, number[]>();
  items.forEach((_, i) => {
    for (const t of prefixes[i]!) {
      push(byTerm, t, i);
      if (countries[i]!.length === 0) push(byCountryTerm, `-|${t}`, i);
      for (const c of countries[i]!) push(byCountryTerm, `${c}|${t}`, i);
    }
    for (const q of quotes[i]!) push(quoteIndex, q, i);
  });
  const postings = (i: number, t: string): number[][] => {
    const cs = countries[i]!;
    if (cs.length === 0) return [byTerm.get(t)!];
    return [`-|${t}`, ...cs.map((c) => `${c}|${t}`)].map((k) => byCountryTerm.get(k) ?? []);
  };

  const same: { i: number; j: number; score: number }[] = [];
  const related: RelatedPair[] = [];
  let judged = 0;
  for (let i = 0; i < items.length; i++) {
    if (items[i]!.fact !== undefined) continue;
    const partners = new Set<number>();
    for (const t of prefixes[i]!) for (const list of postings(i, t)) for (const j of list) partners.add(j);
    for (const q of quotes[i]!) for (const j of quoteIndex.get(q)!) partners.add(j);
    for (const j of partners) {
      // A pair of two new items is judged once, from its lower index.
      if (j === i || (items[j]!.fact === undefined && j < i)) continue;
      const [x, y] = i < j ? [i, j] : [j, i];
      const a = items[x]!.candidate;
      const b = items[y]!.candidate;
      if (a.articleId === b.articleId) continue;
      // Sharing one prefix term is not sharing enough: judgePair would find no verdict.
      if (sharedCount(termSets[x]!, termSets[y]!) < MIN_SHARED_FOR_ANY && !quotes[x]!.some((q) => quotes[y]!.includes(q))) continue;
      judged++;
      const verdict = judgePair(a, b, vectorOf(x), vectorOf(y), terms[x]!, terms[y]!);
      if (verdict?.kind === 'same') same.push({ i: x, j: y, score: verdict.score });
      else if (verdict?.kind === 'related') related.push({ i: x, j: y, verdict });
    }
  }

  const parent = items.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const members = new Map<number, number[]>(items.map((_, i) => [i, [i]]));
  const articlesOf = new Map<number, Set<string>>(items.map((it, i) => [i, new Set([it.candidate.articleId])]));
  const factOf = new Map<number, number | undefined>(items.map((it, i) => [i, it.fact]));
  const union = (ri: number, rj: number): void => {
    const [keep, gone] = ri < rj ? [ri, rj] : [rj, ri];
    parent[gone] = keep;
    members.set(keep, [...members.get(keep)!, ...members.get(gone)!]);
    members.delete(gone);
    articlesOf.set(keep, new Set([...articlesOf.get(keep)!, ...articlesOf.get(gone)!]));
    factOf.set(keep, factOf.get(keep) ?? factOf.get(gone));
  };
  // Citations of one fact already are one claim.
  const firstOfFact = new Map<number, number>();
  items.forEach((it, i) => {
    if (it.fact === undefined) return;
    const first = firstOfFact.get(it.fact);
    if (first === undefined) firstOfFact.set(it.fact, i);
    else union(find(first), find(i));
  });

  same.sort((x, y) => y.score - x.score || x.i - y.i || x.j - y.j);
  const blocked = new Set(related.filter((r) => r.verdict.differs !== 'wording').map((r) => `${r.i}:${r.j}`));
  for (const { i, j } of same) {
    const ri = find(i);
    const rj = find(j);
    if (ri === rj) continue;
    // Two facts already in the base stay two facts: merging them would retire an id people have seen.
    if (factOf.get(ri) !== undefined && factOf.get(rj) !== undefined) continue;
    const ai = articlesOf.get(ri)!;
    const aj = articlesOf.get(rj)!;
    if ([...ai].some((a) => aj.has(a))) continue;
    const membersI = members.get(ri)!;
    const membersJ = members.get(rj)!;
    if (membersI.some((x) => membersJ.some((y) => blocked.has(`${Math.min(x, y)}:${Math.max(x, y)}`)))) continue;
    union(ri, rj);
  }
  related.sort((x, y) => x.i - y.i || x.j - y.j);
  return {
    groupOf: items.map((_, i) => find(i)),
    related: related.filter((r) => find(r.i) !== find(r.j)),
    judged,
  };
}

function sharedCount(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const [small, large] = a.size < b.size ? [a, b] : [b, a];
  let n = 0;
  for (const t of small) if (large.has(t)) n++;
  return n;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
