/**
 * A cheap check of which language a text is in, by its commonest function words: enough to tell
 * an English page from a French, Spanish, German, Portuguese, Italian, Dutch, Swahili or Malay one
 * when the page does not say, or says wrongly (a CMS template's lang="en" on a French story).
 */
const STOP_WORDS: Record<string, readonly string[]> = {
  en: ['the', 'and', 'of', 'to', 'in', 'is', 'that', 'for', 'on', 'with', 'was', 'as', 'by', 'it', 'said', 'are', 'from', 'at', 'has', 'have', 'this', 'which', 'will', 'its', 'be'],
  fr: ['le', 'la', 'les', 'et', 'des', 'du', 'de', 'un', 'une', 'est', 'que', 'qui', 'dans', 'pour', 'sur', 'au', 'aux', 'par', 'pas', 'avec', 'ont', 'été', 'selon', 'cette', 'ses'],
  es: ['el', 'la', 'los', 'las', 'y', 'de', 'del', 'que', 'en', 'un', 'una', 'es', 'por', 'con', 'para', 'se', 'su', 'sus', 'como', 'al', 'más', 'fue', 'según', 'este', 'ha'],
  de: ['der', 'die', 'das', 'und', 'ist', 'nicht', 'mit', 'von', 'den', 'dem', 'ein', 'eine', 'zu', 'im', 'auf', 'für', 'sich', 'des', 'auch', 'wird', 'hat', 'sind', 'nach', 'bei', 'wurde'],
  pt: ['o', 'a', 'os', 'as', 'e', 'de', 'do', 'da', 'dos', 'das', 'que', 'em', 'um', 'uma', 'para', 'com', 'não', 'por', 'no', 'na', 'foi', 'ao', 'mais', 'segundo', 'são'],
  it: ['il', 'lo', 'la', 'gli', 'le', 'e', 'di', 'del', 'della', 'che', 'un', 'una', 'è', 'per', 'con', 'non', 'sono', 'nel', 'alla', 'anche', 'dei', 'ha', 'secondo', 'questo', 'stato'],
  nl: ['de', 'het', 'een', 'en', 'van', 'is', 'dat', 'op', 'te', 'in', 'voor', 'met', 'zijn', 'niet', 'aan', 'er', 'ook', 'door', 'wordt', 'bij', 'naar', 'heeft', 'om', 'werd', 'deze'],
  sw: ['na', 'wa', 'ya', 'kwa', 'za', 'ni', 'katika', 'la', 'kuwa', 'hiyo', 'wake', 'huo', 'hii', 'pia', 'lakini', 'cha', 'baada', 'ambao', 'alisema', 'zaidi', 'hata', 'hilo', 'yake', 'kama', 'wao'],
  ms: ['dan', 'yang', 'di', 'ini', 'itu', 'dengan', 'untuk', 'dalam', 'pada', 'tidak', 'akan', 'kepada', 'oleh', 'dari', 'telah', 'juga', 'ke', 'bagi', 'adalah', 'kerana', 'mereka', 'ialah', 'beliau', 'antara', 'lebih'],
};

const SETS = Object.fromEntries(Object.entries(STOP_WORDS).map(([k, v]) => [k, new Set(v)]));

export interface LanguageGuess {
  language: string;
  /** Share of the text's words that are the winner's function words. */
  share: number;
  /** How far ahead of the runner-up (0..1): low means "cannot tell". */
  margin: number;
}

/** Undefined when the text is too short or too even to say. */
export function guessLanguage(text: string): LanguageGuess | undefined {
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  if (words.length < 30) return undefined;
  const sample = words.slice(0, 2_000);
  const scores = Object.entries(SETS)
    .map(([language, set]) => ({ language, hits: sample.filter((w) => set.has(w)).length }))
    .sort((a, b) => b.hits - a.hits);
  const [best, second] = [scores[0]!, scores[1]!];
  if (best.hits === 0) return undefined;
  const guess = { language: best.language, share: best.hits / sample.length, margin: (best.hits - second.hits) / best.hits };
  // Function words are a quarter or more of running prose; far less means a list or a table.
  return guess.share >= 0.12 && guess.margin >= 0.3 ? guess : undefined;
}

/** "fr-FR", "fr_FR", "FR" → "fr"; undefined for anything not a language tag. */
export function primaryLanguage(tag: string | undefined | null): string | undefined {
  const m = /^\s*([a-zA-Z]{2,3})(?:[-_][A-Za-z0-9]+)*\s*$/.exec(tag ?? '');
  return m ? m[1]!.toLowerCase() : undefined;
}

const NAMES = new Intl.DisplayNames(['en'], { type: 'language' });

/** "fr" → "French": what a chat reply says. */
export function languageName(tag: string): string {
  try {
    return NAMES.of(tag) ?? tag;
  } catch {
    return tag;
  }
}
