import type { Clock } from '../digest/clock.js';
import { hasContent, type Digest } from '../digest/model.js';
import { asPostError, type DigestPoster, type PostError } from '../digest/poster.js';
import type { Logger } from '../logger.js';
import type { Platform, Store, Subscription } from '../store/types.js';
import { ChannelQueue, Semaphore } from './channel-queue.js';
import { isDeadLocalOwner, processOwner } from './owner.js';
import { planAlert, planDue } from './plan.js';

/** Frozen defaults in one place. */
export const SCHEDULER_DEFAULTS = {
  /** A slot missed while the bot was down is still posted if it is at most this old. */
  catchUpMs: 6 * 60 * 60 * 1000,
  /** How long a claim stays ours without renewal; renewed before every post attempt. */
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
  /** Posts in flight at once across channels (a channel waiting out a Retry-After holds none). */
  concurrency: 64,
  /** Due subscriptions claimed per store transaction. */
  claimBatch: 500,
} as const;

export type SchedulerOptions = { [K in keyof typeof SCHEDULER_DEFAULTS]: number } & {
  owner: string;
  /**
   * Where "now" comes from. `store` (the default): the database's clock, read every tick, so
   * replicas whose clocks differ agree on slots and leases. `clock`: the injected clock alone
   * (tests and benchmarks that move time by hand).
   */
  timeSource: 'store' | 'clock';
};

/** Builds the digest for a subscription from the fact base as it is now. */
export type ComposeDigest = (subscription: Subscription, slot: Date) => Digest;

export interface TickReport {
  due: number;
  sent: number;
  empty: number;
  failed: number;
  skipped: number;
  /** Posted, but whether it arrived cannot be told; recorded as `unknown`, not re-sent. */
  unknown: number;
  /** Slots another scheduler holds or finished. */
  claimedElsewhere: number;
}

/** What /healthz shows about the scheduler. */
export interface SchedulerHealth {
  running: boolean;
  /** Process time of the last tick that finished (ok or not). */
  lastTickAt: string | null;
  lastTickOk: boolean | null;
  lastTickMs: number | null;
  lastError: string | null;
  /** No tick finished for 3 intervals (at least 90 s) while running. */
  stale: boolean;
  /** Slots queued or being posted now. */
  inFlight: number;
}

export interface SchedulerDeps {
  store: Store;
  posters: Partial<Record<Platform, DigestPoster>>;
  compose: ComposeDigest;
  /** The fact base's newest firstSeen: an alert is due only when something is newer than its cutoff. */
  newestFirstSeen?: () => string | null;
  clock: Clock;
  logger: Logger;
  options?: Partial<SchedulerOptions>;
}

type Outcome = 'sent' | 'empty' | 'failed' | 'unknown' | 'claimedElsewhere';
type Key = { subscriptionId: string; slot: string; owner: string };
/**
 * claimed: claimDue recorded our claim. takeover: a stale claim to take over. now: `digest run --now`.
 * retry: our own claim whose slot stopped at a store error (digest run tries it again while it holds the lease).
 */
type Mode = 'claimed' | 'takeover' | 'now' | 'retry';

const emptyReport = (): TickReport => ({ due: 0, sent: 0, empty: 0, failed: 0, skipped: 0, unknown: 0, claimedElsewhere: 0 });

/**
 * Finds due digest slots and posts each exactly once. A subscription's slot is claimed in the
 * ledger (the exactly-once key) in the same transaction that moves its `next_run_at` past the
 * slot, BEFORE anything is posted: two schedulers on one database, or a restart inside a slot,
 * cannot post the same digest twice, and a failed write leaves the slot due. Every post attempt is
 * recorded before it is sent; a slot whose last attempt has no known outcome is looked up on the
 * platform (Slack message metadata) before any re-send, or recorded as `unknown` where there is no
 * lookup (Teams). Every slot ends as sent, empty, failed, skipped or unknown, with its reason.
 */
export class DigestScheduler {
  private readonly opts: SchedulerOptions;
  private readonly channels = new ChannelQueue();
  private readonly posts: Semaphore;
  private readonly inFlight = new Set<string>();
  private readonly running = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private intervalMs = 0;
  private dispatching: Promise<unknown> | undefined;
  /** Database time minus the injected clock's, measured each tick. */
  private offsetMs = 0;
  private last: { at: Date; ok: boolean; ms: number; error: string | null } | undefined;
  /** Slots that stopped at a store error, kept only while runDue can try them again. */
  private unfinished: Map<string, { sub: Subscription; slot: string }> | undefined;

