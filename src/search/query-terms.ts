import type { SearchConfig } from './defaults.js';
import { isEnglishWord } from './english.js';
import { intentOf } from './intent.js';
import { osaDistance } from './edit-distance.js';
import { gallop, intersectionCount } from './list-ops.js';
import type { SearchIndex } from './search-index.js';
import { type SupportTable, supportTable } from './support-table.js';
import { stem } from './stem.js';
import { foldCase, hasDigit, normWords, STOP_WORDS, tokenize, type Token } from './text.js';
import type { Correction, Intent, PrefixExpansion } from './types.js';

/** One posting list a query slot reads: docs ascending, their BM25F impacts alongside. */
export interface SlotList {
  docs: Int32Array;
  impacts: Float32Array;
  /** An alternative reading (a completion of a whole word, a less likely correction): counts less. */
  alt: boolean;
}

/** One word or quoted phrase of the query and the lists it stands for. */
export interface TermSlot {
  /** Shown back to the user: the index word, or the phrase as typed. */
  term: string;
  /** As typed, for "unmatched" reports. */
  raw: string;
  lists: SlotList[];
  /** The primary reading is the word itself (not a correction or completion). */
  exact: boolean;
  /** How specific the slot is (inverse document frequency; a phrase adds its words'). */
  weight: number;
  df: number;
}

export interface ReadTerms {
  slots: TermSlot[];
  corrections: Correction[];
  prefixes: PrefixExpansion[];
  /** Words unknown to the fact base even fuzzily (and phrases with such a word). */
  unknown: string[];
  ignored: string[];
  intents: Intent[];
}

/**
 * Free words → index words. A word the index has is taken as is (the last word also as a prefix
 * of longer ones). A word it lacks is, in order: a completion when it is the start of index words
 * ("semicond"); for a real English word, at most a shorter inflection the index has
 * ("avocadoes" → avocado) and otherwise reported, never "corrected" into another word (say → day);
 * for anything else, the nearest index words by edit distance, ranked with the query's context.
 * `context` are the lists of the query's entities: a correction that co-occurs with them wins ties.
 */
