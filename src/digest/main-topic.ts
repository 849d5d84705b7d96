import type { FactBase } from '../factbase/factbase.js';
import type { Fact } from '../factbase/schema.js';

/**
 * A fact's main topic: the one its sentence names first (a sentence says what it is about early:
 * "scrap tariffs on agricultural produce" is about tariffs), then the one it names most (phrases
 * count double, being more specific), then the id. Never "the alphabetically first".
 */
export function mainTopic(fb: FactBase, fact: Fact): string | undefined {
  if (fact.topics.length <= 1) return fact.topics[0];
  const text = fact.text.toLowerCase();
  let best: { id: string; score: number; first: number } | undefined;
  for (const id of fact.topics) {
    const t = fb.topic(id);
    let score = 0;
    let first = Number.POSITIVE_INFINITY;
    const count = (word: string, weight: number): void => {
      const re = new RegExp(`\\b${escapeRegExp(word.toLowerCase()).replace(/\s+/g, '\\s+')}(?:s|es)?\\b`, 'gu');
      for (const m of text.matchAll(re)) {
        score += weight;
        first = Math.min(first, m.index);
      }
    };
    for (const k of t?.keywords ?? []) count(k, 1);
    for (const p of t?.phrases ?? []) count(p, 2);
    const better =
      best === undefined ||
      first < best.first ||
      (first === best.first && (score > best.score || (score === best.score && id < best.id)));
    if (better) best = { id, score, first };
  }
  return best?.id;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
