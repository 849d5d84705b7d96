/**
 * Remembers keys (trigger ids) for a while, so a Slack retry of a request already being answered
 * is acknowledged but not answered twice. Bounded in size and time: old keys fall out.
 */
export class RecentKeys {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ttlMs = 10 * 60 * 1000,
    private readonly maxSize = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when the key was seen within the TTL; otherwise remembers it and returns false. */
  seenBefore(key: string): boolean {
    const t = this.now();
    const at = this.seen.get(key);
    if (at !== undefined && t - at < this.ttlMs) return true;
    this.seen.delete(key);
    this.seen.set(key, t);
    this.evict(t);
    return false;
  }

  get size(): number {
    return this.seen.size;
  }

  private evict(t: number): void {
    // Map iterates in insertion order, so the oldest entries come first.
    for (const [key, at] of this.seen) {
      if (this.seen.size <= this.maxSize && t - at < this.ttlMs) break;
      this.seen.delete(key);
    }
  }
}
