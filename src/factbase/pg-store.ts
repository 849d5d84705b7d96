import { createHash } from 'node:crypto';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import { BriefbotError, isBriefbotError } from '../errors.js';
import type { Logger } from '../logger.js';
import {
  FactBaseChangesSchema,
  type FactBaseChanges,
  type FactStore,
  type FactStoreDescriptor,
  type FactSink,
  type FactStoreSnapshot,
  type FactStoreWriteOptions,
} from './fact-store.js';
import { factValidator, validateFactBase } from './load.js';
import { currentVersion, factsWhere, SinkFailed, streamSnapshot, type Tracked } from './pg-read.js';
import { FACT_STORE_MIGRATION_TABLE, factStoreMigrations } from './pg-migrations.js';
import { factCollector } from './streamed-load.js';
import type { Fact, FactBaseData } from './schema.js';

export const PG_FACT_STORE_DEFAULTS = {
  connectMs: 5_000,
  /** A write of 100k facts is one transaction of a few large statements: give it room. */
  statementMs: 120_000,
  /** Rows per INSERT … SELECT FROM unnest(…) statement. */
  batchRows: 2_000,
  /** LISTEN connection lost: first retry after this, doubling up to reconnectMaxMs. */
  reconnectMs: 500,
  reconnectMaxMs: 30_000,
  /**
   * Facts per read batch (keyset by id, inside the read's one snapshot): at 1M facts one result
   * of every row, and `any($1)` over a million ids, would be held whole in the client.
   */
  readBatch: 5_000,
  /** Rows written (upserted or tombstoned, all tables) from which a write analyzes the tables before it commits. */
  analyzeRows: 10_000,
} as const;

type Options = { logger?: Logger; max?: number; readBatch?: number; analyzeRows?: number };

/**
 * The fact base in PostgreSQL. A write diffs `next` against the stored rows (by a hash per row),
 * writes only what changed in one transaction under an advisory lock (two writers never
 * interleave), records a new version and NOTIFYs followers on commit. Readers read in one
 * REPEATABLE READ snapshot, so they see one version whole.
 */
export class PostgresFactStore implements FactStore {
  readonly kind = 'postgres';
  readonly location: string;

  private constructor(
    readonly descriptor: Extract<FactStoreDescriptor, { kind: 'postgres' }>,
    private readonly pool: pg.Pool,
    private readonly connection: pg.ClientConfig,
    private readonly schema: string,
    private readonly logger: Logger | undefined,
    private readonly tuning: { readBatch: number; analyzeRows: number },
  ) {
    this.location = describeLocation(descriptor);
  }

  static async open(descriptor: Extract<FactStoreDescriptor, { kind: 'postgres' }>, options: Options = {}): Promise<PostgresFactStore> {
    const connection: pg.ClientConfig = {
      connectionString: descriptor.url,
      application_name: 'briefbot-facts',
      connectionTimeoutMillis: PG_FACT_STORE_DEFAULTS.connectMs,
      statement_timeout: PG_FACT_STORE_DEFAULTS.statementMs,
      keepAlive: true,
      ...(descriptor.schema !== undefined ? { options: `-c search_path=${descriptor.schema}` } : {}),
    };
    const location = describeLocation(descriptor);
    if (descriptor.schema !== undefined) {
      await withClient({ ...connection, options: undefined }, (c) => c.query(`create schema if not exists ${descriptor.schema}`), location);
    }
    const pool = new pg.Pool({ ...connection, max: options.max ?? 4 });
    // A pooled connection the server ended must not kill the process; the pool reconnects.
    pool.on('error', (err) => options.logger?.warn({ reason: err.message }, 'fact store: a pooled PostgreSQL connection failed'));
    try {
      const { rows } = await pool.query<{ s: string }>('select current_schema() as s');
      const schema = rows[0]?.s ?? 'public';
      const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
      const migrator = new Migrator({
        db,
        provider: factStoreMigrations,
        migrationTableName: FACT_STORE_MIGRATION_TABLE,
        migrationLockTableName: `${FACT_STORE_MIGRATION_TABLE}_lock`,
        migrationTableSchema: schema,
      });
      const { error, results } = await migrator.migrateToLatest();
      if (error) {
        const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? '(before any migration)';
        throw new BriefbotError('STORE_MIGRATION_FAILED', { engine: 'postgres fact store', migration: failed, reason: error instanceof Error ? error.message : String(error) });
      }
      return new PostgresFactStore(descriptor, pool, connection, schema, options.logger, {
        readBatch: options.readBatch ?? PG_FACT_STORE_DEFAULTS.readBatch,
        analyzeRows: options.analyzeRows ?? PG_FACT_STORE_DEFAULTS.analyzeRows,
      });
    } catch (err) {
      await pool.end().catch(() => undefined);
      if (isBriefbotError(err)) throw err;
      throw new BriefbotError('FACTSTORE_UNREACHABLE', { location, reason: (err as Error).message });
    }
  }

