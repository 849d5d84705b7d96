import type { Generated } from 'kysely';

/**
 * Row shapes as both engines store them. Instants are ISO 8601 UTC text and flags are 0/1
 * integers in both, so one query layer reads the same values from SQLite and PostgreSQL and ISO
 * text still sorts in time order.
 */
export interface SubscriptionsTable {
  id: string;
  platform: string;
  team_id: string;
  channel_id: string;
  created_by: string;
  query: string;
  schedule_kind: string;
  schedule_time: string;
  time_zone: string;
  post_when_empty: number;
  created_at: string;
  last_digest_at: string | null;
  last_posted_at: string | null;
  active: number;
  /** The first slot not yet dealt with, ISO; '' until the scheduler first computes it. */
  next_run_at: string;
}

export interface DigestLedgerTable {
  subscription_id: string;
  slot: string;
  status: string;
  owner: string | null;
  lease_until: string | null;
  attempts: Generated<number>;
  message_id: string | null;
  detail: string | null;
  updated_at: string;
  /** When the latest post attempt for this slot was sent (null: none yet). */
  last_attempt_at?: string | null;
}

export interface ConversationRefsTable {
  platform: string;
  conversation_id: string;
  payload: string;
  updated_at: string;
}

export interface CommandReceiptsTable {
  key: string;
  created_at: string;
  expires_at: string;
}

/** A followed feed (issue 11). Counts are integers added to by each poll. */
export interface SourcesTable {
  id: string;
  url: string;
  name: string;
  added_by: string;
  added_at: string;
  etag: string | null;
  last_modified: string | null;
  last_poll_at: string | null;
  /** ISO; '' = due at once (sorts before every instant). */
  next_poll_at: string;
  last_error: string | null;
  consecutive_errors: number;
  entries_seen: number;
  articles_added: number;
  errors_total: number;
}

export interface FeedEntriesTable {
  source_id: string;
  canonical_url: string;
  guid: string | null;
  content_hash: string;
  status: string;
  article_id: string | null;
  detail: string | null;
  seen_at: string;
}

export interface Tables {
  sources: SourcesTable;
  feed_entries: FeedEntriesTable;
  subscriptions: SubscriptionsTable;
  digest_ledger: DigestLedgerTable;
  conversation_refs: ConversationRefsTable;
  command_receipts: CommandReceiptsTable;
}
