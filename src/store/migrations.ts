import type { Kysely, Migration, MigrationProvider } from 'kysely';

/**
 * Versioned schema changes, applied in name order by Kysely's Migrator on every start (already
 * applied ones are recorded in kysely_migration). Never edit a released migration: add the next.
 * Only portable DDL here, so SQLite and PostgreSQL get the same schema from the same code.
 */
const migrations: Record<string, Migration> = {
  '0001_subscriptions_ledger_refs': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('subscriptions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('team_id', 'text', (c) => c.notNull())
        .addColumn('channel_id', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('query', 'text', (c) => c.notNull())
        .addColumn('schedule_kind', 'text', (c) => c.notNull())
        .addColumn('schedule_time', 'text', (c) => c.notNull())
        .addColumn('time_zone', 'text', (c) => c.notNull())
        .addColumn('post_when_empty', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_digest_at', 'text')
        .addColumn('last_posted_at', 'text')
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
      await db.schema
        .createIndex('subscriptions_channel')
        .on('subscriptions')
        .columns(['platform', 'channel_id', 'active'])
        .execute();

      await db.schema
        .createTable('digest_ledger')
        .addColumn('subscription_id', 'text', (c) => c.notNull().references('subscriptions.id').onDelete('cascade'))
        .addColumn('slot', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('owner', 'text')
        .addColumn('lease_until', 'text')
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('message_id', 'text')
        .addColumn('detail', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        // The exactly-once key: a slot can be claimed by one scheduler only.
        .addPrimaryKeyConstraint('digest_ledger_pk', ['subscription_id', 'slot'])
        .execute();
      await db.schema.createIndex('digest_ledger_status').on('digest_ledger').columns(['status', 'lease_until']).execute();

      await db.schema
        .createTable('conversation_refs')
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('conversation_id', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('conversation_refs_pk', ['platform', 'conversation_id'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('conversation_refs').execute();
      await db.schema.dropTable('digest_ledger').execute();
      await db.schema.dropTable('subscriptions').execute();
    },
  },
  // Appended for the scheduler at scale and for unknown post outcomes. `next_run_at` is the
  // subscription's cursor: the first slot not yet dealt with ('' = not computed yet, sorts before
  // every instant so new and pre-existing rows are picked up at once); the index makes a tick read
  // only what is due. `last_attempt_at` marks when a post was last sent for a slot, so a slot whose
  // outcome is unknown is looked up from there instead of being re-sent.
  '0200_ledger_unknown_next_run': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('subscriptions').addColumn('next_run_at', 'text', (c) => c.notNull().defaultTo('')).execute();
      await db.schema.createIndex('subscriptions_due').on('subscriptions').columns(['active', 'next_run_at']).execute();
      await db.schema.alterTable('digest_ledger').addColumn('last_attempt_at', 'text').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('digest_ledger').dropColumn('last_attempt_at').execute();
      await db.schema.dropIndex('subscriptions_due').execute();
      await db.schema.alterTable('subscriptions').dropColumn('next_run_at').execute();
    },
  },
  // Slack requests that changed state (digest daily, digest off): a replay of one, after a restart
  // or on another replica, finds its key here and is not run again. Rows expire; see the store.
  '0100_command_receipts': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('command_receipts')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('command_receipts_expires').on('command_receipts').column('expires_at').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('command_receipts').execute();
    },
  },
  // Issue 11: followed feeds and the entries already seen. Dedupe asks by canonical URL (any
  // source), GUID (per source) and content hash (any source): one index each.
  '0300_sources_feed_entries': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('sources')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('url', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('added_by', 'text', (c) => c.notNull())
        .addColumn('added_at', 'text', (c) => c.notNull())
        .addColumn('etag', 'text')
        .addColumn('last_modified', 'text')
        .addColumn('last_poll_at', 'text')
        .addColumn('next_poll_at', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('last_error', 'text')
        .addColumn('consecutive_errors', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('entries_seen', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('articles_added', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('errors_total', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('sources_due').on('sources').column('next_poll_at').execute();
      await db.schema
        .createTable('feed_entries')
        .addColumn('source_id', 'text', (c) => c.notNull().references('sources.id').onDelete('cascade'))
        .addColumn('canonical_url', 'text', (c) => c.notNull())
        .addColumn('guid', 'text')
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('article_id', 'text')
        .addColumn('detail', 'text')
        .addColumn('seen_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('feed_entries_pk', ['source_id', 'canonical_url'])
        .execute();
      await db.schema.createIndex('feed_entries_url').on('feed_entries').column('canonical_url').execute();
      await db.schema.createIndex('feed_entries_guid').on('feed_entries').columns(['source_id', 'guid']).execute();
      await db.schema.createIndex('feed_entries_hash').on('feed_entries').column('content_hash').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('feed_entries').execute();
      await db.schema.dropTable('sources').execute();
    },
  },
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};

export const MIGRATION_NAMES = Object.keys(migrations);
