/**
 * Corroboration: the same claim reported by several articles becomes one fact with several
 * citations. Rule: two sentences from DIFFERENT articles are the same claim when the cosine
 * similarity of their TF-IDF vectors (content words, lightly stemmed, plus entity ids, weighted by
 * how rare each is across all sentences) is at least SAME_CLAIM_THRESHOLD, they share at least
 * MIN_SHARED_TERMS content words other than names and titles (the caller blanks names), making at
 * least MIN_OVERLAP of the shorter sentence's words, and their money amounts, where both state any,
 * share one. Bag-of-words: it misses paraphrases that share few words, by design (a wrong merge
 * misattributes a claim; a missed one only shows it twice).
 * Merging is transitive (single linkage) but never joins two sentences of the same article.
 */
export const SAME_CLAIM_THRESHOLD = 0.33;
export const MIN_SHARED_TERMS = 4;
/** Shared words as a share of the shorter sentence's: a long sentence does not match everything. */
export const MIN_OVERLAP = 0.5;

export interface ClaimCandidate {
  articleId: string;
  text: string;
  entities: readonly string[];
  /** Currency amounts as "UNIT:value" keys. */
  money: readonly string[];
}

const STOP = new Set(
  (
    'a an the and or but of to in on at for from by with as is are was were be been being it its this that these those ' +
    'has have had will would can could may might shall should do does did not no than then there their they them he she his her ' +
    'we our us you your i also into over under about after before while which who whom whose what when where how all both each ' +
    'more most other some such only own same so too very said says say just two one new between ' +
    // Titles go with the names they precede, which are compared as entities, not as words.
    'president prime minister senator secretary cabinet chief ceo governor deputy head state'
  ).split(' '),
);

export function contentTerms(text: string): string[] {
  return (text.toLowerCase().match(/\p{L}[\p{L}\p{N}']*/gu) ?? [])
    .map((w) => w.replace(/['’]s$/u, ''))
    .filter((w) => w.length > 2 && !STOP.has(w))
    .map(stem);
}

function stem(w: string): string {
  return w.replace(/(?:ing|ed|es|s)$/u, '') || w;
}

/** Groups candidates into claims; returns groups of indices, each sorted, groups in input order. */
export function groupSameClaims(items: readonly ClaimCandidate[]): number[][] {
  const vectors = tfidf(items.map((it) => [...contentTerms(it.text), ...it.entities.map((e) => `@${e}`)]));
  const terms = items.map((it) => new Set(contentTerms(it.text)));
  const parent = items.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const articlesOf = new Map<number, Set<string>>(items.map((it, i) => [i, new Set([it.articleId])]));

  const pairs: { i: number; j: number; score: number }[] = [];
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const a = items[i]!;
      const b = items[j]!;
      if (a.articleId === b.articleId) continue;
      if (a.money.length > 0 && b.money.length > 0 && !a.money.some((m) => b.money.includes(m))) continue;
      let shared = 0;
      for (const t of terms[i]!) if (terms[j]!.has(t)) shared++;
      if (shared < MIN_SHARED_TERMS || shared < MIN_OVERLAP * Math.min(terms[i]!.size, terms[j]!.size)) continue;
      const score = cosine(vectors[i]!, vectors[j]!);
      if (score >= SAME_CLAIM_THRESHOLD) pairs.push({ i, j, score });
    }
  }
  // Strongest pairs first, so a sentence joins its best match before a weaker one.
  pairs.sort((x, y) => y.score - x.score || x.i - y.i || x.j - y.j);
  for (const { i, j } of pairs) {
    const ri = find(i);
    const rj = find(j);
    if (ri === rj) continue;
    const ai = articlesOf.get(ri)!;
    const aj = articlesOf.get(rj)!;
    if ([...ai].some((a) => aj.has(a))) continue;
    const [keep, gone] = ri < rj ? [ri, rj] : [rj, ri];
    parent[gone] = keep;
    articlesOf.set(keep, new Set([...ai, ...aj]));
  }
  const groups = new Map<number, number[]>();
  items.forEach((_, i) => {
    const r = find(i);
    groups.set(r, [...(groups.get(r) ?? []), i]);
  });
  return [...groups.values()];
}

/** Similarity scores of candidate pairs, for `briefbot ingest --explain` and the tests. */
export function similarity(a: ClaimCandidate, b: ClaimCandidate, all: readonly ClaimCandidate[]): number {
  const docs = all.map((it) => [...contentTerms(it.text), ...it.entities.map((e) => `@${e}`)]);
  const vectors = tfidf(docs);
  return cosine(vectors[all.indexOf(a)]!, vectors[all.indexOf(b)]!);
}

function tfidf(docs: string[][]): Map<string, number>[] {
  const df = new Map<string, number>();
  for (const d of docs) for (const t of new Set(d)) df.set(t, (df.get(t) ?? 0) + 1);
  const n = docs.length;
  return docs.map((d) => {
    const v = new Map<string, number>();
    for (const t of d) v.set(t, (v.get(t) ?? 0) + 1);
    let norm = 0;
    for (const [t, tf] of v) {
      const w = tf * Math.log(1 + n / (df.get(t) ?? 1));
      v.set(t, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [t, w] of v) v.set(t, w / norm);
    return v;
  });
}

function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  const [small, large] = a.size < b.size ? [a, b] : [b, a];
  for (const [t, w] of small) dot += w * (large.get(t) ?? 0);
  return dot;
}
