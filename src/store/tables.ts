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

export interface Tables {
  subscriptions: SubscriptionsTable;
  digest_ledger: DigestLedgerTable;
  conversation_refs: ConversationRefsTable;
  command_receipts: CommandReceiptsTable;
}
