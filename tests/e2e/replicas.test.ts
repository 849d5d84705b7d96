import { copyFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SANDBOX_CHANNEL, SANDBOX_TEAM } from '../../src/sandbox/slack/index.js';
import { openPostgresStore } from '../../src/store/open.js';
import { askBrief, cliEnv, runCli, startServe, tempDataDir, timeline, urlInSchema, type ServeProcess } from './replica-process.js';

/**
 * Two `briefbot serve` processes on one PostgreSQL (fact store and subscription store alike), as
 * two replicas behind a load balancer would run: an ingest from the CLI reaches both, and a digest
 * due on both is posted once.
 */
const pgUrl = process.env['DATABASE_URL'];
const ARTICLE = 'wire-2026-01-12-kenya-malaysia-macadamia.md';
const schema = `e2e_${randomBytes(6).toString('hex')}`;
let dataDir: string;
let env: NodeJS.ProcessEnv;
const replicas: ServeProcess[] = [];

async function sql(statement: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const c = new pg.Client({ connectionString: pgUrl });
  await c.connect();
  try {
    return await c.query(statement, params);
  } finally {
    await c.end();
  }
}

describe.skipIf(!pgUrl)('two replicas on one PostgreSQL (briefbot serve ×2, briefbot ingest)', () => {
  beforeAll(async () => {
    await sql(`create schema ${schema}`);
    dataDir = tempDataDir();
    env = cliEnv({ FACT_STORE: 'postgres', DATABASE_URL: urlInSchema(pgUrl!, schema), DATA_DIR: dataDir, VAR_DIR: join(dataDir, 'var'), DIGEST_TICK_MS: '500' });
    const ingest = await runCli(['ingest'], env);
    expect(ingest.stderr).toBe('');
    expect(ingest.stdout).toMatch(/Wrote postgres:\/\/.*\(version 1\)/);
    replicas.push(...(await Promise.all([startServe(env), startServe(env)])));
  }, 180_000);

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    await sql(`drop schema if exists ${schema} cascade`);
  });

  it('an ingest from the CLI reaches both replicas: both answer /brief with the new fact', async () => {
    for (const r of replicas) expect(await askBrief(r.url, 'macadamia')).not.toContain('4,000 tonnes');
    copyFileSync(join(import.meta.dirname, '../fixtures/replicas', ARTICLE), join(dataDir, 'articles', ARTICLE));
    const ingest = await runCli(['ingest'], env);
    expect(ingest.stdout).toMatch(/6 articles, .*\(version 2\)/);
    for (const r of replicas) {
      await vi.waitFor(async () => expect(await askBrief(r.url, 'macadamia')).toContain('4,000 tonnes'), { timeout: 30_000, interval: 200 });
    }
    const health = await Promise.all(replicas.map(async (r) => (await (await fetch(new URL('/healthz', r.url))).json()) as { facts: number }));
    expect(health[0]!.facts).toBe(health[1]!.facts);
  }, 90_000);

  it('a digest due on both replicas is posted once', async () => {
    // Due two minutes ago, created before that: both schedulers see it due on their next tick.
    const now = new Date();
    const due = new Date(now.getTime() - 2 * 60_000);
    const time = `${String(due.getUTCHours()).padStart(2, '0')}:${String(due.getUTCMinutes()).padStart(2, '0')}`;
    const store = await openPostgresStore(pgUrl!, { schema });
    try {
      const sub = await store.addSubscription(
        { platform: 'slack', teamId: SANDBOX_TEAM.id, channelId: SANDBOX_CHANNEL.id, createdBy: 'U0SANDBOX1', query: 'kenya malaysia', schedule: { kind: 'daily', time, timeZone: 'UTC' }, postWhenEmpty: true, lastDigestAt: null },
        new Date(now.getTime() - 10 * 60_000),
      );
      await vi.waitFor(async () => expect((await store.ledger(sub.id)).map((e) => e.status)).toEqual(['sent']), { timeout: 30_000, interval: 200 });
      // A few more ticks of both schedulers: still one.
      await new Promise((r) => setTimeout(r, 2_000));
      expect((await store.ledger(sub.id)).map((e) => e.status)).toEqual(['sent']);
    } finally {
      await store.close();
    }
    const digests = (await Promise.all(replicas.map((r) => timeline(r.url)))).map((t) => t.filter((m) => m.author === 'bot' && m.text.startsWith('Digest:')).length);
    expect(digests[0]! + digests[1]!).toBe(1);
  }, 60_000);
});
