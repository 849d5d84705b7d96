import { parseDigestCommand } from '../../digest/command.js';
import { parseAlertCommand } from '../../digest/alert-command.js';
import type { Store } from '../../store/types.js';

/**
 * How long a request key is remembered. A signed request is accepted for 5 minutes either side of
 * our clock (request.ts), so any replay arrives within 10 minutes of the original; an hour leaves
 * room for clocks that disagree between replicas.
 */
export const RECEIPT_TTL_MS = 60 * 60 * 1000;
const PRUNE_EVERY_MS = 10 * 60 * 1000;

/** Digest words that change the store (subscribe, off); list, preview, help and mistakes do not. */
export function alertChangesState(rest: string): boolean {
  try {
    const kind = parseAlertCommand(rest).kind;
    return kind === 'subscribe' || kind === 'off';
  } catch {
    return false;
  }
}

export function digestChangesState(rest: string): boolean {
  try {
    const kind = parseDigestCommand(rest).kind;
    return kind === 'subscribe' || kind === 'off';
  } catch {
    return false;
  }
}

/**
 * Runs a state-changing request once across restarts and replicas: the key goes into the store
 * first (one insert wins), then the change runs. A key already there means a replay or a retry,
 * and nothing runs. If the change fails, the key is forgotten so Slack's retry can do it.
 */
export class CommandReceipts {
  private lastPrune = 0;

  constructor(
    private readonly store: Store,
    /** The database's clock in the bot (replicas' own clocks may disagree), a fixed one in tests. */
    private readonly now: () => Date | Promise<Date>,
    private readonly ttlMs = RECEIPT_TTL_MS,
  ) {}

  async once<T>(key: string, run: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
    const now = await this.now();
    if (!(await this.store.recordCommandReceipt(key, now, this.ttlMs))) return { ran: false };
    this.pruneNowAndThen(now);
    try {
      return { ran: true, value: await run() };
    } catch (err) {
      await this.store.releaseCommandReceipt(key).catch(() => undefined);
      throw err;
    }
  }

  private pruneNowAndThen(now: Date): void {
    if (now.getTime() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now.getTime();
    // Not awaited: pruning is housekeeping, never on the answer's path.
    this.store.pruneCommandReceipts(now).catch(() => undefined);
  }
}
