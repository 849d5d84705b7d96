import type { Paragraph, Segment } from './paragraphs.js';

/** A sentence located in the body: the first and last body offsets it spans. */
export interface Sentence {
  /** The sentence as one clean line (wrapped breaks become single spaces). */
  text: string;
  start: number;
  end: number;
  /** Set for a bullet item: the sentence that introduced the list. */
  leadIn?: string;
}

/** Words that end in a full stop without ending a sentence. Compared case-sensitively. */
const ABBREVIATIONS = new Set(
  (
    'Mr Mrs Ms Dr Prof Sr Jr St Mt Ts Ir Gen Lt Col Capt Sgt Cmdr Adm Sen Rep Gov Pres Hon Rev Amb Dato Datuk ' +
    'Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun ' +
    'Inc Ltd Co Corp Bros Dept Univ Assn No Nos Vol vs etc approx est fig al cf e.g i.e a.m p.m U.S U.K U.N E.U'
  ).split(' '),
);

const CLOSERS = new Set(['"', '”', '’', "'", ')', ']']);
const OPENING_QUOTES = new Set(['“', '"']);

/**
 * Splits paragraphs into sentences. A sentence ends at . ! or ? (plus any closing quotes or
 * brackets) followed by white space and an upper-case letter, digit or opening quote — unless the
 * word before the stop is an abbreviation or an initial (U.S., Dr., Ts., J.), or the stop is inside
 * a quotation that has not closed yet (a quoted speech of several sentences stays with its
 * attribution). Decimals never end a sentence: no white space follows their stop.
 */
export function sentencesOf(paragraph: Paragraph): Sentence[] {
  const { text, map } = join(paragraph.segments);
  const out: Sentence[] = [];
  let from = 0;
  let inCurly = 0;
  let inStraight = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '“') inCurly++;
    else if (ch === '”') inCurly = Math.max(0, inCurly - 1);
    else if (ch === '"') inStraight = !inStraight;
    if (ch !== '.' && ch !== '!' && ch !== '?') continue;
    let j = i + 1;
    while (j < text.length && CLOSERS.has(text[j]!)) {
      if (text[j] === '”') inCurly = Math.max(0, inCurly - 1);
      if (text[j] === '"') inStraight = !inStraight;
      j++;
    }
    if (inCurly > 0 || inStraight) {
      i = j - 1;
      continue;
    }
    if (j < text.length && !/\s/u.test(text[j]!)) continue;
    const next = /\S/u.exec(text.slice(j));
    const nextChar = next?.[0];
    if (nextChar !== undefined && !/[\p{Lu}\p{N}]/u.test(nextChar) && !OPENING_QUOTES.has(nextChar)) continue;
    if (ch === '.' && isAbbreviation(text, i)) continue;
    push(out, text, map, from, j, paragraph);
    from = j;
    i = j - 1;
  }
  push(out, text, map, from, text.length, paragraph);
  return out;
}

function isAbbreviation(text: string, stop: number): boolean {
  const word = /([\p{L}.]+)$/u.exec(text.slice(Math.max(0, stop - 12), stop))?.[1] ?? '';
  if (word === '') return false;
  if (ABBREVIATIONS.has(word) || ABBREVIATIONS.has(word.replace(/\.$/, ''))) return true;
  // Initials: "J." in "J. Smith", "U.S." style runs of single letters.
  return /^(?:\p{Lu}\.)*\p{Lu}$/u.test(word);
}

function push(out: Sentence[], text: string, map: number[], from: number, to: number, p: Paragraph): void {
  const raw = text.slice(from, to);
  const lead = raw.length - raw.trimStart().length;
  const trimmed = raw.trim();
  if (trimmed === '') return;
  const s = from + lead;
  const e = s + trimmed.length;
  const sentence: Sentence = { text: trimmed.replace(/\s+/gu, ' '), start: map[s]!, end: map[e - 1]! + 1 };
  if (p.leadIn !== undefined) sentence.leadIn = p.leadIn;
  out.push(sentence);
}

/** Joins segments with a space; map[i] is the body offset of joined character i. */
function join(segments: Segment[]): { text: string; map: number[] } {
  let text = '';
  const map: number[] = [];
  segments.forEach((seg, k) => {
    if (k > 0) {
      text += ' ';
      map.push(seg.start - 1);
    }
    for (let i = 0; i < seg.text.length; i++) map.push(seg.start + i);
    text += seg.text;
  });
  return { text, map };
}
