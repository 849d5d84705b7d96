import { readFileSync } from 'node:fs';
import wordListPath from 'word-list';

let words: ReadonlySet<string> | undefined;

/**
 * Is this an English word? From the `word-list` package (MIT, ~274k words, one per line), read
 * once on first use: only queries with a word the fact base does not know pay for it. Search uses
 * it so a real word is never "corrected" into a corpus word (say → day, oil → soil) but reported
 * as not found instead.
 */
export function isEnglishWord(word: string): boolean {
  words ??= new Set(readFileSync(wordListPath, 'utf8').split('\n'));
  return words.has(word);
}
