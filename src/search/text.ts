/**
 * Word handling shared by the index and the query, so both sides agree on what a word is:
 * Unicode letters and digits, lower-cased, accents folded, possessive 's dropped.
 */

export interface Token {
  /** As typed (after quote/possessive stripping): used to echo the user's own words back. */
  raw: string;
  /** Lower-cased, accent-folded. */
  norm: string;
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the whole ASCII range, control characters included, is the point.
const ASCII = /^[\x00-\x7f]*$/;
const COMBINING = /\p{M}+/gu;

export function foldCase(s: string): string {
  const lower = s.toLowerCase();
  return ASCII.test(lower) ? lower : lower.normalize('NFKD').replace(COMBINING, '');
}

/** Splits text into words; "Kenya's" → "Kenya", "non-tariff" → "non", "tariff". */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(WORD)) {
    const raw = m[0].replace(/['’]s$/iu, '').replace(/['’]/gu, '');
    if (raw === '') continue;
    const norm = foldCase(raw);
    if (norm !== '') out.push({ raw, norm });
  }
  return out;
}

/** Same words as tokenize, norm only: the index's hot path, so no Token objects. */
export function normWords(text: string): string[] {
  const out: string[] = [];
  const folded = foldCase(text);
  for (const m of folded.matchAll(WORD)) {
    const word = m[0];
    // Most words have no apostrophe: two regex replaces each were a tenth of building an index.
    const w = word.includes("'") || word.includes('’') ? word.replace(/['’]s$/u, '').replace(/['’]/gu, '') : word;
    if (w !== '') out.push(w);
  }
  return out;
}

export function hasDigit(word: string): boolean {
  return /\p{N}/u.test(word);
}

/**
 * Words too common to say anything about a fact. Kept short on purpose: a word missing from this
 * list costs a little ranking precision, a word wrongly on it makes a query unanswerable.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being ' +
    'below between both but by can could did do does doing down during each few for from further had has ' +
    'have having he her here hers herself him himself his how i if in into is it its itself just me more ' +
    'most my myself no nor not now of off on once only or other our ours ourselves out over own same she ' +
    'should so some such than that the their theirs them themselves then there these they this those ' +
    'through to too under until up very was we were what when where which while who whom why will with ' +
    'would you your yours yourself yourselves us said says'
  ).split(' '),
);