export function readTerms(
  index: SearchIndex,
  config: SearchConfig,
  tokens: readonly Token[],
  phrases: readonly string[],
  context: readonly Int32Array[],
): ReadTerms {
  const out: ReadTerms = { slots: [], corrections: [], prefixes: [], unknown: [], ignored: [], intents: [] };
  const n = Math.max(1, index.docFact.length);
  const idf = (df: number): number => Math.log(1 + n / Math.max(1, df));
  const listOf = (id: number, alt: boolean): SlotList => {
    const docs = index.terms.list(id);
    const at = index.terms.offset(id);
    return { docs, impacts: index.terms.weights.subarray(at, at + docs.length), alt };
  };
  const slotOf = (raw: string, term: string, ids: number[], altIds: number[], exact: boolean): TermSlot => {
    const df = index.terms.count(ids[0]!);
    return { term, raw, lists: [...ids.map((id) => listOf(id, false)), ...altIds.map((id) => listOf(id, true))], exact, weight: idf(df), df };
  };
  const add = (slot: TermSlot): boolean => {
    if (out.slots.some((s) => s.term === slot.term)) return false;
    out.slots.push(slot);
    return true;
  };
  const words = tokens.filter((t) => {
    const intent = intentOf(t.norm);
    if (intent === undefined && !STOP_WORDS.has(t.norm)) return true;
    if (!out.ignored.includes(t.raw)) out.ignored.push(t.raw);
    if (intent && !out.intents.includes(intent)) out.intents.push(intent);
    return false;
  });
  // Context for ranking corrections: the names' lists, the whole words' lists, and each typo's
  // own nearest readings (so two misspelt words pick the readings that occur together).
  const exactLists: Int32Array[][] = [...context.map((c) => [c])];
  const isTypo = (t: Token): boolean => {
    const word = stem(t.norm);
    return (index.terms.id(word) === undefined || misreadStem(index, config, t)) && !hasDigit(word) && word.length >= config.minCorrectableLength && !isEnglishWord(t.norm);
  };
  words.forEach((t) => {
    const id = index.terms.id(stem(t.norm));
    if (id !== undefined) exactLists.push([index.terms.list(id)]);
  });
  const typoCandidates = new Map<Token, number[]>();
  for (const t of words) if (isTypo(t)) typoCandidates.set(t, candidatesOf(index, config, stem(t.norm)));
  // Every group any typo is ranked against, counted once: a typo's groups are these less its own,
  // and each doc of one of its candidates is in its own group, so its support is the count less one.
  // Counted on first use: a word read as a prefix ("semicond") never ranks its typo readings.
  let counted: SupportTable | undefined;
  const table = (): SupportTable | undefined => {
    if (counted !== undefined || ![...typoCandidates.values()].some((c) => c.length > 0)) return counted;
    counted = supportTable(index.docFact.length);
    const typoGroups = [...typoCandidates.values()].filter((c) => c.length > 0).map((c) => c.map((id) => index.terms.list(id)));
    counted.count([...exactLists, ...typoGroups], SUPPORT_SCAN * 4);
    return counted;
  };

  words.forEach((t, i) => {
    const last = i === words.length - 1;
    const word = stem(t.norm);
    const id = index.terms.id(word);
    if (id !== undefined && misreadStem(index, config, t)) {
      // "leds": no word of its own, only its stem ("led") is; it may as well be a typo of "leads".
      // The stem stays the first reading, the nearest words in context come as alternatives.
      const groups = [...exactLists];
      for (const [other, cands] of typoCandidates) if (other !== t && cands.length > 0) groups.push(cands.map((c) => index.terms.list(c)));
      const near = rankCandidates(index, config, word, typoCandidates.get(t) ?? [], groups, table()).filter((c) => c !== id);
      add(slotOf(t.raw, word, [id], near.slice(0, config.correctionAlternatives - 1), true));
      return;
    }
    if (id !== undefined) {
      // The last word may still be being typed: its completions come too, below the word itself.
      const more = last ? completions(index, config, t.norm).filter((c) => c !== id) : [];
      if (more.length > 0) out.prefixes.push({ from: t.raw, to: shown(index, more) });
      add(slotOf(t.raw, word, [id], more, true));
      return;
    }
    const completed = hasDigit(word) ? [] : completions(index, config, t.norm);
    if (completed.length > 0) {
      out.prefixes.push({ from: t.raw, to: shown(index, completed) });
      add(slotOf(t.raw, index.terms.keys[completed[0]!]!, completed, [], false));
      return;
    }
    if (isEnglishWord(t.norm)) {
      const shorter = inflectionOf(index, word);
      if (shorter !== undefined) {
        const term = index.terms.keys[shorter]!;
        if (add(slotOf(t.raw, term, [shorter], [], false))) out.corrections.push({ from: t.raw, to: term });
      } else if (!out.unknown.includes(t.raw)) out.unknown.push(t.raw);
      return;
    }
    const groups = [...exactLists];
    for (const [other, cands] of typoCandidates) if (other !== t && cands.length > 0) groups.push(cands.map((c) => index.terms.list(c)));
    const near = rankCandidates(index, config, word, typoCandidates.get(t) ?? [], groups, table());
    const best = near[0];
    if (best === undefined) {
      if (!out.unknown.includes(t.raw)) out.unknown.push(t.raw);
      return;
    }
    const term = index.terms.keys[best]!;
    if (add(slotOf(t.raw, term, [best], near.slice(1), false))) out.corrections.push({ from: t.raw, to: term });
  });

  for (const phrase of phrases) {
    const slot = phraseSlot(index, phrase, idf);
    if (slot === undefined) {
      if (!out.unknown.includes(phrase)) out.unknown.push(phrase);
    } else add(slot);
  }
  return out;
}

/** Index words that start with `prefix`, the most used first (bounded: "con" has thousands). */
function completions(index: SearchIndex, config: SearchConfig, prefix: string): number[] {
  if (prefix.length < config.minPrefixLength) return [];
  const keys = index.terms.keys;
  const order = index.termsByKey;
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[order[mid]!]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  const found: number[] = [];
  for (let k = lo; k < order.length && k - lo < config.prefixScanLimit; k++) {
    const id = order[k]!;
    if (!keys[id]!.startsWith(prefix)) break;
    if (keys[id]!.length > prefix.length) found.push(id);
  }
  return found
    .sort((a, b) => index.terms.count(b) - index.terms.count(a) || a - b)
    .slice(0, config.prefixExpansions);
}

/** A shorter index word the English word inflects ("avocadoes" → avocado, "exporting" → export). */
function inflectionOf(index: SearchIndex, word: string): number | undefined {
  for (let len = word.length - 1; len >= Math.max(4, word.length - 3); len--) {
    const id = index.terms.id(word.slice(0, len));
    if (id !== undefined) return id;
  }
  return undefined;
}