  /** The NOTIFY channel: per schema, so stores in other schemas of the same database stay apart. */
  get channel(): string {
    return `briefbot_facts_${this.schema}`.slice(0, 63);
  }

  async version(): Promise<string> {
    const { rows } = await this.pool.query<{ v: string }>('select coalesce(max(version), 0)::text as v from fb_versions');
    return rows[0]!.v;
  }

  async read(): Promise<FactStoreSnapshot> {
    const collected = factCollector();
    const version = await this.stream(collected.sink);
    // A stream that returns has handed on the rest first (streamSnapshot).
    return { version, data: collected.data()! };
  }

  stream(sink: FactSink): Promise<string> {
    return this.snapshot((c) => streamSnapshot(c, this.location, this.tuning.readBatch, sink));
  }

  async changesSince(version: string, maxFacts = Number.POSITIVE_INFINITY): Promise<FactBaseChanges | undefined> {
    if (!/^\d+$/.test(version)) return undefined;
    return this.snapshot(async (c) => {
      const to = await currentVersion(c);
      if (BigInt(version) > BigInt(to)) return undefined;
      if (Number.isFinite(maxFacts)) {
        const { rows } = await c.query<{ n: number }>('select count(*)::int as n from fb_facts where changed_version > $1', [version]);
        if (rows[0]!.n > maxFacts) return undefined;
      }
      const since = async (table: Tracked) => {
        const { rows } = await c.query<{ id: string; body: unknown; deleted: boolean }>(`select id, body, deleted from ${table} where changed_version > $1`, [version]);
        return { upsert: rows.filter((r) => !r.deleted).map((r) => r.body), delete: rows.filter((r) => r.deleted).map((r) => r.id) };
      };
      const articles = await since('fb_articles');
      const entities = await since('fb_entities');
      const topics = await since('fb_topics');
      const facts = await factsWhere(c, 'f.changed_version > $1 and not f.deleted', [version], this.tuning.readBatch, factValidator(`${this.location} (changes since ${version})`));
      const gone = await c.query<{ id: string }>('select id from fb_facts where changed_version > $1 and deleted', [version]);
      // The facts were checked one by one as read; the rest (small) is checked here.
      const parsed = FactBaseChangesSchema.safeParse({ from: version, to, articles, entities, topics, facts: { upsert: [], delete: gone.rows.map((r) => r.id) } });
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new BriefbotError('FACTBASE_INVALID', { file: this.location, record: `changes since ${version}`, field: issue.path.join('.'), problem: issue.message });
      }
      return { ...parsed.data, facts: { ...parsed.data.facts, upsert: facts } };
    });
  }

  async write(next: FactBaseData, options: FactStoreWriteOptions = {}): Promise<string> {
    const data = validateFactBase(next, `${this.location} (write)`);
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      // One writer at a time per schema; held until commit or rollback.
      await client.query(`select pg_advisory_xact_lock(hashtext('briefbot.facts.' || current_schema()))`);
      const found = await currentVersion(client);
      if (options.expectedVersion !== undefined && options.expectedVersion !== found) {
        throw new BriefbotError('FACTSTORE_CONFLICT', { location: this.location, expected: options.expectedVersion, found });
      }
      const plan = {
        fb_articles: await diff(client, 'fb_articles', data.articles),
        fb_entities: await diff(client, 'fb_entities', data.entities),
        fb_topics: await diff(client, 'fb_topics', data.topics),
        fb_facts: await diff(client, 'fb_facts', data.facts, withoutFirstSeen),
      };
      const summary = Object.fromEntries(Object.entries(plan).map(([t, p]) => [t, { upserted: p.upsert.length, deleted: p.delete.length }]));
      if (Object.values(plan).every((p) => p.upsert.length === 0 && p.delete.length === 0)) {
        await client.query('rollback');
        return found;
      }
      const { rows } = await client.query<{ v: string }>('insert into fb_versions (summary) values ($1) returning version::text as v', [JSON.stringify(summary)]);
      const version = rows[0]!.v;
      await this.upsertRows(client, 'fb_articles', plan.fb_articles.upsert, version);
      await this.upsertRows(client, 'fb_entities', plan.fb_entities.upsert, version);
      await this.upsertRows(client, 'fb_topics', plan.fb_topics.upsert, version);
      await this.upsertFacts(client, plan.fb_facts.upsert as Fact[], version);
      for (const t of ['fb_facts', 'fb_topics', 'fb_entities', 'fb_articles'] as const) {
        const ids = plan[t].delete;
        if (ids.length === 0) continue;
        if (t === 'fb_facts') {
          await client.query('delete from fb_citations where fact_id = any($1)', [ids]);
          await client.query('delete from fb_fact_links where fact_id = any($1)', [ids]);
        }
        await client.query(`update ${t} set deleted = true, changed_version = $2 where id = any($1)`, [ids, version]);
      }
      await this.analyzeAfter(client, summary);
      // Delivered to listeners when (and only if) the transaction commits.
      await client.query('select pg_notify($1, $2)', [this.channel, version]);
      await client.query('commit');
      this.logger?.info({ version, ...summary }, 'fact store: new version written');
      return version;
    } catch (err) {
      await client.query('rollback').catch(() => undefined);
      if (isBriefbotError(err)) throw err;
      throw new BriefbotError('FACTSTORE_WRITE_FAILED', { location: this.location, reason: (err as Error).message });
    } finally {
      client.release();
    }
  }

  /**
   * Refreshes the planner's statistics after a write of many rows, inside the write: autovacuum
   * (when it is on at all) gets to a table a minute or more later, and until then a follower's
   * read, woken by the commit, is planned on row counts from before it (measured at 1M facts: a
   * scan of every citation for each batch, 141 ms, where the index takes 42 ms). A failure (not the
   * tables' owner) is logged and the write goes on.
   */
  private async analyzeAfter(c: pg.PoolClient, summary: Record<string, { upserted: number; deleted: number }>): Promise<void> {
    const rows = Object.values(summary).reduce((n, t) => n + t.upserted + t.deleted, 0);
    if (rows < this.tuning.analyzeRows) return;
    await c.query('savepoint briefbot_analyze');
    try {
      await c.query('analyze fb_facts, fb_citations, fb_fact_links, fb_articles, fb_entities, fb_topics');
      await c.query('release savepoint briefbot_analyze');
    } catch (err) {
      await c.query('rollback to savepoint briefbot_analyze');
      this.logger?.warn({ reason: (err as Error).message }, 'fact store: could not analyze the tables after a large write; reads plan without fresh statistics');
    }
  }

  watch(onChange: () => void): () => void {
    let stopped = false;
    let client: pg.Client | undefined;
    let delay: number = PG_FACT_STORE_DEFAULTS.reconnectMs;
    let timer: NodeJS.Timeout | undefined;
    const retry = () => {
      if (stopped || timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        void connect();
      }, delay);
      timer.unref();
      delay = Math.min(delay * 2, PG_FACT_STORE_DEFAULTS.reconnectMaxMs);
    };
    const connect = async () => {
      const c = new pg.Client(this.connection);
      client = c;
      const lost = (err?: Error) => {
        if (client !== c) return;
        client = undefined;
        void c.end().catch(() => undefined);
        if (!stopped) {
          this.logger?.warn({ reason: err?.message ?? 'connection ended' }, 'fact store: LISTEN connection lost; reconnecting (polling meanwhile)');
          retry();
        }
      };
      c.on('error', lost);
      c.on('end', () => lost());
      c.on('notification', (n) => {
        if (n.channel === this.channel) onChange();
      });
      try {
        await c.connect();
        await c.query(`listen "${this.channel}"`);
        if (stopped) {
          await c.end();
          return;
        }
        delay = PG_FACT_STORE_DEFAULTS.reconnectMs;
        // Whatever was committed while no one listened.
        onChange();
      } catch (err) {
        lost(err as Error);
      }
    };
    void connect();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = undefined;
      void c?.end().catch(() => undefined);
    };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /** The statements of one read, in one snapshot. */
  private async snapshot<T>(body: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query('begin isolation level repeatable read read only');
      const result = await body(c);
      await c.query('commit');
      return result;
    } catch (err) {
      await c.query('rollback').catch(() => undefined);
      if (isBriefbotError(err)) throw err;
      if (err instanceof SinkFailed) throw err.reason;
      throw new BriefbotError('FACTSTORE_UNREACHABLE', { location: this.location, reason: (err as Error).message });
    } finally {
      c.release();
    }
  }

  private async upsertRows(c: pg.PoolClient, table: Exclude<Tracked, 'fb_facts'>, rows: { id: string }[], version: string): Promise<void> {
    const extra = table === 'fb_entities';
    for (const batch of chunks(rows, PG_FACT_STORE_DEFAULTS.batchRows)) {
      const cols = [batch.map((r) => r.id), batch.map(rowHash), batch.map((r) => JSON.stringify(r))];
      if (extra) {
        const e = batch as unknown as { kind: string; name: string; discovered?: boolean }[];
        cols.push(
          e.map((x) => x.kind),
          e.map((x) => x.name),
          e.map((x) => String(x.discovered === true)),
        );
      }
      await c.query(
        extra
          ? `insert into fb_entities (id, hash, body, changed_version, deleted, kind, name, discovered)
             select i, h, b::jsonb, $7, false, k, n, d::boolean from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) as u(i, h, b, k, n, d)
             on conflict (id) do update set hash = excluded.hash, body = excluded.body, changed_version = excluded.changed_version, deleted = false,
               kind = excluded.kind, name = excluded.name, discovered = excluded.discovered`
          : `insert into ${table} (id, hash, body, changed_version, deleted)
             select i, h, b::jsonb, $4, false from unnest($1::text[], $2::text[], $3::text[]) as u(i, h, b)
             on conflict (id) do update set hash = excluded.hash, body = excluded.body, changed_version = excluded.changed_version, deleted = false`,
        [...cols, version],
      );
    }
  }

  private async upsertFacts(c: pg.PoolClient, facts: Fact[], version: string): Promise<void> {
    for (const batch of chunks(facts, PG_FACT_STORE_DEFAULTS.batchRows)) {
      const ids = batch.map((f) => f.id);
      const bodies = batch.map((f) => {
        const { citations: _c, related: _r, firstSeen: _s, ...rest } = f;
        return JSON.stringify(rest);
      });
      // first_seen is set once, on insert: the writer's value (the ingest keeps what it knew),
      // never later than the database's clock, and it is not in the update's SET list.
      await c.query(
        `insert into fb_facts (id, hash, text, body, changed_version, deleted, first_seen)
         select i, h, t, b::jsonb, $5, false, least(s, now()) from unnest($1::text[], $2::text[], $3::text[], $4::text[], $6::timestamptz[]) as u(i, h, t, b, s)
         on conflict (id) do update set hash = excluded.hash, text = excluded.text, body = excluded.body, changed_version = excluded.changed_version, deleted = false`,
        [ids, batch.map((f) => rowHash(withoutFirstSeen(f))), batch.map((f) => f.text), bodies, version, batch.map((f) => f.firstSeen)],
      );
      await c.query('delete from fb_citations where fact_id = any($1)', [ids]);
      await c.query('delete from fb_fact_links where fact_id = any($1)', [ids]);
      const cites = batch.flatMap((f) => f.citations.map((x, ord) => ({ f: f.id, ord, ...x })));
      await c.query(
        `insert into fb_citations (fact_id, ord, article_id, quote, start_offset, end_offset, url)
         select * from unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::int[], $6::int[], $7::text[])`,
        [cites.map((x) => x.f), cites.map((x) => x.ord), cites.map((x) => x.articleId), cites.map((x) => x.quote), cites.map((x) => x.start), cites.map((x) => x.end), cites.map((x) => x.url)],
      );
      const links = batch.flatMap((f) => f.related.map((x, ord) => ({ f: f.id, ord, ...x })));
      if (links.length > 0) {
        await c.query(
          `insert into fb_fact_links (fact_id, ord, related_fact_id, how, differs)
           select * from unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[])`,
          [links.map((x) => x.f), links.map((x) => x.ord), links.map((x) => x.factId), links.map((x) => x.how), links.map((x) => x.differs ?? null)],
        );
      }
    }
  }
}

