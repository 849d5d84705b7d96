import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'libsql';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { KyselyStore } from './kysely-store.js';
import type { Tables } from './tables.js';

export const SQLITE_FILE_NAME = 'briefbot.sqlite';

/** The store the configuration asks for: PostgreSQL at DATABASE_URL, else a SQLite file under VAR_DIR. */
export async function openStore(config: Pick<Config, 'DATABASE_URL' | 'VAR_DIR'>, logger: Logger): Promise<KyselyStore> {
  if (config.DATABASE_URL !== undefined) {
    const store = await openPostgresStore(config.DATABASE_URL);
    logger.info({ engine: 'postgres' }, 'store opened');
    return store;
  }
  const file = join(config.VAR_DIR, SQLITE_FILE_NAME);
  const store = await openSqliteStore(file);
  logger.info({ engine: 'sqlite', file }, 'store opened');
  return store;
}

/** A SQLite file (created with its directory on first use), or ':memory:'. Migrated before it is returned. */
export async function openSqliteStore(file: string): Promise<KyselyStore> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = new Database(file);
  // WAL lets readers run while a digest is being recorded; busy_timeout makes a second process
  // (e.g. `briefbot digest run` beside the server) wait for the write lock instead of failing.
  database.pragma('journal_mode = WAL');
  database.pragma('busy_timeout = 5000');
  database.pragma('synchronous = NORMAL');
  const store = new KyselyStore(new Kysely<Tables>({ dialect: new SqliteDialect({ database }) }), 'sqlite');
  await store.migrate();
  return store;
}

export interface PostgresOptions {
  /** Use this schema (created if missing) instead of the connection's default: tests isolate runs this way. */
  schema?: string;
  /** Pool size; default 10. */
  max?: number;
}

export async function openPostgresStore(url: string, options: PostgresOptions = {}): Promise<KyselyStore> {
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`bad schema name ${schema}`);
  if (schema !== undefined) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`create schema if not exists ${schema}`);
    } finally {
      await client.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    ...(schema !== undefined ? { options: `-c search_path=${schema}` } : {}),
  });
  const store = new KyselyStore(new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) }), 'postgres');
  await store.migrate();
  return store;
}
