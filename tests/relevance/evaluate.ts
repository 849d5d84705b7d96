import type { Brief, BriefFact } from '../../src/brief/model.js';
import type { GradedQuery } from './queries.js';

/** Per query: nDCG@10 (grade 2 for top5 facts, 1 for top10 facts) and recall@5 of the top5 facts. */
export interface QueryScore {
  query: string;
  ndcg10: number;
  recall5: number;
  /** Expected facts not on the screen they belong on, for the report. */
  missing: string[];
}

/**
 * The texts one shown item stands for: the fact itself and any facts shown with it as "also
 * reported" (the same claim or event told by another source is on the screen, in one slot).
 */
export function itemTexts(f: BriefFact): string[] {
  // A merged fact is every report it holds: its other sources' own words are in its citations.
  const own = (x: BriefFact): string[] => [x.text, ...x.citations.map((c) => c.quote)];
  return [...own(f), ...(f.alsoReported ?? []).flatMap(own)];
}

export function scoreQuery(q: GradedQuery, brief: Brief): QueryScore {
  const items = brief.facts.slice(0, 10).map((f) => itemTexts(f).map(normalise));
  const want = [
    ...q.top5.map((s) => ({ s, grade: 2 })),
    ...(q.top10 ?? []).map((s) => ({ s, grade: 1 })),
  ];
  // Rank at which each expected fact appears (each expected fact counts once, at its first slot).
  const rankOf = (s: string): number => items.findIndex((texts) => texts.some((t) => t.includes(normalise(s))));
  const gains = new Array<number>(items.length).fill(0);
  const missing: string[] = [];
  let found5 = 0;
  for (const w of want) {
    const r = rankOf(w.s);
    if (w.grade === 2 && r >= 0 && r < 5) found5 += 1;
    if (r < 0 || (w.grade === 2 && r >= 5)) missing.push(`${w.grade === 2 ? 'top5' : 'top10'}: ${w.s}${r >= 0 ? ` (at ${r + 1})` : ''}`);
    // Facts shown together in one slot each count: the reader sees all of them there.
    if (r >= 0) gains[r] = (gains[r] ?? 0) + w.grade;
  }
  const dcg = gains.reduce((sum, g, i) => sum + g / Math.log2(i + 2), 0);
  const ideal = want
    .map((w) => w.grade)
    .sort((a, b) => b - a)
    .slice(0, 10)
    .reduce((sum, g, i) => sum + g / Math.log2(i + 2), 0);
  return {
    query: q.query,
    ndcg10: ideal === 0 ? 1 : Math.min(1, dcg / ideal),
    recall5: q.top5.length === 0 ? 1 : found5 / q.top5.length,
    missing,
  };
}

function normalise(s: string): string {
  return s.toLowerCase().replace(/[“”"]/g, '"').replace(/[‘’]/g, "'").replace(/\s+/g, ' ');
}

export function mean(xs: readonly number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}
