import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { hasContent, type Digest } from '../digest/model.js';
import { asPostError, type DigestPoster } from '../digest/poster.js';
import type { Logger } from '../logger.js';
import type { Platform, Store, Subscription } from '../store/types.js';
import { ChannelQueue } from './channel-queue.js';
import type { Clock } from './clock.js';
import { slotsBetween } from './slots.js';

/** Frozen defaults in one place. */
export const SCHEDULER_DEFAULTS = {
  /** A slot missed while the bot was down is still posted if it is at most this old. */
  catchUpMs: 6 * 60 * 60 * 1000,
  /** How long a claim stays ours without renewal; renewed before every retry. */
  leaseMs: 10 * 60 * 1000,
  /** Attempts for transient failures before the slot is marked failed. */
  maxAttempts: 5,
  /** Backoff before retry n (1-based): base * 2^(n-1), capped. */
  backoffBaseMs: 2_000,
  backoffMaxMs: 60_000,
  /** 429s honoured per slot before giving up (each waits Retry-After). */
  maxRateLimitWaits: 20,
  /** Retry-After when the platform sent none. */
  defaultRetryAfterMs: 1_000,
  /** Posts in flight at once across channels. */
  concurrency: 64,
} as const;

export type SchedulerOptions = { [K in keyof typeof SCHEDULER_DEFAULTS]: number } & { owner: string };

/** Builds the digest for a subscription from the fact base as it is now. */
export type ComposeDigest = (subscription: Subscription, slot: Date) => Digest;

export interface TickReport {
  due: number;
  sent: number;
  empty: number;
  failed: number;
  skipped: number;
  /** Slots another scheduler holds or finished. */
  claimedElsewhere: number;
}

export interface SchedulerDeps {
  store: Store;
  posters: Partial<Record<Platform, DigestPoster>>;
  compose: ComposeDigest;
  clock: Clock;
  logger: Logger;
  options?: Partial<SchedulerOptions>;
}

type Outcome = 'sent' | 'empty' | 'failed' | 'claimedElsewhere';

/**
 * Finds due digest slots and posts each exactly once. The ledger row for (subscription, slot) is
 * claimed BEFORE anything is posted, so two schedulers on one database, or a restart inside a
 * slot, cannot post the same digest twice; a claim whose holder died is taken over after its
 * lease, so a slot is not lost either. Every slot ends as sent, empty, failed (with the error)
 * or skipped (with the reason) in the ledger.
 */
export class DigestScheduler {
  private readonly opts: SchedulerOptions;
  private readonly queue: ChannelQueue;
  /** Per subscription: the newest slot this process has already dealt with. */
  private readonly cursor = new Map<string, number>();
  private readonly inFlight = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<TickReport> | undefined;