/**
 * A typed word that is no word of the fact base, nor of English, whose stem happens to be one
 * ("leds" → led): read as the stem, but also as a typo. Words the fact base holds as typed
 * ("tariffs") and real words are never doubted.
 */
function misreadStem(index: SearchIndex, config: SearchConfig, t: Token): boolean {
  return (
    t.norm.length >= config.minCorrectableLength &&
    !index.surface.has(t.norm) &&
    !hasDigit(t.norm) &&
    index.terms.id(stem(t.norm)) !== undefined &&
    !isEnglishWord(t.norm)
  );
}

/**
 * Index words within the edit budget, more than are kept so context can reorder them: every
 * word within one edit, and as many within two as CANDIDATE_POOL allows. A short typed word
 * gets one edit, unless the word it may stand for is long: "drney" is two edits from "darned",
 * a six-letter word that can take two slips, while "tax" → "tap" stays out.
 */
function candidatesOf(index: SearchIndex, config: SearchConfig, word: string): number[] {
  const keys = index.terms.keys;
  const short = word.length <= config.oneEditMaxLength;
  const max = word.length < config.oneEditMaxLength ? 1 : config.maxEditDistance;
  return index.vocabulary
    .lookup(word, max)
    .filter((m) => m.distance <= 1 || !short || keys[m.index]!.length > config.oneEditMaxLength)
    .slice(0, CANDIDATE_POOL)
    .map((m) => m.index);
}

/** Nearest index words ranked by context per typo: enough that a two-edit reading in context is among them. */
const CANDIDATE_POOL = 48;

/**
 * Best readings first: fewer edits, then support from the rest of the query — the largest share
 * of the query's other parts (names, whole words, the other typos' readings) that one fact holds
 * together with the candidate (a rare word next to "Kenya" beats a frequent one that never is) —
 * a kept first letter, and only then frequency.
 */
function rankCandidates(
  index: SearchIndex,
  config: SearchConfig,
  word: string,
  candidates: readonly number[],
  groups: readonly Int32Array[][],
  table?: SupportTable,
): number[] {
  return candidates
    .map((c) => {
      const list = index.terms.list(c);
      const distance = osaDistance(word, index.terms.keys[c]!, config.maxEditDistance);
      const support = groups.length === 0 ? 0 : bestSupport(list, groups, table) / groups.length;
      const firstLetter = index.terms.keys[c]![0] === word[0] ? 0 : 0.25;
      return { index: c, rank: distance + firstLetter - 0.9 * support, df: list.length };
    })
    .sort((a, b) => a.rank - b.rank || b.df - a.df || a.index - b.index)
    .slice(0, config.correctionAlternatives)
    .map((m) => m.index);
}

/** The most groups any one doc of `list` is in (a group counts when one of its lists holds the doc). Bounded work. */
function bestSupport(list: Int32Array, groups: readonly Int32Array[][], table?: SupportTable): number {
  // The table counts the candidate's own group too (see readTerms): one less.
  if (table !== undefined && list.length <= SUPPORT_SCAN) return Math.max(0, table.best(list, groups.length + 1) - 1);
  if (list.length > SUPPORT_SCAN) {
    // A very common word: walk the smallest group's docs instead (another typo's readings, a
    // rare name), which every doc holding that group with the word is among. Merely meeting each
    // group somewhere is not support: a frequent word meets everything, and won every tie.
    const sizes = groups.map((g) => g.reduce((n, l) => n + l.length, 0));
    const smallest = sizes.indexOf(Math.min(...sizes));
    if (smallest < 0 || sizes[smallest]! > SUPPORT_SCAN) {
      return groups.filter((g) => g.some((l) => intersectionCount(list, l, 1) > 0)).length > 0 ? 1 : 0;
    }
    if (table !== undefined) return Math.max(0, table.bestWithin(list, groups[smallest]!, groups.length + 1) - 1);
    let best = 0;
    const others = groups.filter((_, i) => i !== smallest);
    for (const l of groups[smallest]!) {
      let from = 0;
      for (let k = 0; k < l.length && best < groups.length; k++) {
        const doc = l[k]!;
        from = gallop(list, doc, from);
        if (list[from] !== doc) continue;
        let got = 1;
        others.forEach((g) => {
          if (g.some((o) => o[gallop(o, doc, 0)] === doc)) got++;
        });
        best = Math.max(best, got);
      }
    }
    return best;
  }
  let best = 0;
  const cursors = groups.map((g) => g.map(() => 0));
  for (let k = 0; k < list.length && best < groups.length; k++) {
    const doc = list[k]!;
    let got = 0;
    groups.forEach((g, gi) => {
      let hit = false;
      g.forEach((l, li) => {
        const at = gallop(l, doc, cursors[gi]![li]!);
        cursors[gi]![li] = at;
        if (l[at] === doc) hit = true;
      });
      if (hit) got++;
    });
    best = Math.max(best, got);
  }
  return best;
}

