/**
 * Keeps the best `size` (score desc, doc asc) in a binary heap whose root is the worst kept
 * (Fuse keeps its MaxHeap in tools/ the same way). Docs are numbered in importance order, so
 * "doc asc" is the documented tie-break: the more important fact, then the fact id.
 */
export class TopHeap {
  private readonly docs: number[] = [];
  private readonly scores: number[] = [];
  constructor(private readonly size: number) {}

  get full(): boolean {
    return this.docs.length >= this.size;
  }

  /** The worst kept score (only meaningful when full). */
  get worstScore(): number {
    return this.scores[0] ?? -Infinity;
  }

  /** The doc of the worst kept (only meaningful when full). */
  get worstDoc(): number {
    return this.docs[0] ?? -1;
  }

  /** True when a is worse than b. */
  private worse(sa: number, da: number, sb: number, db: number): boolean {
    return sa < sb || (sa === sb && da > db);
  }

  offer(doc: number, score: number): void {
    const { docs, scores } = this;
    if (this.size <= 0) return;
    if (docs.length < this.size) {
      docs.push(doc);
      scores.push(score);
      let i = docs.length - 1;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!this.worse(scores[i]!, docs[i]!, scores[p]!, docs[p]!)) break;
        this.swap(i, p);
        i = p;
      }
      return;
    }
    if (!this.worse(scores[0]!, docs[0]!, score, doc)) return;
    docs[0] = doc;
    scores[0] = score;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let w = i;
      if (l < docs.length && this.worse(scores[l]!, docs[l]!, scores[w]!, docs[w]!)) w = l;
      if (r < docs.length && this.worse(scores[r]!, docs[r]!, scores[w]!, docs[w]!)) w = r;
      if (w === i) break;
      this.swap(i, w);
      i = w;
    }
  }

  sorted(): { doc: number; score: number }[] {
    return this.docs
      .map((doc, i) => ({ doc, score: this.scores[i]! }))
      .sort((a, b) => b.score - a.score || a.doc - b.doc);
  }

  private swap(i: number, j: number): void {
    const d = this.docs[i]!;
    this.docs[i] = this.docs[j]!;
    this.docs[j] = d;
    const s = this.scores[i]!;
    this.scores[i] = this.scores[j]!;
    this.scores[j] = s;
  }
}