  constructor(private readonly deps: SchedulerDeps) {
    this.opts = {
      ...SCHEDULER_DEFAULTS,
      owner: `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
      ...deps.options,
    };
    this.queue = new ChannelQueue(this.opts.concurrency);
  }

  /** Ticks every `intervalMs` with the injected clock; a tick still running is not started twice. */
  start(intervalMs = 30_000): void {
    const run = () => {
      if (this.ticking) return;
      this.ticking = this.tick()
        .catch((err: unknown) => {
          this.deps.logger.error({ err }, 'digest tick failed');
          return undefined as unknown as TickReport;
        })
        .finally(() => (this.ticking = undefined));
    };
    run();
    this.timer = setInterval(run, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.ticking;
  }

  /** One pass: due slots (including catch-up after downtime) and stale claims; resolves when all are done. */
  async tick(): Promise<TickReport> {
    const { store, clock } = this.deps;
    const now = clock.now();
    const report: TickReport = { due: 0, sent: 0, empty: 0, failed: 0, skipped: 0, claimedElsewhere: 0 };
    const subs = (await store.listSubscriptions({ activeOnly: true })).filter((s) => this.deps.posters[s.platform]);
    await this.initCursors(subs);

    const jobs: Promise<void>[] = [];
    const enqueue = (sub: Subscription, slot: Date) => {
      const key = `${sub.id}@${slot.toISOString()}`;
      if (this.inFlight.has(key)) return;
      this.inFlight.add(key);
      report.due++;
      jobs.push(
        this.queue
          .run(`${sub.platform}:${sub.channelId}`, () => this.runSlot(sub, slot))
          .then((outcome) => void report[outcome]++)
          .finally(() => this.inFlight.delete(key)),
      );
    };

    for (const sub of subs) {
      const from = new Date(this.cursor.get(sub.id)!);
      const due = slotsBetween(sub.schedule, from, now);
      const latest = due.pop();
      if (!latest) continue;
      this.cursor.set(sub.id, latest.getTime());
      for (const old of due) {
        await store.markSkipped(sub.id, old.toISOString(), 'missed while the bot was down; a later slot was due', now);
        report.skipped++;
      }
      if (now.getTime() - latest.getTime() > this.opts.catchUpMs) {
        const hours = Math.round(this.opts.catchUpMs / 3_600_000);
        await store.markSkipped(sub.id, latest.toISOString(), `missed while the bot was down (more than ${hours} h late)`, now);
        report.skipped++;
        this.deps.logger.warn({ subscription: sub.id, slot: latest.toISOString() }, 'digest slot skipped: outside the catch-up window');
        continue;
      }
      enqueue(sub, latest);
    }

    // Claims whose holder died mid-slot: retried here if still inside the catch-up window.
    const byId = new Map(subs.map((s) => [s.id, s]));
    for (const stale of await store.staleClaims(now)) {
      const sub = byId.get(stale.subscriptionId);
      const slot = new Date(stale.slot);
      if (!sub) continue;
      if (now.getTime() - slot.getTime() > this.opts.catchUpMs) {
        const claim = { subscriptionId: sub.id, slot: stale.slot, owner: this.opts.owner, now, leaseMs: this.opts.leaseMs };
        if (await store.claimSlot(claim)) {
          await store.markFailed(claim, 'the process posting it stopped, and the slot is now past the catch-up window', now);
          report.failed++;
        }
        continue;
      }
      enqueue(sub, slot);
    }

    await Promise.all(jobs);
    if (report.due + report.skipped > 0) this.deps.logger.info({ ...report }, 'digest tick');
    return report;
  }

  /**
   * Every active subscription's digest now, off schedule (`briefbot digest run --now`). The slot
   * is the current minute, claimed like any other, so running it twice in one minute posts once.
   */
  async runAllNow(): Promise<TickReport> {
    const now = this.deps.clock.now();
    const slot = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
    const report: TickReport = { due: 0, sent: 0, empty: 0, failed: 0, skipped: 0, claimedElsewhere: 0 };
    const subs = (await this.deps.store.listSubscriptions({ activeOnly: true })).filter((s) => this.deps.posters[s.platform]);
    await Promise.all(
      subs.map((sub) => {
        report.due++;
        return this.queue.run(`${sub.platform}:${sub.channelId}`, () => this.runSlot(sub, slot)).then((o) => void report[o]++);
      }),
    );
    return report;
  }

  private async initCursors(subs: Subscription[]): Promise<void> {
    const unknown = subs.filter((s) => !this.cursor.has(s.id));
    if (unknown.length === 0) return;
    const latest = await this.deps.store.latestSlots(unknown.map((s) => s.id));
    for (const s of unknown) {
      // Slots before the subscription existed were never due; slots in the ledger are dealt with.
      const created = Date.parse(s.createdAt);
      const last = latest.get(s.id);
      this.cursor.set(s.id, Math.max(created, last === undefined ? created : Date.parse(last)));
    }
  }

  private async runSlot(sub: Subscription, slotDate: Date): Promise<Outcome> {
    const { store, clock, logger } = this.deps;
    const slot = slotDate.toISOString();
    const key = { subscriptionId: sub.id, slot, owner: this.opts.owner };
    const claim = () => ({ ...key, now: clock.now(), leaseMs: this.opts.leaseMs });
    if (!(await store.claimSlot(claim()))) return 'claimedElsewhere';
    const log = logger.child({ subscription: sub.id, slot, channel: sub.channelId });

    let digest: Digest;
    try {
      // Re-read: the cutoff may have moved since the listing (another process posted the previous slot).
      const fresh = (await store.getSubscription(sub.id)) ?? sub;
      if (!fresh.active) {
        await store.markFailed(key, 'turned off before it was posted', clock.now());
        return 'failed';
      }
      digest = this.deps.compose(fresh, slotDate);
    } catch (err) {
      log.error({ err }, 'digest could not be composed');
      await store.markFailed(key, `could not compose the digest: ${(err as Error).message}`, clock.now());
      return 'failed';
    }
    if (!hasContent(digest) && !sub.postWhenEmpty) {
      await store.markEmpty(key, { cutoff: digest.cutoff, now: clock.now() });
      return 'empty';
    }

    const poster = this.deps.posters[sub.platform]!;
    let attempts = 0;
    let rateWaits = 0;
    for (;;) {
      try {
        const { messageId } = await poster.post(sub, digest);
        await store.markSent(key, { messageId, cutoff: digest.cutoff, now: clock.now() });
        log.info({ messageId }, 'digest posted');
        return 'sent';
      } catch (e) {
        const err = asPostError(e);
        let waitMs: number;
        if (err.kind === 'permanent') {
          return this.fail(key, err.message, log);
        } else if (err.kind === 'rate-limited') {
          if (++rateWaits > this.opts.maxRateLimitWaits) return this.fail(key, `still rate limited after ${rateWaits - 1} waits`, log);
          waitMs = err.retryAfterMs ?? this.opts.defaultRetryAfterMs;
        } else {
          if (++attempts >= this.opts.maxAttempts) return this.fail(key, `${err.message} (after ${attempts} attempts)`, log);
          waitMs = Math.min(this.opts.backoffMaxMs, this.opts.backoffBaseMs * 2 ** (attempts - 1));
        }
        log.warn({ kind: err.kind, waitMs, error: err.message }, 'digest post failed; retrying');
        await clock.sleep(waitMs);
        if (!(await store.renewClaim(claim()))) {
          // Someone took the slot over (our lease ran out): they post it, we must not.
          log.warn('lost the claim while waiting to retry');
          return 'claimedElsewhere';
        }
      }
    }
  }

  private async fail(key: { subscriptionId: string; slot: string; owner: string }, error: string, log: Logger): Promise<Outcome> {
    log.error({ error }, 'digest failed');
    await this.deps.store.markFailed(key, error, this.deps.clock.now());
    return 'failed';
  }
}
