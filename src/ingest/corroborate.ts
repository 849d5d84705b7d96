/**
 * Corroboration: the same claim reported by several articles becomes one fact with several
 * citations; the same event reported differently becomes two facts linked as related. Two
 * sentences from DIFFERENT articles are the same claim when the cosine similarity of their TF-IDF
 * vectors (content words, lightly stemmed, synonyms normalised by data/synonyms.yaml, plus entity
 * ids, weighted by how rare each is across all sentences) is at least SAME_CLAIM_THRESHOLD, they
 * share at least MIN_SHARED_TERMS content words other than names and titles (the caller blanks
 * names), making at least MIN_OVERLAP of the shorter sentence's words — or they quote the same
 * words — and neither their money amounts nor their stance (stanceOf) differ. A wrong merge
 * misattributes a claim; a missed one only shows it twice: the rule leans to missing.
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

/** Groups of words and phrases that mean the same (data/synonyms.yaml); the first is canonical. */
export type SynonymTable = readonly (readonly string[])[];

export interface CompareOptions {
  synonyms?: SynonymTable;
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

/** Content words, lightly stemmed, with synonyms (several words or one) replaced by their group's first entry. */
export function contentTerms(text: string, synonyms: SynonymTable = []): string[] {
  const words = (text.toLowerCase().match(/\p{L}[\p{L}\p{N}']*/gu) ?? []).map((w) => w.replace(/['’]s$/u, ''));
  const table = phraseTable(synonyms);
  const out: string[] = [];
  for (let i = 0; i < words.length; ) {
    const hit = table.find((p) => p.words.every((w, k) => words[i + k] !== undefined && stem(words[i + k]!) === w));
    if (hit) {
      out.push(hit.canonical);
      i += hit.words.length;
      continue;
    }
    const w = words[i]!;
    if (w.length > 2 && !STOP.has(w)) out.push(stem(w));
    i += 1;
  }
  return out;
}

const phraseTables = new WeakMap<SynonymTable, { words: string[]; canonical: string }[]>();
function phraseTable(synonyms: SynonymTable): { words: string[]; canonical: string }[] {
  let table = phraseTables.get(synonyms);
  if (table === undefined) {
    table = synonyms
      .flatMap((group) => {
        const canonical = `~${group[0]!.toLowerCase()}`;
        return group.map((entry) => ({ words: (entry.toLowerCase().match(/\p{L}[\p{L}\p{N}']*/gu) ?? []).map(stem), canonical }));
      })
      .filter((p) => p.words.length > 0)
      // Longest phrase first, so "memorandum of understanding" wins over "memorandum".
      .sort((a, b) => b.words.length - a.words.length);
    phraseTables.set(synonyms, table);
  }
  return table;
}

/** remove/removes/removed/removing → remov; scrapping → scrap; partnerships → partnership. */
export function stem(w: string): string {
  const hit = stems.get(w);
  if (hit !== undefined) return hit;
  // Words repeat across sentences and contentTerms stems each once per synonym phrase: memoised (bounded).
  if (stems.size > 200_000) stems.clear();
  const s = stemUncached(w);
  stems.set(w, s);
  return s;
}
const stems = new Map<string, string>();

function stemUncached(w: string): string {
  let s = w.replace(/(?:ing|ed|es|s)$/u, '');
  if (s.length < 3) return w;
  if (/([bcdfgklmnprtvz])\1$/u.test(s)) s = s.slice(0, -1);
  return s.replace(/e$/u, '') || s;
}

/**
 * What a sentence says about the state of the event it reports: a commitment ("agreed to",
 * "committed to", "pledged"), a decision taken ("decision to scrap", "has removed", "was agreed"),
 * or something still pending ("funds still sought", "being explored", "yet to"). Two reports of one
 * event with different stances disagree: they are linked, not merged.
 */
export type Stance = 'commitment' | 'decision' | 'pending';

const STANCES: readonly { stance: Stance; pattern: RegExp }[] = [
  { stance: 'pending', pattern: /\b(?:still (?:sought|seeking|being|under|awaiting|to be|pending)|yet to|(?:to )?secure funds|seeking (?:funds|funding|financing)|being (?:explored|negotiated|discussed|considered)|actively explored|under (?:discussion|negotiation|consideration|review)|(?:proposed|proposes|considering) to|awaits?|pending)\b/iu },
  { stance: 'decision', pattern: /\b(?:decision to|decided to|agreements? (?:included|includes|covered|covers)|(?:has|have|had) (?:removed|scrapped|abolished|lifted|eliminated|approved|signed|concluded|finali[sz]ed|agreed)\b(?! to)|was agreed|were agreed|approved|finali[sz]ed)/iu },
  { stance: 'commitment', pattern: /\b(?:agreed to|agreement to|committed to|commitment to|commits? to|pledged? to|pledged|promised? to|vowed? to|undertook to|undertakes? to)\b/iu },
];

export function stanceOf(text: string): { stance: Stance; phrase: string } | undefined {
  let best: { stance: Stance; phrase: string; index: number } | undefined;
  for (const { stance, pattern } of STANCES) {
    const m = pattern.exec(text);
    if (m && (best === undefined || m.index < best.index)) {
      // "decision to" reads better with its verb: "decision to scrap".
      const verb = /\bto$/iu.test(m[0]) ? /^\s+\p{L}+/u.exec(text.slice(m.index + m[0].length))?.[0] ?? '' : '';
      best = { stance, phrase: m[0] + verb, index: m.index };
    }
  }
  return best && { stance: best.stance, phrase: best.phrase };
}

/** The words two sentences quote alike: a shared quotation of three words or more is the same claim. */
export function quotations(text: string): string[] {
  return [...text.matchAll(/[“"]([^”"]{8,}?)[”"]/gu)]
    .map((m) => normaliseQuote(m[1]!))
    .filter((q) => q.split(' ').length >= 3);
}
const normaliseQuote = (q: string): string => q.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/** Why two candidates are one claim, or one event reported differently. */
export interface PairVerdict {
  kind: 'same' | 'related';
  score: number;
  /** For related pairs: how they differ. */
  differs?: 'stance' | 'amounts' | 'wording';
  /** For a stance difference, each side's own words. */
  phrases?: [string, string];
}

/**
 * The rule for one pair of candidates from different articles (names blanked by the caller):
 * - the same claim when their TF-IDF vectors (normalised terms and entity ids) are close
 *   (SAME_CLAIM_THRESHOLD), they share MIN_SHARED_TERMS terms making MIN_OVERLAP of the shorter,
 *   or they quote the same words of three or more; and neither their amounts nor their stance differ;
 * - the same event told differently (related) when they share an entity other than a country and
 *   RELATED_SHARED_TERMS terms with RELATED_THRESHOLD similarity, or would be the same claim but
 *   for a difference of stance or amounts;
 * - neither, when each names a country the other does not.
 */
export function judgePair(
  a: ClaimCandidate,
  b: ClaimCandidate,
  va: Map<string, number>,
  vb: Map<string, number>,
  sa0: readonly string[],
  sb0: readonly string[],
): PairVerdict | undefined {
  // Claims about different countries are different claims, however alike the words ("China agreed
  // to remove tariffs" is not "Malaysia agreed to remove tariffs").
  const countriesA = a.entities.filter((e) => /^[A-Z]{3}$/.test(e));
  const countriesB = b.entities.filter((e) => /^[A-Z]{3}$/.test(e));
  if (countriesA.some((c) => !countriesB.includes(c)) && countriesB.some((c) => !countriesA.includes(c))) return undefined;
  const ta = new Set(sa0);
  const tb = new Set(sb0);
  let shared = 0;
  for (const t of ta) if (tb.has(t)) shared++;
  const score = cosine(va, vb);
  const quoted = quotations(a.text).some((q) => quotations(b.text).includes(q));
  // The event told in the same words: three terms in a row ("remove tariff non-tariff barrier").
  const phrase = sharedRun(sa0, sb0) >= 3 && shared >= RELATED_SHARED_TERMS && score >= RELATED_THRESHOLD;
  const close =
    quoted ||
    phrase ||
    (shared >= MIN_SHARED_TERMS && shared >= MIN_OVERLAP * Math.min(ta.size, tb.size) && score >= SAME_CLAIM_THRESHOLD);
  const sa = stanceOf(a.text);
  const sb = stanceOf(b.text);
  const stanceDiffers = sa !== undefined && sb !== undefined && sa.stance !== sb.stance;
  const moneyDiffers = a.money.length > 0 && b.money.length > 0 && !a.money.some((m) => b.money.includes(m));
  if (close && !stanceDiffers && !moneyDiffers) return { kind: 'same', score };
  const sharesNamed = a.entities.some((e) => !/^[A-Z]{3}$/.test(e) && b.entities.includes(e));
  const sameEvent = close || (sharesNamed && shared >= RELATED_SHARED_TERMS && score >= RELATED_THRESHOLD);
  if (!sameEvent) return undefined;
  if (stanceDiffers) return { kind: 'related', score, differs: 'stance', phrases: [sa.phrase, sb.phrase] };
  return { kind: 'related', score, differs: moneyDiffers ? 'amounts' : 'wording' };
}

/** The longest run of consecutive terms two term sequences share. */
function sharedRun(a: readonly string[], b: readonly string[]): number {
  let best = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) {
      let k = 0;
      while (a[i + k] !== undefined && a[i + k] === b[j + k]) k++;
      if (k > best) best = k;
    }
  }
  return best;
}

/** Similar enough (with a shared named entity other than a country) to be one event told differently. */
export const RELATED_THRESHOLD = 0.2;
export const RELATED_SHARED_TERMS = 3;

export interface RelatedPair {
  i: number;
  j: number;
  verdict: PairVerdict;
}

/** Groups candidates into claims; returns groups of indices, each sorted, groups in input order. */
export function groupSameClaims(items: readonly ClaimCandidate[], opts: CompareOptions = {}): number[][] {
  return compareClaims(items, opts).groups;
}

/**
 * Groups candidates into claims (single linkage, strongest pairs first, never two sentences of one
 * article in a group) and lists the pairs that report one event differently, across groups.
 */
export function compareClaims(items: readonly ClaimCandidate[], opts: CompareOptions = {}): { groups: number[][]; related: RelatedPair[] } {
  const synonyms = opts.synonyms ?? [];
  const docs = items.map((it) => [...contentTerms(it.text, synonyms), ...it.entities.map((e) => `@${e}`)]);
  const vectors = tfidf(docs);
  const terms = items.map((it) => contentTerms(it.text, synonyms));
  const parent = items.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const articlesOf = new Map<number, Set<string>>(items.map((it, i) => [i, new Set([it.articleId])]));

  const pairs: { i: number; j: number; score: number }[] = [];
  const related: RelatedPair[] = [];
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const a = items[i]!;
      const b = items[j]!;
      if (a.articleId === b.articleId) continue;
      const verdict = judgePair(a, b, vectors[i]!, vectors[j]!, terms[i]!, terms[j]!);
      if (verdict?.kind === 'same') pairs.push({ i, j, score: verdict.score });
      else if (verdict?.kind === 'related') related.push({ i, j, verdict });
    }
  }
  // Strongest pairs first, so a sentence joins its best match before a weaker one.
  pairs.sort((x, y) => y.score - x.score || x.i - y.i || x.j - y.j);
  const blocked = new Set(related.filter((r) => r.verdict.differs !== 'wording').map((r) => `${r.i}:${r.j}`));
  for (const { i, j } of pairs) {
    const ri = find(i);
    const rj = find(j);
    if (ri === rj) continue;
    const ai = articlesOf.get(ri)!;
    const aj = articlesOf.get(rj)!;
    if ([...ai].some((a) => aj.has(a))) continue;
    // Two reports that disagree never end up in one group through a third.
    const membersI = items.map((_, k) => k).filter((k) => find(k) === ri);
    const membersJ = items.map((_, k) => k).filter((k) => find(k) === rj);
    if (membersI.some((x) => membersJ.some((y) => blocked.has(`${Math.min(x, y)}:${Math.max(x, y)}`)))) continue;
    const [keep, gone] = ri < rj ? [ri, rj] : [rj, ri];
    parent[gone] = keep;
    articlesOf.set(keep, new Set([...ai, ...aj]));
  }
  const groups = new Map<number, number[]>();
  items.forEach((_, i) => {
    const r = find(i);
    groups.set(r, [...(groups.get(r) ?? []), i]);
  });
  // A related pair whose two sides ended up in one claim (through stronger pairs) is not a link.
  return { groups: [...groups.values()], related: related.filter((r) => find(r.i) !== find(r.j)) };
}

/** Similarity scores of candidate pairs, for `briefbot ingest --explain` and the tests. */
export function similarity(a: ClaimCandidate, b: ClaimCandidate, all: readonly ClaimCandidate[], opts: CompareOptions = {}): number {
  const docs = all.map((it) => [...contentTerms(it.text, opts.synonyms), ...it.entities.map((e) => `@${e}`)]);
  const vectors = tfidf(docs);
  return cosine(vectors[all.indexOf(a)]!, vectors[all.indexOf(b)]!);
}

function tfidf(docs: string[][]): Map<string, number>[] {
  const df = new Map<string, number>();
  for (const d of docs) for (const t of new Set(d)) df.set(t, (df.get(t) ?? 0) + 1);
  const n = docs.length;
  return docs.map((d) => weighTerms(d, df, n));
}

/**
 * One document's unit TF-IDF vector given the corpus's document frequencies and size (the
 * incremental ingest counts those over the fact base it extends, so rarity stays corpus-wide).
 */
export function weighTerms(d: readonly string[], df: ReadonlyMap<string, number>, n: number): Map<string, number> {
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
}

function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  const [small, large] = a.size < b.size ? [a, b] : [b, a];
  for (const [t, w] of small) dot += w * (large.get(t) ?? 0);
  return dot;
}
