import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedCorpus } from '../../src/brief/corpus.js';
import { healthRoute } from '../../src/http/health.js';
import { createHttpServer, listen } from '../../src/http/server.js';
import { silentLogger } from '../../src/logger.js';
import type { KyselyStore } from '../../src/store/kysely-store.js';
import { openPostgresStore } from '../../src/store/open.js';
import { baseData, corpusOf } from '../fixtures/digest/corpus.js';
import { newSubscription } from '../fixtures/digest/subscription.js';
import { pgUrl } from './engines.js';
import { startPgProxy } from '../support/pg-proxy.js';

/**
 * A real PostgreSQL misbehaving under an open store. Only this test's own connections are touched:
 * each test sets its own application_name and terminates backends by it, in its own schema.
 */
describe.skipIf(!pgUrl)('store on a PostgreSQL that drops, loses its schema, or stops answering', () => {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const app = `briefbot_test_${randomBytes(4).toString('hex')}`;
  const cleanups: (() => Promise<void>)[] = [];

  async function admin(statement: string): Promise<pg.QueryResult> {
    const c = new pg.Client({ connectionString: pgUrl, application_name: `${app}_admin` });
    await c.connect();
    try {
      return await c.query(statement);
    } finally {
      await c.end();
    }
  }

  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
    await admin(`drop schema if exists ${schema} cascade`);
  });

  async function open(url = pgUrl!, timeouts = {}): Promise<KyselyStore> {
    const store = await openPostgresStore(url, { schema, max: 3, applicationName: app, logger: silentLogger(), timeouts });
    cleanups.push(() => store.close());
    return store;
  }

  it('survives PostgreSQL terminating its pooled connections, and reconnects', async () => {
    const store = await open();
    await Promise.all([store.listSubscriptions(), store.listSubscriptions(), store.now()]);
    const killed = await admin(`select pg_terminate_backend(pid) from pg_stat_activity where application_name = '${app}'`);
    expect(killed.rowCount).toBeGreaterThan(0);
    // Idle clients emit 'error' now; without the pool's listener this process would die here.
    await new Promise((r) => setTimeout(r, 200));
    const sub = await store.addSubscription(newSubscription(), new Date());
    expect((await store.getSubscription(sub.id))?.id).toBe(sub.id);
    expect(await store.ping(2_000)).toMatchObject({ ok: true });
  });

  it('a schema dropped and re-created under a running store is migrated again on the next call', async () => {
    const store = await open();
    await store.addSubscription(newSubscription(), new Date());
    await admin(`drop schema ${schema} cascade`);
    await admin(`create schema ${schema}`);
    expect(await store.listSubscriptions()).toEqual([]);
    const sub = await store.addSubscription(newSubscription({ channelId: 'C9' }), new Date());
    expect((await store.listSubscriptions()).map((s) => s.id)).toEqual([sub.id]);
    // And dropped without being re-created: the store puts its schema back.
    await admin(`drop schema ${schema} cascade`);
    expect(await store.listSubscriptions()).toEqual([]);
  });

  it('calls beyond the pool size wait for a free connection past the connect timeout instead of failing', async () => {
    // The 10k two-process digest run died here: pg counts queueing for a busy pool against
    // connectionTimeoutMillis, so calls failed on a store that was only busy.
    const store = await open(pgUrl!, { connectMs: 100 });
    await store.listSubscriptions();
    const locker = new pg.Client({ connectionString: pgUrl, application_name: `${app}_admin`, options: `-c search_path=${schema}` });
    await locker.connect();
    cleanups.push(() => locker.end());
    await locker.query('begin');
    await locker.query('lock table subscriptions in access exclusive mode');
    // Every pooled connection (3) blocks on the lock; the rest queue behind them.
    const blocked = [store.listSubscriptions(), store.listSubscriptions(), store.listSubscriptions()];
    const queued = Array.from({ length: 20 }, () => store.now());
    const settled = Promise.allSettled([...blocked, ...queued]);
    await new Promise((r) => setTimeout(r, 400));
    await locker.query('commit');
    const results = await settled;
    expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
  });

  it('a database that stops answering: calls fail within their bounds, /healthz says 503, and it recovers', async () => {
    const target = new URL(pgUrl!);
    const proxy = await startPgProxy({ host: target.hostname, port: Number(target.port || 5432) });
    cleanups.push(() => proxy.close());
    const store = await open(proxy.urlFor(pgUrl!), { queryMs: 800, connectMs: 800 });
    const server = createHttpServer(
      [healthRoute({ corpora: fixedCorpus(corpusOf(baseData())), store, scheduler: { health: () => ({ running: false, lastTickAt: null, lastTickOk: null, lastTickMs: null, lastError: null, stale: false, inFlight: 0 }) } })],
      silentLogger(),
    );
    cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
    const port = await listen(server, 0, '127.0.0.1');
    const health = async () => {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      return { status: res.status, body: (await res.json()) as { ok: boolean; store: { ok: boolean; error?: string } } };
    };
    expect((await health()).status).toBe(200);

    proxy.stall();
    const h = await health();
    expect(h.status).toBe(503);
    expect(h.body).toMatchObject({ ok: false, store: { ok: false } });
    await expect(store.listSubscriptions()).rejects.toThrow(/timeout|terminated/i);

    proxy.heal();
    let ok = false;
    for (let i = 0; i < 50 && !ok; i++) {
      ok = (await health()).status === 200;
      if (!ok) await new Promise((r) => setTimeout(r, 100));
    }
    expect(ok).toBe(true);
  });
});
