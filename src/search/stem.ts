/**
 * A light plural-to-singular stemmer (in the spirit of Harman's "S" stemmer, 1991), applied to
 * the index and to queries alike. Why not Porter: it conflates words a reader keeps apart
 * ("university"/"universe", "policy"/"police", "general"/"generous") and its stems are not words,
 * which would make the corrections we echo back ("tarifs" → "tariff") unreadable. Typo correction
 * already absorbs most other inflection differences.
 */
export function stem(word: string): string {
  const n = word.length;
  if (n <= 3 || /\p{N}/u.test(word)) return word;
  if (word.endsWith('ies') && n > 4 && !/[ae]ies$/.test(word)) return word.slice(0, -3) + 'y';
  if (/(?:sses|xes|ches|shes|zzes)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !/(?:ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}
