import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe } from 'vitest';
import type { FactStore } from '../../src/factbase/fact-store.js';
import { openFactStore } from '../../src/factbase/open-store.js';

/** A way to open fact stores on one engine; `open()` again returns another handle on the same store. */
export interface FactStoreEngine {
  name: 'file' | 'postgres';
  open(): Promise<FactStore>;
  /**
   * Makes the next writes fail part-way: on PostgreSQL a constraint rejects any citation quoting
   * "POISON" (so the rows before it are already inserted when it fails); on a file the temporary
   * file cannot be created.
   */
  poison(): Promise<void>;
  cleanup(): Promise<void>;
}

export const pgUrl = process.env['DATABASE_URL'];

export function fileEngine(): FactStoreEngine {
  const dir = mkdtempSync(join(tmpdir(), 'briefbot-facts-'));
  const file = join(dir, 'factbase.json');
  return {
    name: 'file',
    open: () => openFactStore({ kind: 'file', file }),
    poison: async () => mkdirSync(`${file}.tmp`),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** One statement on a connection of its own, in `schema` when given (the search_path). */
export async function pgQuery(url: string, statement: string, schema?: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url, ...(schema !== undefined ? { options: `-c search_path=${schema}` } : {}) });
  await client.connect();
  try {
    return await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Each test file gets its own schema (dropped after), so concurrent runs never see each other. */
export function postgresEngine(url: string): FactStoreEngine {
  const schema = `fs_${randomBytes(6).toString('hex')}`;
  const exec = async (statement: string, inSchema = true) => {
    await pgQuery(url, statement, inSchema ? schema : undefined);
  };
  return {
    name: 'postgres',
    open: () => openFactStore({ kind: 'postgres', url, schema }),
    poison: () => exec(`alter table fb_citations add constraint poison check (quote not like '%POISON%')`),
    cleanup: () => exec(`drop schema if exists ${schema} cascade`, false),
  };
}

/** The same suite on the file store always and on PostgreSQL when DATABASE_URL is set (else reported as skipped). */
export function describeEachFactStore(title: string, body: (engine: () => FactStoreEngine) => void): void {
  describe(`${title} (file)`, () => body(fileEngine));
  describe.skipIf(!pgUrl)(`${title} (postgres at DATABASE_URL)`, () => body(() => postgresEngine(pgUrl!)));
}
