import type { Intent } from './types.js';

/**
 * Question and filler words: never search terms (a fact rarely says "tell" or "latest"), but
 * some say what the asker wants. "said" and "says" are also stop words for the index; here they
 * still count as asking for quotes.
 */
const INTENT_WORDS: Readonly<Record<string, Intent | null>> = {
  say: 'quote',
  says: 'quote',
  said: 'quote',
  saying: 'quote',
  quote: 'quote',
  quotes: 'quote',
  quoted: 'quote',
  told: 'quote',
  value: 'amount',
  worth: 'amount',
  amount: 'amount',
  much: 'amount',
  many: 'amount',
  when: 'date',
  latest: 'recent',
  recent: 'recent',
  recently: 'recent',
  what: null,
  whats: null,
  did: null,
  does: null,
  do: null,
  about: null,
  tell: null,
  me: null,
  show: null,
  give: null,
  please: null,
  know: null,
  anything: null,
  how: null,
  who: null,
  why: null,
  where: null,
  which: null,
  is: null,
  are: null,
  was: null,
  were: null,
  has: null,
  have: null,
  there: null,
  any: null,
  news: null,
};

/** The intent a question word signals (null for plain filler), or undefined for a word to search. */
export function intentOf(norm: string): Intent | null | undefined {
  return Object.hasOwn(INTENT_WORDS, norm) ? INTENT_WORDS[norm] : undefined;
}