  constructor(private readonly deps: SchedulerDeps) {
    this.opts = {
      ...SCHEDULER_DEFAULTS,
      owner: processOwner(),
      timeSource: 'store',
      ...deps.options,
    };
    this.posts = new Semaphore(this.opts.concurrency);
  }

  /**
   * Ticks every `intervalMs`. A tick claims what is due and queues the posts; it does not wait for
   * them, so a slow channel never delays the next tick or another channel. A tick still claiming
   * is not started twice.
   */
  start(intervalMs = 30_000): void {
    this.intervalMs = intervalMs;
    const run = () => {
      if (this.dispatching) return;
      // Logged and recorded for /healthz inside dispatch; the posts it queued run on their own.
      this.dispatching = this.dispatch()
        .catch(() => undefined)
        .finally(() => (this.dispatching = undefined));
    };
    run();
    this.timer = setInterval(run, intervalMs);
    this.timer.unref();
  }

  /**
   * Stops ticking, waits for the claim pass in progress and, up to `drainMs`, for queued posts.
   * Posts still queued after that keep their claims, which are taken over after their lease.
   */
  async stop(drainMs = 15_000): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.intervalMs = 0;
    await this.dispatching;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all([...this.running]), new Promise((r) => (timer = setTimeout(r, drainMs)))]);
    clearTimeout(timer);
  }

  /**
   * One pass: claim due slots and stale claims, then wait until every post queued by it is done.
   * If the claim pass fails part-way (the store is slow or gone), the posts it already queued are
   * still waited for before the error is thrown: their claims are ours and nothing else posts them.
   */
  async tick(): Promise<TickReport> {
    const report = emptyReport();
    await this.pass(report);
    if (report.due + report.skipped > 0) this.deps.logger.info({ ...report }, 'digest tick');
    return report;
  }

  /**
   * `briefbot digest run`: ticks until a claim pass gets through everything due, up to `attempts`
   * passes with the scheduler's backoff between them, so a store that is slow for a moment makes
   * a pass fail and the next one pick up what is still due, instead of ending the run. One report
   * for all passes (a slot is counted once: a later pass only sees what is still due).
   */
  async runDue(attempts = this.opts.maxAttempts): Promise<TickReport> {
    const report = emptyReport();
    this.unfinished = new Map();
    try {
      for (let attempt = 1; ; attempt++) {
        let failure: unknown;
        try {
          await this.pass(report);
        } catch (err) {
          failure = err;
        }
        // A slot that stopped at a store error (a query timed out under load) is still claimed by
        // us: tried again now rather than left for a takeover after its lease, with the usual
        // lookup first if a post had gone out.
        const left = [...this.unfinished.values()];
        if (failure === undefined && left.length === 0) break;
        if (attempt >= attempts) {
          if (failure !== undefined) throw failure;
          break;
        }
        const waitMs = Math.min(this.opts.backoffMaxMs, this.opts.backoffBaseMs * 2 ** (attempt - 1));
        const reason = failure === undefined ? undefined : failure instanceof Error ? failure.message : String(failure);
        this.deps.logger.warn({ attempt, waitMs, unfinished: left.length, reason }, 'digest run: trying the claim pass and unfinished slots again');
        await this.deps.clock.sleep(waitMs);
        this.unfinished.clear();
        const jobs: Promise<void>[] = [];
        for (const u of left) {
          // Counted once: the earlier attempt's failure is replaced by this one's outcome.
          report.failed--;
          report.due--;
          const job = this.enqueue(u.sub, u.slot, 'retry', report);
          if (job) jobs.push(job);
        }
        await Promise.all(jobs);
      }
    } finally {
      this.unfinished = undefined;
    }
    if (report.due + report.skipped > 0) this.deps.logger.info({ ...report }, 'digest run');
    return report;
  }

  private async pass(report: TickReport): Promise<void> {
    const jobs: Promise<void>[] = [];
    try {
      await this.dispatch(report, jobs);
    } finally {
      await Promise.all(jobs);
    }
  }

  health(): SchedulerHealth {
    const running = this.intervalMs > 0;
    const staleAfter = Math.max(90_000, 3 * this.intervalMs);
    const at = this.last?.at;
    return {
      running,
      lastTickAt: at?.toISOString() ?? null,
      lastTickOk: this.last?.ok ?? null,
      lastTickMs: this.last?.ms ?? null,
      lastError: this.last?.error ?? null,
      // Process time on both sides: only the age matters here.
      stale: running && (at === undefined ? false : Date.now() - at.getTime() > staleAfter),
      inFlight: this.inFlight.size,
    };
  }

  /**
   * Every active subscription's digest now, off schedule (`briefbot digest run --now`). The slot
   * is the current minute, claimed like any other, so running it twice in one minute posts once.
   */
  async runAllNow(): Promise<TickReport> {
    await this.syncTime();
    const now = this.now();
    const slot = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
    const report = emptyReport();
    const subs = (await this.deps.store.listSubscriptions({ activeOnly: true })).filter((s) => this.deps.posters[s.platform]);
    const jobs = subs.map((sub) => this.enqueue(sub, slot.toISOString(), 'now', report)).filter((j) => j !== undefined);
    await Promise.all(jobs);
    return report;
  }

  private now(): Date {
    return new Date(this.deps.clock.now().getTime() + this.offsetMs);
  }

  private async syncTime(): Promise<void> {
    if (this.opts.timeSource === 'clock') return;
    const before = this.deps.clock.now().getTime();
    const db = (await this.deps.store.now()).getTime();
    const after = this.deps.clock.now().getTime();
    this.offsetMs = db - (before + after) / 2;
  }

  /** Claims into `report` and `jobs` (the caller's, so what was queued before a failure is not lost). */
  private async dispatch(report = emptyReport(), jobs: Promise<void>[] = []): Promise<{ report: TickReport; jobs: Promise<void>[] }> {
    const started = performance.now();
    try {
      const out = await this.claimPass(report, jobs);
      this.last = { at: new Date(), ok: true, ms: Math.round(performance.now() - started), error: null };
      return out;
    } catch (err) {
      this.last = { at: new Date(), ok: false, ms: Math.round(performance.now() - started), error: err instanceof Error ? err.message : String(err) };
      this.deps.logger.error({ err }, 'digest tick failed; due slots stay due for the next tick');
      throw err;
    }
  }

  private async claimPass(report: TickReport, jobs: Promise<void>[]): Promise<{ report: TickReport; jobs: Promise<void>[] }> {
    const { store, logger } = this.deps;
    await this.syncTime();
    const now = this.now();
    const platforms = (Object.keys(this.deps.posters) as Platform[]).filter((p) => this.deps.posters[p]);
    const newest = this.deps.newestFirstSeen?.() ?? null;

    for (;;) {
      let examined = 0;
      let skipped = 0;
      const claims = await store.claimDue(
        { now, owner: this.opts.owner, leaseMs: this.opts.leaseMs, platforms, limit: this.opts.claimBatch },
        (sub, cursor) => {
          examined++;
          try {
            const plan = sub.schedule.kind === 'alert' ? planAlert(sub, now, newest) : planDue(sub, cursor, now, this.opts.catchUpMs);
            skipped += plan.skipped.length;
            return plan;
          } catch (err) {
            // A schedule the slot math cannot read: parked for a day instead of re-read every tick.
            logger.error({ err, subscription: sub.id }, 'digest schedule unreadable');
            return { skipped: [], nextRunAt: new Date(now.getTime() + 86_400_000).toISOString() };
          }
        },
      );
      report.skipped += skipped;
      for (const c of claims) {
        if (!c.claimed) {
          report.claimedElsewhere++;
          continue;
        }
        const job = this.enqueue(c.subscription, c.slot, 'claimed', report);
        if (job) jobs.push(job);
      }
      if (examined < this.opts.claimBatch) break;
    }

    // A process on this host that held claims and is gone (kill -9, OOM, a crash): its claims are
    // taken over now, not after their lease; its posts' outcomes are looked up before any re-send.
    for (const holder of await store.claimHolders(now)) {
      if (!isDeadLocalOwner(holder, this.opts.owner)) continue;
      const n = await store.expireClaims(holder);
      logger.warn({ holder, claims: n }, 'digest claims of a process that is gone: taking them over');
    }
    // Claims whose holder died mid-slot (or whose write of the outcome failed): taken over here.
    for (const stale of await store.staleClaims(now, this.opts.claimBatch)) {
      if (this.inFlight.has(`${stale.subscriptionId}@${stale.slot}`)) continue;
      const sub = await store.getSubscription(stale.subscriptionId);
      if (!sub || !this.deps.posters[sub.platform]) continue;
      const job = this.enqueue(sub, stale.slot, 'takeover', report);
      if (job) jobs.push(job);
    }
    return { report, jobs };
  }

  private enqueue(sub: Subscription, slot: string, mode: Mode, report: TickReport): Promise<void> | undefined {
    const key = `${sub.id}@${slot}`;
    if (this.inFlight.has(key)) return undefined;
    this.inFlight.add(key);
    report.due++;
    const job = this.channels
      .run(`${sub.platform}:${sub.channelId}`, () => this.runSlot(sub, slot, mode))
      .then(
        (outcome) => void report[outcome]++,
        (err: unknown) => {
          // A store write failed (after the claim): the claim stays and is taken over after its
          // lease, where the unknown outcome of any post is looked up before anything is re-sent.
          report.failed++;
          this.unfinished?.set(key, { sub, slot });
          this.deps.logger.error({ err, subscription: sub.id, slot }, 'digest slot left unfinished; retried after its lease');
        },
      )
      .finally(() => {
        this.inFlight.delete(key);
        this.running.delete(job);
      });
    this.running.add(job);
    return job;
  }

  private async runSlot(sub: Subscription, slot: string, mode: Mode): Promise<Outcome> {
    const { store, logger } = this.deps;
    const key: Key = { subscriptionId: sub.id, slot, owner: this.opts.owner };
    const claim = () => ({ ...key, now: this.now(), leaseMs: this.opts.leaseMs });
    if (mode === 'retry' ? !(await store.renewClaim(claim())) : mode !== 'claimed' && !(await store.claimSlot(claim()))) return 'claimedElsewhere';
    const log = logger.child({ subscription: sub.id, slot, channel: sub.channelId });
    // A row claimDue just inserted has no attempts, and its subscription was read under the claim's
    // lock; a taken-over or off-schedule slot is read afresh (another process may have posted the
    // previous slot and moved the cutoff, or attempted this one).
    const entry = mode === 'claimed' ? undefined : await store.ledgerEntry(sub.id, slot);
    const poster = this.deps.posters[sub.platform]!;
    const fresh = mode === 'claimed' ? sub : ((await store.getSubscription(sub.id)) ?? sub);
    // A post went out for this slot before and its outcome was never recorded.
    let uncertainSince = entry && entry.attempts > 0 ? (entry.lastAttemptAt ?? null) : undefined;
    if (uncertainSince !== undefined) {
      const settled = await this.settleUncertain(fresh, key, uncertainSince, poster, log);
      if (settled !== 'absent') return settled;
      uncertainSince = undefined;
    }
    if (!fresh.active) {
      await store.markFailed(key, 'turned off before it was posted', this.now());
      return 'failed';
    }
    if (this.now().getTime() - Date.parse(slot) > this.opts.catchUpMs) {
      await store.markFailed(key, 'the process posting it stopped, and the slot is now past the catch-up window', this.now());
      return 'failed';
    }

    let digest: Digest;
    try {
      digest = this.deps.compose(fresh, new Date(slot));
    } catch (err) {
      log.error({ err }, 'digest could not be composed');
      await store.markFailed(key, `could not compose the digest: ${(err as Error).message}`, this.now());
      return 'failed';
    }
    if (!hasContent(digest) && !fresh.postWhenEmpty) {
      await store.markEmpty(key, { cutoff: digest.cutoff, now: this.now() });
      return 'empty';
    }

    let attempts = 0;
    let rateWaits = 0;
    for (;;) {
      // Recorded before sending: if the process dies in the send, the next holder knows to look first.
      const sentAt = this.now();
      if (!(await store.beginAttempt(claim()))) {
        log.warn('lost the claim before posting');
        return 'claimedElsewhere';
      }
      let err: PostError;
      try {
        const { messageId } = await this.posts.run(() => poster.post(fresh, digest));
        await store.markSent(key, { messageId, cutoff: digest.cutoff, now: this.now() });
        log.info({ messageId }, 'digest posted');
        return 'sent';
      } catch (e) {
        err = asPostError(e);
      }
      let waitMs: number;
      if (err.kind === 'permanent') return this.fail(key, err.message, log);
      if (err.kind === 'rate-limited') {
        if (++rateWaits > this.opts.maxRateLimitWaits) return this.fail(key, `still rate limited after ${rateWaits - 1} waits`, log);
        waitMs = err.retryAfterMs ?? this.opts.defaultRetryAfterMs;
      } else {
        if (err.kind === 'unknown' && !poster.findPosted) {
          log.warn({ error: err.message }, 'digest outcome unknown; recorded, not re-sent');
          await store.markUnknown(key, `${err.message}: the platform may have posted it, and it cannot be looked up`, this.now());
          return 'unknown';
        }
        if (++attempts >= this.opts.maxAttempts) {
          if (err.kind !== 'unknown') return this.fail(key, `${err.message} (after ${attempts} attempts)`, log);
          const settled = await this.settleUncertain(fresh, key, sentAt.toISOString(), poster, log);
          return settled === 'absent' ? this.fail(key, `${err.message} (after ${attempts} attempts)`, log) : settled;
        }
        waitMs = Math.min(this.opts.backoffMaxMs, this.opts.backoffBaseMs * 2 ** (attempts - 1));
      }
      log.warn({ kind: err.kind, waitMs, error: err.message }, 'digest post failed; retrying');
      await this.deps.clock.sleep(waitMs);
      if (!(await store.renewClaim(claim()))) {
        // Someone took the slot over (our lease ran out): they post it, we must not.
        log.warn('lost the claim while waiting to retry');
        return 'claimedElsewhere';
      }
      if (err.kind === 'unknown') {
        const settled = await this.settleUncertain(fresh, key, sentAt.toISOString(), poster, log);
        if (settled !== 'absent') return settled;
      }
    }
  }

  /**
   * A post for this slot went out and its outcome is not known. With a platform lookup: found →
   * recorded as sent (nothing re-sent); not there → 'absent' (the caller may post). Without one,
   * or when the lookup cannot answer: recorded as `unknown`, never re-sent.
   */
  private async settleUncertain(
    sub: Subscription,
    key: Key,
    since: string | null,
    poster: DigestPoster,
    log: Logger,
  ): Promise<Outcome | 'absent'> {
    const { store } = this.deps;
    if (!poster.findPosted) {
      await store.markUnknown(key, 'a post was sent but its outcome was never recorded (the process stopped or the connection broke), and this platform cannot be asked', this.now());
      return 'unknown';
    }
    let found: Awaited<ReturnType<NonNullable<DigestPoster['findPosted']>>>;
    for (let attempt = 1; ; attempt++) {
      try {
        found = await this.posts.run(() => poster.findPosted!(sub, key.slot, since));
        break;
      } catch (e) {
        const err = asPostError(e);
        if (err.kind === 'permanent' || attempt >= this.opts.maxAttempts) {
          log.warn({ reason: err.message }, 'could not check whether the digest was posted; recorded as unknown');
          await store.markUnknown(key, `a post was sent but its outcome is unknown, and the check failed (${err.message})`, this.now());
          return 'unknown';
        }
        await this.deps.clock.sleep(err.retryAfterMs ?? Math.min(this.opts.backoffMaxMs, this.opts.backoffBaseMs * 2 ** (attempt - 1)));
        if (!(await store.renewClaim({ ...key, now: this.now(), leaseMs: this.opts.leaseMs }))) return 'claimedElsewhere';
      }
    }
    if (!found) return 'absent';
    log.info({ messageId: found.messageId }, 'digest was already posted; recorded, not re-sent');
    await store.markSent(key, { messageId: found.messageId, cutoff: found.cutoff, now: this.now() });
    return 'sent';
  }

  private async fail(key: Key, error: string, log: Logger): Promise<Outcome> {
    log.error({ error }, 'digest failed');
    await this.deps.store.markFailed(key, error, this.now());
    return 'failed';
  }
}
