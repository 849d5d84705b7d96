import { beforeAll, describe, expect, it } from 'vitest';
import type { Corpus } from '../../src/brief/corpus.js';
import { composeBrief } from '../../src/brief/compose.js';
import { mean, scoreQuery, type QueryScore } from './evaluate.js';
import { relevanceCorpus } from './corpus.js';
import { RELEVANCE_QUERIES } from './queries.js';

/**
 * Floors a little below what the tree reaches, so a ranking regression fails the build.
 * Figures (npm run relevance): before issue 10 (main at a4d5e1b) nDCG@10 0.651, recall@5 0.706; now see README.
 */
const FLOOR = { ndcg10: 0.62, recall5: 0.67 } as const;

describe('relevance set', () => {
  let corpus: Corpus;
  let scores: QueryScore[];

  beforeAll(() => {
    corpus = relevanceCorpus();
    scores = RELEVANCE_QUERIES.map((q) => scoreQuery(q, composeBrief(corpus.fb, corpus.searcher, q.query, { limit: 10 })));
    const ndcg = mean(scores.map((s) => s.ndcg10));
    const recall = mean(scores.map((s) => s.recall5));
    const lines = scores.map(
      (s) => `${s.ndcg10.toFixed(2)}  ${s.recall5.toFixed(2)}  ${s.query}${s.missing.length > 0 ? `\n            missing ${s.missing.join('; ')}` : ''}`,
    );
    process.stdout.write(
      `\nnDCG@10 recall@5 query (${scores.length} queries)\n${lines.join('\n')}\n\nmean nDCG@10 ${ndcg.toFixed(3)} · mean recall@5 ${recall.toFixed(3)}\n`,
    );
  }, 120_000);

  it('has at least 30 graded queries, each expecting something on the first screen', () => {
    expect(RELEVANCE_QUERIES.length).toBeGreaterThanOrEqual(30);
    for (const q of RELEVANCE_QUERIES) expect(q.top5.length).toBeGreaterThan(0);
  });

  it('every expected fact exists in the fact base (the set is not stale)', () => {
    // A claim merged into another fact is still there, in that fact's citations.
    const texts = corpus.fb.facts.flatMap((f) => [f.text, ...f.citations.map((c) => c.quote)].map(norm));
    const absent = RELEVANCE_QUERIES.flatMap((q) => [...q.top5, ...(q.top10 ?? [])]).filter(
      (s) => !texts.some((t) => t.includes(norm(s))),
    );
    expect(absent).toEqual([]);
  });

  it('stays above the floors', () => {
    expect(mean(scores.map((s) => s.ndcg10))).toBeGreaterThanOrEqual(FLOOR.ndcg10);
    expect(mean(scores.map((s) => s.recall5))).toBeGreaterThanOrEqual(FLOOR.recall5);
  });
});

function norm(s: string): string {
  return s.toLowerCase().replace(/[“”"]/g, '"').replace(/[‘’]/g, "'").replace(/\s+/g, ' ');
}
