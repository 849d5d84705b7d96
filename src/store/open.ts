import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Database from 'libsql';
import { Kysely, PostgresDialect, SqliteDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { KyselyStore } from './kysely-store.js';
import { PoolGate } from './pool-gate.js';
import type { Tables } from './tables.js';

export const SQLITE_FILE_NAME = 'briefbot.sqlite';

/** The store the configuration asks for: PostgreSQL at DATABASE_URL, else a SQLite file under VAR_DIR. */
export async function openStore(config: Pick<Config, 'DATABASE_URL' | 'VAR_DIR'>, logger: Logger): Promise<KyselyStore> {
  if (config.DATABASE_URL !== undefined) {
    const store = await openPostgresStore(config.DATABASE_URL, { logger });
    logger.info({ engine: 'postgres' }, 'store opened');
    return store;
  }
  const file = join(config.VAR_DIR, SQLITE_FILE_NAME);
  const store = await openSqliteStore(file, logger);
  logger.info({ engine: 'sqlite', file }, 'store opened');
  return store;
}

/**
 * One connection per SQLite file per process, shared by every store opened on it: the driver is
 * synchronous, so a second connection in the same process waiting on the file's write lock would
 * block the event loop the first needs to finish its transaction. Shared, Kysely's connection
 * mutex serializes them instead; other processes wait on busy_timeout.
 */
const sqliteShared = new Map<string, { db: Kysely<Tables>; refs: number }>();

/** A SQLite file (created with its directory on first use), or ':memory:'. Migrated before it is returned. */
export async function openSqliteStore(file: string, logger?: Logger): Promise<KyselyStore> {
  const key = file === ':memory:' ? undefined : resolve(file);
  let entry = key !== undefined ? sqliteShared.get(key) : undefined;
  if (!entry) {
    if (key !== undefined) mkdirSync(dirname(key), { recursive: true });
    const database = new Database(key ?? ':memory:');
    // WAL lets readers run while a digest is being recorded; busy_timeout makes a second process
    // (e.g. `briefbot digest run` beside the server) wait for the write lock instead of failing.
    database.pragma('journal_mode = WAL');
    database.pragma('busy_timeout = 5000');
    database.pragma('synchronous = NORMAL');
    entry = { db: new Kysely<Tables>({ dialect: new SqliteDialect({ database }) }), refs: 0 };
    if (key !== undefined) sqliteShared.set(key, entry);
  }
  entry.refs++;
  const shared = entry;
  let closed = false;
  const store = new KyselyStore(shared.db, 'sqlite', {
    onRemigrated: (applied) => logger?.warn({ engine: 'sqlite', applied }, 'store tables were missing: migrated again'),
    close: async () => {
      if (closed) return;
      closed = true;
      if (--shared.refs > 0) return;
      if (key !== undefined) sqliteShared.delete(key);
      await shared.db.destroy();
    },
  });
  try {
    await store.migrate();
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}

export interface PostgresOptions {
  /** Use this schema (created if missing) instead of the connection's default: tests isolate runs this way. */
  schema?: string;
  /** Pool size; default 10. */
  max?: number;
  /** Pool errors (a pooled connection terminated by the server) are logged here, never thrown. */
  logger?: Logger;
  /** application_name of every connection (DATABASE_URL's own wins); default "briefbot". */
  applicationName?: string;
  /** Overrides of POSTGRES_TIMEOUTS (tests shorten them). */
  timeouts?: Partial<Record<keyof typeof POSTGRES_TIMEOUTS, number>>;
}

/**
 * Nothing waits forever on PostgreSQL: a server that accepts connections but never answers makes
 * calls fail within these bounds (the scheduler retries next tick, /healthz says so) instead of
 * stalling the process.
 */
export const POSTGRES_TIMEOUTS = {
  /** Connecting, including the start-up handshake. */
  connectMs: 5_000,
  /** Server side: a statement running longer is cancelled by PostgreSQL. */
  statementMs: 10_000,
  /** Client side: a query with no answer (a hung server or network) fails after this. */
  queryMs: 15_000,
  /** Server side: a transaction left idle (its client stuck) releases its locks. */
  idleInTransactionMs: 30_000,
  /**
   * Waiting for a free pooled connection while all are in use (a busy store, not a dead one:
   * a stalled query frees its connection within queryMs). Longer than the other bounds so a
   * burst of calls queues instead of failing; past it the call fails with STORE_BUSY.
   */
  checkoutMs: 60_000,
} as const;

export async function openPostgresStore(url: string, options: PostgresOptions = {}): Promise<KyselyStore> {
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`bad schema name ${schema}`);
  const t = { ...POSTGRES_TIMEOUTS, ...options.timeouts };
  const connection = {
    connectionString: url,
    application_name: options.applicationName ?? 'briefbot',
    connectionTimeoutMillis: t.connectMs,
    statement_timeout: t.statementMs,
    query_timeout: t.queryMs,
    idle_in_transaction_session_timeout: t.idleInTransactionMs,
    keepAlive: true,
  };
  const ensureSchema = async () => {
    if (schema === undefined) return;
    const client = new pg.Client(connection);
    client.on('error', () => undefined);
    await client.connect();
    try {
      await client.query(`create schema if not exists ${schema}`);
    } finally {
      await client.end();
    }
  };
  await ensureSchema();
  const max = options.max ?? 10;
  const pool = new pg.Pool({
    ...connection,
    max,
    ...(schema !== undefined ? { options: `-c search_path=${schema}` } : {}),
  });
  const log = options.logger;
  // Without these, PostgreSQL terminating a pooled connection (pg_terminate_backend, a restart, a
  // failover) emits 'error' with no listener and kills the process. The pool drops the broken
  // client and connects afresh on the next query; a client checked out at that moment reports the
  // error to its query, and its own listener keeps the late 'error' event from being fatal.
  pool.on('error', (err) => log?.warn({ reason: err.message, code: (err as { code?: unknown }).code }, 'store: a pooled PostgreSQL connection failed; reconnecting on next use'));
  pool.on('connect', (client) => {
    client.on('error', (err) => log?.warn({ reason: err.message }, 'store: PostgreSQL connection error'));
  });
  const store = new KyselyStore(new Kysely<Tables>({ dialect: new PostgresDialect({ pool: discardingTimedOut(pool, new PoolGate(max, t.checkoutMs)) }) }), 'postgres', {
    prepare: ensureSchema,
    onRemigrated: (applied) => log?.warn({ engine: 'postgres', applied }, 'store tables were missing (database re-created?): migrated again'),
  });
  await store.migrate();
  return store;
}

/**
 * The pool as Kysely sees it, except that a connection on which a query timed out (client side:
 * the server or network stopped answering) is discarded when released, never reused. pg gives up
 * on the query but the connection is still waiting for its answer, and whatever was queued behind
 * it (a transaction's ROLLBACK) is dropped unsent: reused, such a connection wakes up inside a
 * BEGIN nobody will finish, and the next borrower's writes run in that transaction (measured
 * through a stalling proxy: every pooled session "idle in transaction" after the network healed).
 */
function discardingTimedOut(pool: pg.Pool, gate: PoolGate): PostgresPool {
  return {
    async connect() {
      const permit = await gate.acquire();
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (err) {
        permit();
        throw err;
      }
      const release = client.release;
      let timedOut = false;
      const query = ((...args: unknown[]) => {
        const out = (pg.Client.prototype.query as (...a: unknown[]) => unknown).apply(client, args);
        if (out instanceof Promise) {
          out.catch((err: unknown) => {
            if (err instanceof Error && /timeout/i.test(err.message)) timedOut = true;
          });
        }
        return out;
      }) as pg.PoolClient['query'];
      return {
        query,
        release: () => {
          release(timedOut ? new Error('a query timed out on this connection: discarded') : undefined);
          permit();
        },
      } as unknown as PostgresPoolClient;
    },
    end: () => pool.end(),
  };
}
