import type { Topic } from '../factbase/schema.js';

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Tags text with topics by the keyword and phrase rules in data/topics.yaml: case-insensitive,
 * whole words, simple plurals (tariff/tariffs, economy/economies), any white space inside phrases.
 */
export class TopicTagger {
  private readonly rules: { id: string; pattern: RegExp }[];

  constructor(topics: readonly Topic[]) {
    this.rules = topics
      .map((t) => {
        const terms = [...t.keywords, ...t.phrases].map((k) => escape(k).replace(/\s+/g, '\\s+') + plural(k));
        return terms.length === 0
          ? undefined
          : { id: t.id, pattern: new RegExp(`(?<![\\p{L}\\p{N}])(?:${terms.join('|')})(?![\\p{L}\\p{N}])`, 'iu') };
      })
      .filter((r): r is { id: string; pattern: RegExp } => r !== undefined);
  }

  tag(text: string): string[] {
    return this.rules.filter((r) => r.pattern.test(text)).map((r) => r.id).sort();
  }
}

function plural(word: string): string {
  if (/y$/i.test(word)) return '(?:ies)?';
  if (/(?:s|x|ch|sh)$/i.test(word)) return '(?:es)?';
  return '(?:s|es)?';
}