const SUPPORT_SCAN = 5000;

/** Prefix expansions as shown back: the first few (the slot itself uses them all). */
function shown(index: SearchIndex, ids: readonly number[]): string[] {
  return ids.slice(0, 5).map((id) => index.terms.keys[id]!);
}

/** A quoted phrase: facts that have all its words, in this order (stop words between them allowed to differ). */
function phraseSlot(index: SearchIndex, phrase: string, idf: (df: number) => number): TermSlot | undefined {
  const ids: number[] = [];
  for (const t of tokenize(phrase)) {
    if (STOP_WORDS.has(t.norm)) continue;
    const id = index.terms.id(stem(t.norm));
    if (id === undefined) return undefined;
    ids.push(id);
  }
  if (ids.length === 0) return undefined;
  const lists = ids.map((id) => ({ id, docs: index.terms.list(id), at: index.terms.offset(id) }));
  const rarest = [...lists].sort((a, b) => a.docs.length - b.docs.length)[0]!;
  const docs: number[] = [];
  const impacts: number[] = [];
  const cursor = lists.map(() => 0);
  for (let k = 0; k < rarest.docs.length; k++) {
    const doc = rarest.docs[k]!;
    let impact = 0;
    let all = true;
    for (let l = 0; l < lists.length && all; l++) {
      const list = lists[l]!;
      const at = lowerBound(list.docs, doc, cursor[l]!);
      cursor[l] = at;
      if (list.docs[at] !== doc) all = false;
      else impact += index.terms.weights[list.at + at]!;
    }
    if (all && inOrder(index, doc, ids)) {
      docs.push(doc);
      impacts.push(impact / ids.length);
    }
  }
  const weight = ids.reduce((sum, id) => sum + idf(index.terms.count(id)), 0);
  return {
    term: phrase,
    raw: phrase,
    lists: [{ docs: Int32Array.from(docs), impacts: Float32Array.from(impacts), alt: false }],
    exact: true,
    weight,
    df: docs.length,
  };
}

function inOrder(index: SearchIndex, doc: number, ids: readonly number[]): boolean {
  const text = index.facts[index.docFact[doc]!]!.text;
  if (!mayBeInOrder(index, text, ids)) return false;
  const seq: number[] = [];
  for (const w of normWords(text)) {
    const id = index.surface.get(w);
    if (id !== undefined && id >= 0) seq.push(id);
  }
  outer: for (let s = 0; s + ids.length <= seq.length; s++) {
    for (let k = 0; k < ids.length; k++) if (seq[s + k] !== ids[k]) continue outer;
    return true;
  }
  return false;
}

/**
 * A quick necessary test before tokenizing: every word of the phrase, as a substring of the folded
 * text, in order. A word's stem less its last letter is inside each of its surface forms ("bab" of
 * baby/babies), so a fact that fails cannot hold the phrase. Most facts holding the words out of
 * order fail here with a few indexOf calls, and only the rest pay for tokenizing.
 */
function mayBeInOrder(index: SearchIndex, text: string, ids: readonly number[]): boolean {
  // Most texts have no apostrophe: skip the copy (this runs once per fact holding the phrase's words).
  const lower = foldCase(text);
  const folded = lower.includes("'") || lower.includes('’') ? lower.replace(APOSTROPHES, '') : lower;
  let at = 0;
  for (const id of ids) {
    const key = index.terms.keys[id]!;
    const found = folded.indexOf(key.length > 1 ? key.slice(0, -1) : key, at);
    if (found < 0) return false;
    at = found + 1;
  }
  return true;
}

const APOSTROPHES = /['’]/gu;

export function lowerBound(a: Int32Array, value: number, from = 0): number {
  let lo = from;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
