import type { Fact } from '../factbase/schema.js';

// Subjects that only point back at what the article said before: read alone, they name no one.
const POINTING_WORDS = new Set(['they', 'he', 'she', 'it', 'we', 'this', 'these', 'those', 'both', 'its', 'their', 'his', 'her', 'such']);

/**
 * Whether a fact's sentence leans on the sentences before it for its subject: it opens with a
 * pronoun ("They also signed two memoranda…") or with the phrase its context entity was read from
 * ("The two leaders…", "Both sides…"). Such a sentence is evidence, but a poor headline: shown
 * alone in "where things stand", nobody can tell who did what.
 */
export function leansOnContext(fact: Fact): boolean {
  const text = fact.text.replace(/^[\s“"‘'(]+/u, '');
  const first = /^[\p{L}]+/u.exec(text)?.[0].toLowerCase();
  if (first !== undefined && POINTING_WORDS.has(first)) return true;
  const lower = text.toLowerCase();
  return (fact.context ?? []).some((c) => c.phrase !== undefined && lower.startsWith(c.phrase.toLowerCase()));
}
