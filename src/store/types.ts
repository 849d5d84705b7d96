/**
 * What the bot keeps between restarts: digest subscriptions, the digest ledger (one row per
 * subscription and slot, the key that makes posting exactly-once), and Teams conversation
 * references for proactive sends. One interface, implemented once over SQLite and PostgreSQL.
 */

export type Platform = 'slack' | 'teams';
export type ScheduleKind = 'daily' | 'weekdays';

export interface Schedule {
  kind: ScheduleKind;
  /** HH:MM, 24-hour, in `timeZone`. */
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

export type LedgerStatus = 'claimed' | 'sent' | 'empty' | 'failed' | 'skipped';

export interface LedgerEntry {
  subscriptionId: string;
  /** The scheduled instant (ISO 8601 UTC) this entry is for. */
  slot: string;
  status: LedgerStatus;
  /** Which scheduler process holds or held the claim. */
  owner: string | null;
  /** A claim older than this may be taken over (its holder is presumed dead). */
  leaseUntil: string | null;
  attempts: number;
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

export interface Store {
  readonly engine: 'sqlite' | 'postgres';

  addSubscription(sub: NewSubscription, now: Date): Promise<Subscription>;
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

  putConversationRef(platform: Platform, conversationId: string, payload: unknown, now: Date): Promise<void>;
  getConversationRef(platform: Platform, conversationId: string): Promise<ConversationRef | undefined>;
  deleteConversationRef(platform: Platform, conversationId: string): Promise<void>;

  close(): Promise<void>;
}
