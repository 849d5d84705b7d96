import type { EntityMatcher } from './entities.js';

const QUOTE = /[“"][^”"]{12,}[”"]/u;
const SPEECH_VERBS = 'said|says|noted|stated|added|told|explained|remarked|emphasi[sz]ed|argued|declared|insisted|warned|stressed|observed';
const PRONOUN_ATTRIBUTION = new RegExp(`\\b(?:he|she|they)\\s+(?:${SPEECH_VERBS})\\b|\\b(?:${SPEECH_VERBS})\\s+(?:he|she)\\b`, 'iu');

/**
 * Who is quoted in a sentence. A person named outside the quotation marks is the speaker
 * ("… ,” Ruto said", "said Ts. Mahadhir Aziz"); a pronoun ("he said") resolves to the last person
 * named before it in the article, which the caller tracks. People not in the gazetteer are left
 * unnamed rather than invented.
 */
export function speakerOf(
  sentence: string,
  matcher: EntityMatcher,
  lastPerson: string | undefined,
  previousSpeaker?: string,
): string | undefined {
  // A sentence that is nothing but a quotation continues the previous sentence's speech.
  if (previousSpeaker !== undefined && /^[“"][^”"]+[”"]$/u.test(sentence.trim())) return previousSpeaker;
  const quote = QUOTE.exec(sentence);
  if (!quote) return undefined;
  const outside = sentence.slice(0, quote.index) + ' '.repeat(quote[0].length) + sentence.slice(quote.index + quote[0].length);
  const people = matcher.find(outside).filter((m) => matcher.kindOf(m.entityId) === 'person');
  if (people.length > 0) {
    // The name nearest the closing quote is the one the speech verb attaches to.
    const after = people.find((p) => p.start >= quote.index + quote[0].length);
    return (after ?? people.at(-1))!.entityId;
  }
  if (PRONOUN_ATTRIBUTION.test(outside)) return lastPerson;
  return undefined;
}

/** The last person the text names, for resolving a later "he said". */
export function lastPersonIn(text: string, matcher: EntityMatcher): string | undefined {
  return matcher
    .find(text)
    .filter((m) => matcher.kindOf(m.entityId) === 'person')
    .at(-1)?.entityId;
}
