import { BriefbotError } from '../errors.js';

/**
 * Lets at most `permits` callers hold a pooled connection; the rest wait here, in arrival order,
 * for up to `waitMs`. pg's pool applies its connectionTimeoutMillis to waiting for a busy pool as
 * well as to opening a connection, so with thousands of digest slots each wanting the store at once
 * (10,000 due, pool of 10) calls failed after 5 s of queueing on a store that was merely busy and
 * killed `briefbot digest run`. Behind this gate pg's timeout measures only a real connect, and the
 * wait for a turn has its own, longer bound.
 */
export class PoolGate {
  private active = 0;
  private readonly waiting: { grant: () => void; timer: NodeJS.Timeout }[] = [];

  constructor(
    private readonly permits: number,
    private readonly waitMs: number,
  ) {}

  /** Resolves with a release function (idempotent), or fails with STORE_BUSY after `waitMs`. */
  async acquire(): Promise<() => void> {
    if (this.active < this.permits) {
      this.active++;
      return this.releaser();
    }
    await new Promise<void>((resolve, reject) => {
      const entry = {
        grant: () => {
          clearTimeout(entry.timer);
          resolve();
        },
        timer: setTimeout(() => {
          const i = this.waiting.indexOf(entry);
          if (i >= 0) this.waiting.splice(i, 1);
          reject(new BriefbotError('STORE_BUSY', { waitedMs: this.waitMs, queued: this.waiting.length }));
        }, this.waitMs),
      };
      entry.timer.unref();
      this.waiting.push(entry);
    });
    // The permit was handed over by a release: `active` already counts it.
    return this.releaser();
  }

  /** Callers waiting for a connection now. */
  get queued(): number {
    return this.waiting.length;
  }

  private releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.waiting.shift();
      if (next) next.grant();
      else this.active--;
    };
  }
}
