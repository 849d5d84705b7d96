/**
 * What the bot keeps between restarts: digest subscriptions, the digest ledger (one row per
 * subscription and slot, the key that makes posting exactly-once), and Teams conversation
 * references for proactive sends. One interface, implemented once over SQLite and PostgreSQL.
 */

import type { SourceStore } from './source-types.js';

export type Platform = 'slack' | 'teams';
/**
 * `alert`: not a time of day but "as new facts arrive" — the scheduler claims a slot (the current
 * minute) whenever the fact base has facts newer than the subscription's cutoff, so an alert is a
 * subscription like a digest, posted through the same ledger, at most once a minute.
 */
export type ScheduleKind = 'daily' | 'weekdays' | 'alert';

export interface Schedule {
  kind: ScheduleKind;
  /** HH:MM, 24-hour, in `timeZone` ('' for alerts). */
  time: string;
  /** IANA zone name, e.g. Africa/Nairobi. */
  timeZone: string;
}

export interface NewSubscription {
  platform: Platform;
  /** Slack team id or Teams tenant id. */
  teamId: string;
  /** Slack channel id or Teams conversation id. */
  channelId: string;
  createdBy: string;
  query: string;
  schedule: Schedule;
  postWhenEmpty: boolean;
  /** The firstSeen cutoff the first digest counts "new" from (the fact base's newest firstSeen when subscribing). */
  lastDigestAt: string | null;
}

export interface Subscription extends NewSubscription {
  /** Short and readable (`d7k3mq`) so people can type it in `/brief digest off <id>`. */
  id: string;
  createdAt: string;
  /** When a digest for it was last posted; null until the first one (which opens with a catch-up). */
  lastPostedAt: string | null;
  active: boolean;
}

/**
 * `unknown`: a post was sent but whether it arrived cannot be told (a timeout or reset after the
 * request went out, or the process died between sending and recording) and the platform offers no
 * way to look it up (Teams). It is never re-sent blindly; `digest list` shows it.
 */
export type LedgerStatus = 'claimed' | 'sent' | 'empty' | 'failed' | 'skipped' | 'unknown';

export interface LedgerEntry {
  subscriptionId: string;
  /** The scheduled instant (ISO 8601 UTC) this entry is for. */
  slot: string;
  status: LedgerStatus;
  /** Which scheduler process holds or held the claim. */
  owner: string | null;
  /** A claim older than this may be taken over (its holder is presumed dead). */
  leaseUntil: string | null;
  /** Post attempts made for this slot (claims and take-overs do not count). */
  attempts: number;
  /** When the latest post attempt was sent; null before the first. */
  lastAttemptAt?: string | null;
  /** Platform message id (Slack ts) once sent. */
  messageId: string | null;
  /** Why it failed or was skipped. */
  detail: string | null;
  updatedAt: string;
}

export interface ClaimRequest {
  subscriptionId: string;
  slot: string;
  owner: string;
  now: Date;
  leaseMs: number;
}

/** What the scheduler decides for one due subscription, inside the store's claiming transaction. */
export interface DuePlan {
  /** The slot to claim and post now (ISO), if any. */
  claim?: string;
  /** Older slots recorded as skipped, with why. */
  skipped: { slot: string; reason: string }[];
  /** The subscription's new cursor: its first slot after `now` (ISO). */
  nextRunAt: string;
}

export interface DueRequest {
  /** The database's time (see Store.now), never a process clock. */
  now: Date;
  owner: string;
  leaseMs: number;
  /** Only subscriptions of these platforms (the ones this process can post to). */
  platforms: readonly Platform[];
  /** At most this many subscriptions per call (one transaction). */
  limit: number;
}

export interface DueCursor {
  nextRunAt: string | undefined;
  latestSlot: string | undefined;
}

export interface DueClaim {
  subscription: Subscription;
  slot: string;
  /** False when the slot already had a ledger row (another process holds or finished it). */
  claimed: boolean;
}

/** Caps on active subscriptions, checked in the insert's own transaction. */
export interface SubscriptionCaps {
  perChannel: number;
  /** Per Slack workspace or Teams tenant (the subscription's teamId). */
  perWorkspace: number;
}

/** What a capped insert did: stored it, or found the channel or workspace already at its cap. */
export type CappedAdd = { added: Subscription } | { full: 'channel' | 'workspace'; limit: number };

export interface SubscriptionFilter {
  platform?: Platform;
  teamId?: string;
  channelId?: string;
  /** Default true: only active subscriptions. */
  activeOnly?: boolean;
}

export interface ConversationRef {
  platform: Platform;
  conversationId: string;
  /** The platform's own reference object (botbuilder ConversationReference), stored as JSON. */
  payload: unknown;
  updatedAt: string;
}

/** Sources and feed entries (SourceStore) live in the same database, behind the same guard. */
export interface Store extends SourceStore {
  readonly engine: 'sqlite' | 'postgres';