function withoutFirstSeen(f: { id: string }): unknown {
  const { firstSeen: _s, ...rest } = f as Fact;
  return rest;
}

function rowHash(row: unknown): string {
  return createHash('sha256').update(JSON.stringify(row)).digest('base64url');
}

/** What to upsert (new, changed or tombstoned rows) and what to tombstone. */
async function diff<T extends { id: string }>(c: pg.PoolClient, table: Tracked, next: readonly T[], hashOf: (r: T) => unknown = (r) => r) {
  const { rows } = await c.query<{ id: string; hash: string; deleted: boolean }>(`select id, hash, deleted from ${table}`);
  const stored = new Map(rows.map((r) => [r.id, r]));
  const ids = new Set(next.map((r) => r.id));
  const upsert = next.filter((r) => {
    const s = stored.get(r.id);
    return s === undefined || s.deleted || s.hash !== rowHash(hashOf(r));
  });
  const del = rows.filter((r) => !r.deleted && !ids.has(r.id)).map((r) => r.id);
  return { upsert, delete: del };
}

function* chunks<T>(rows: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

async function withClient<T>(config: pg.ClientConfig, body: (c: pg.Client) => Promise<T>, location: string): Promise<T> {
  const c = new pg.Client(config);
  c.on('error', () => undefined);
  try {
    await c.connect();
    return await body(c);
  } catch (err) {
    throw new BriefbotError('FACTSTORE_UNREACHABLE', { location, reason: (err as Error).message });
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** host:port/database (and schema): where, without the user's password. */
export function describeLocation(d: Extract<FactStoreDescriptor, { kind: 'postgres' }>): string {
  try {
    const u = new URL(d.url);
    return `postgres://${u.host}${u.pathname}${d.schema ? ` (schema ${d.schema})` : ''}`;
  } catch {
    return 'postgres (unparsable URL)';
  }
}
