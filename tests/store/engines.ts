import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'libsql';
import pg from 'pg';
import { describe } from 'vitest';
import type { KyselyStore } from '../../src/store/kysely-store.js';
import { openPostgresStore, openSqliteStore, SQLITE_FILE_NAME } from '../../src/store/open.js';

/** A way to open fresh stores on one engine; `open()` again returns another handle on the same database. */
export interface Engine {
  name: 'sqlite' | 'postgres';
  open(): Promise<KyselyStore>;
  /** Raw SQL on the same database from a connection of its own (fault injection: triggers, drops). */
  exec(statement: string): Promise<void>;
  cleanup(): Promise<void>;
  /** The environment a child `briefbot` process needs to open this same database (VAR_DIR or DATABASE_URL). */
  childEnv: Record<string, string>;
}

export const pgUrl = process.env['DATABASE_URL'];

export function sqliteEngine(): Engine {
  const dir = mkdtempSync(join(tmpdir(), 'briefbot-store-'));
  // The file name the CLI uses under VAR_DIR, so a child process opens the same database.
  const file = join(dir, SQLITE_FILE_NAME);
  return {
    name: 'sqlite',
    open: () => openSqliteStore(file),
    exec: async (statement) => {
      const db = new Database(file);
      try {
        db.exec(statement);
      } finally {
        db.close();
      }
    },
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    childEnv: { VAR_DIR: dir },
  };
}

/** Each run gets its own schema (dropped after), so concurrent runs and reruns never see each other. */
export function postgresEngine(url: string): Engine {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  return {
    name: 'postgres',
    open: () => openPostgresStore(url, { schema, max: 4 }),
    exec: async (statement) => {
      const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
      await client.connect();
      try {
        await client.query(statement);
      } finally {
        await client.end();
      }
    },
    cleanup: async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    },
    childEnv: { DATABASE_URL: withSearchPath(url, schema) },
  };
}

/**
 * Runs the same suite on SQLite always and on PostgreSQL when DATABASE_URL is set; without it the
 * PostgreSQL suite is reported as skipped, by name.
 */
export function describeEachEngine(title: string, body: (engine: () => Engine) => void): void {
  describe(`${title} (sqlite)`, () => body(sqliteEngine));
  describe.skipIf(!pgUrl)(`${title} (postgres at DATABASE_URL)`, () => body(() => postgresEngine(pgUrl!)));
}

/** The URL with `options=-c search_path=<schema>`, which the pg driver passes to the server on connect. */
function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}
