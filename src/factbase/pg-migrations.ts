import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

/**
 * The fact store's schema on PostgreSQL, applied by Kysely's Migrator on open and recorded in its
 * own table (fact_store_migration), so it can share a database and schema with the subscription
 * store without either migrator seeing the other's migrations. Never edit a released migration.
 *
 * Every row carries `changed_version` (the batch that last wrote it) and `deleted` (a tombstone),
 * so a follower asks for rows changed after its version and learns deletions too.
 */
const migrations: Record<string, Migration> = {
  '0400_fact_store': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('fb_versions')
        .addColumn('version', 'bigserial', (c) => c.primaryKey())
        .addColumn('committed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('summary', 'jsonb', (c) => c.notNull())
        .execute();
      const tracked = (name: string) =>
        db.schema
          .createTable(name)
          .addColumn('id', 'text', (c) => c.primaryKey())
          // sha-256 of the row's JSON as written: the write diffs against it without reading bodies.
          .addColumn('hash', 'text', (c) => c.notNull())
          .addColumn('body', 'jsonb', (c) => c.notNull())
          .addColumn('changed_version', 'bigint', (c) => c.notNull().references('fb_versions.version'))
          .addColumn('deleted', 'boolean', (c) => c.notNull().defaultTo(false));
      await tracked('fb_articles').execute();
      await tracked('fb_entities')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        // Gazetteer entries and names the ingest discovered live side by side.
        .addColumn('discovered', 'boolean', (c) => c.notNull().defaultTo(false))
        .execute();
      await tracked('fb_topics').execute();
      await tracked('fb_facts')
        .addColumn('text', 'text', (c) => c.notNull())
        // Set by the database when the fact is first inserted and never in an update's SET list.
        .addColumn('first_seen', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      for (const t of ['fb_articles', 'fb_entities', 'fb_topics', 'fb_facts']) {
        await db.schema.createIndex(`${t}_changed`).on(t).column('changed_version').execute();
      }
      await db.schema
        .createTable('fb_citations')
        .addColumn('fact_id', 'text', (c) => c.notNull().references('fb_facts.id').onDelete('cascade'))
        .addColumn('ord', 'integer', (c) => c.notNull())
        .addColumn('article_id', 'text', (c) => c.notNull().references('fb_articles.id'))
        .addColumn('quote', 'text', (c) => c.notNull())
        .addColumn('start_offset', 'integer', (c) => c.notNull().check(sql`start_offset >= 0`))
        .addColumn('end_offset', 'integer', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('fb_citations_pk', ['fact_id', 'ord'])
        .addCheckConstraint('fb_citations_span', sql`end_offset > start_offset`)
        .execute();
      await db.schema.createIndex('fb_citations_article').on('fb_citations').column('article_id').execute();
      await db.schema
        .createTable('fb_fact_links')
        .addColumn('fact_id', 'text', (c) => c.notNull().references('fb_facts.id').onDelete('cascade'))
        .addColumn('ord', 'integer', (c) => c.notNull())
        .addColumn('related_fact_id', 'text', (c) => c.notNull())
        .addColumn('how', 'text', (c) => c.notNull())
        .addColumn('differs', 'text')
        .addPrimaryKeyConstraint('fb_fact_links_pk', ['fact_id', 'ord'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      for (const t of ['fb_fact_links', 'fb_citations', 'fb_facts', 'fb_topics', 'fb_entities', 'fb_articles', 'fb_versions']) {
        await db.schema.dropTable(t).execute();
      }
    },
  },
};

export const factStoreMigrations: MigrationProvider = { getMigrations: async () => migrations };
export const FACT_STORE_MIGRATION_TABLE = 'fact_store_migration';
