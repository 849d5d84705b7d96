import type { Fact } from '../factbase/schema.js';

/** Facts let go of between two full collections: ~100 MB of heap at ~1 KB a fact. */
const COLLECT_EVERY_FACTS = 100_000;

/**
 * The worker's side of handing a loaded fact base's facts to the main thread, a JSON slice per
 * message. The main thread builds its own objects from each slice, so past the slice the worker's
 * copy is dead weight: at 1M facts the two copies side by side were most of the 3.5 GB peak.
 * Each fact is let go of once it has been handed over and, when a corpus cache is being written
 * from the same array, written; every COLLECT_EVERY_FACTS the worker runs a full collection
 * (`collect`), since V8 left the freed heap mapped when it was not asked (measured: 715 MB
 * resident two seconds after dropping 700 MB of objects, 130 MB after two collections).
 */
export class Handover {
  private next = 0;
  private saved: number;
  private released = 0;
  private uncollected = 0;
  private facts: (Fact | undefined)[];

  /**
   * `saving`: a cache write reads the same array (see `written`). `retain`: keep every fact (the
   * worker holds the snapshot to apply the store's next changes to).
   */
  constructor(
    facts: Fact[],
    saving: boolean,
    private readonly collect: (() => void) | undefined,
    private readonly retain = false,
  ) {
    this.facts = facts;
    this.saved = saving ? 0 : Number.POSITIVE_INFINITY;
  }

  /** The next `n` facts as JSON, or undefined when all were handed over. */
  take(n: number): string | undefined {
    const end = Math.min(this.facts.length, this.next + n);
    if (end <= this.next) {
      this.release();
      return undefined;
    }
    const json = JSON.stringify(this.facts.slice(this.next, end));
    this.next = end;
    this.release();
    return json;
  }

  /** The cache write has the first `n` facts on disk (Infinity: it ended, or failed). */
  written(n: number): void {
    this.saved = n;
    this.release();
  }

  private release(): void {
    if (this.retain) return;
    const upTo = Math.min(this.next, this.saved, this.facts.length);
    if (upTo <= this.released) return;
    this.facts.fill(undefined, this.released, upTo);
    this.uncollected += upTo - this.released;
    this.released = upTo;
    const all = upTo === this.facts.length;
    if (all) this.facts = [];
    if (this.collect && (this.uncollected >= COLLECT_EVERY_FACTS || (all && this.uncollected > 0))) {
      this.uncollected = 0;
      this.collect();
    }
  }
}