  addSubscription(sub: NewSubscription, now: Date): Promise<Subscription>;
  /**
   * Stores the subscription only if its channel and workspace are under their caps, counted in
   * the same write transaction as the insert (SQLite BEGIN IMMEDIATE; PostgreSQL advisory locks
   * on the channel and the workspace), so concurrent subscribes on any number of replicas never
   * overshoot a cap.
   */
  addSubscriptionCapped(sub: NewSubscription, now: Date, caps: SubscriptionCaps): Promise<CappedAdd>;
  getSubscription(id: string): Promise<Subscription | undefined>;
  listSubscriptions(filter?: SubscriptionFilter): Promise<Subscription[]>;
  /** How many subscriptions match (for the per-channel and per-workspace caps), without reading them. */
  countSubscriptions(filter?: SubscriptionFilter): Promise<number>;
  /** Turns one subscription off; false when there is no active one with that id in that channel. */
  deactivateSubscription(id: string, where: { platform: Platform; channelId: string }): Promise<boolean>;
  /** Turns every subscription of a channel off; returns how many. */
  deactivateChannel(where: { platform: Platform; channelId: string }): Promise<number>;

  /**
   * Takes the (subscription, slot) claim: inserts it, or takes over a claim whose lease ran out
   * (its holder died mid-slot). True only for the one caller that got it.
   */
  claimSlot(claim: ClaimRequest): Promise<boolean>;
  /** Keeps a held claim alive across retries; false when the caller no longer holds it. */
  renewClaim(claim: ClaimRequest): Promise<boolean>;
  /** Records the post and moves the subscription's cutoff, atomically. */
  markSent(
    key: { subscriptionId: string; slot: string; owner: string },
    outcome: { messageId: string; cutoff: string | null; now: Date },
  ): Promise<void>;
  /** Nothing new to post: recorded, and the cutoff still moves so those facts are not reconsidered. */
  markEmpty(
    key: { subscriptionId: string; slot: string; owner: string },
    outcome: { cutoff: string | null; now: Date },
  ): Promise<void>;
  markFailed(key: { subscriptionId: string; slot: string; owner: string }, error: string, now: Date): Promise<void>;
  /** A slot missed beyond the catch-up window: recorded so it is not silently lost (no-op if the slot has a row). */
  markSkipped(subscriptionId: string, slot: string, reason: string, now: Date): Promise<void>;
  ledger(subscriptionId: string, limit?: number): Promise<LedgerEntry[]>;
  /** The newest ledger slot of each subscription given (subscriptions without rows are absent). */
  latestSlots(subscriptionIds: readonly string[]): Promise<Map<string, string>>;
  /** Claims whose lease ran out, newest first: their holder died; the scheduler retries them. */
  staleClaims(now: Date, limit?: number): Promise<LedgerEntry[]>;
  /** The owners of claims still under lease (the scheduler checks which of them are dead processes on its host). */
  claimHolders(now: Date): Promise<string[]>;
  /** Ends the leases of every claim `owner` holds (its process is known dead): they are stale from now on. Returns how many. */
  expireClaims(owner: string): Promise<number>;

  /**
   * The database's clock: every replica reads the same time from here, so slot times and leases
   * agree across hosts whose clocks differ.
   */
  now(): Promise<Date>;
  /** A bounded-time round trip for /healthz: never waits longer than `timeoutMs`. */
  ping(timeoutMs: number): Promise<{ ok: true; ms: number } | { ok: false; ms: number; error: string }>;
  /**
   * Due subscriptions (their next run at or before `now`), each locked for this caller only
   * (PostgreSQL `FOR UPDATE SKIP LOCKED`; SQLite one writer at a time), planned by `plan` and
   * recorded in one transaction: the claim row, skipped rows and the new `next_run_at` land
   * together or not at all, so a failed write never moves a subscription past a slot.
   * `cursor.nextRunAt` is the stored next run (undefined until first computed); `cursor.latestSlot`
   * the newest ledger slot, given for subscriptions whose next run is not known yet.
   */
  claimDue(request: DueRequest, plan: (subscription: Subscription, cursor: DueCursor) => DuePlan): Promise<DueClaim[]>;
  /** One ledger row. */
  ledgerEntry(subscriptionId: string, slot: string): Promise<LedgerEntry | undefined>;
  /**
   * Records that a post is being sent now (attempts + 1, lease renewed) while the caller still
   * holds the claim; false when it does not (it must then not send).
   */
  beginAttempt(claim: ClaimRequest): Promise<boolean>;
  /** The outcome of a sent post cannot be known: recorded with the reason, never re-sent. */
  markUnknown(key: { subscriptionId: string; slot: string; owner: string }, reason: string, now: Date): Promise<void>;

  putConversationRef(platform: Platform, conversationId: string, payload: unknown, now: Date): Promise<void>;
  getConversationRef(platform: Platform, conversationId: string): Promise<ConversationRef | undefined>;
  deleteConversationRef(platform: Platform, conversationId: string): Promise<void>;

  /**
   * Records that the request with this key (e.g. `slack:T123:trigger:…`) has been run, for
   * `ttlMs`. True for the one caller that recorded it (or found only an expired record); false
   * when a live record exists: the request is a replay or a retry and must not run again.
   */
  recordCommandReceipt(key: string, now: Date, ttlMs: number): Promise<boolean>;
  /** Forgets a receipt, so a retry may run the request after all (it failed before changing anything). */
  releaseCommandReceipt(key: string): Promise<void>;
  /** Deletes expired receipts; returns how many. */
  pruneCommandReceipts(now: Date): Promise<number>;

  close(): Promise<void>;
}
