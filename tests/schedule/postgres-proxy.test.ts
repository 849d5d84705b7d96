import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedCorpus } from '../../src/brief/corpus.js';
import { healthRoute } from '../../src/http/health.js';
import { createHttpServer, listen } from '../../src/http/server.js';
import { silentLogger } from '../../src/logger.js';
import { digestWebClient, SlackDigestPoster } from '../../src/platforms/slack/digest-poster.js';
import { startSlackStandIn, type SlackStandIn } from '../../src/sandbox/slack/index.js';
import { DigestScheduler } from '../../src/schedule/scheduler.js';
import type { KyselyStore } from '../../src/store/kysely-store.js';
import { openPostgresStore } from '../../src/store/open.js';
import type { Subscription } from '../../src/store/types.js';
import { baseData, corpusOf } from '../fixtures/digest/corpus.js';
import { newSubscription } from '../fixtures/digest/subscription.js';
import { pgUrl } from '../store/engines.js';
import { startPgProxy, type PgProxy } from '../support/pg-proxy.js';
import { fakeCompose } from './helpers.js';

const LEASE_MS = 2_000;

/**
 * The scheduler and /healthz on a PostgreSQL that stops answering or drops its connections, with
 * a TCP proxy (tests/support/pg-proxy.ts) between them and the real server. The bot's store goes
 * through the proxy with short bounds (connect and query 800 ms); the test reads the truth through
 * a store of its own, straight to the server. Digests go to the Slack stand-in, which counts them.
 */
describe.skipIf(!pgUrl)('digest scheduler and /healthz on a PostgreSQL that stalls or resets (TCP proxy)', () => {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const app = `briefbot_proxy_${randomBytes(4).toString('hex')}`;
  let proxy: PgProxy;
  let bot: KyselyStore;
  let truth: KyselyStore;
  let slack: SlackStandIn;
  let scheduler: DigestScheduler;
  let health: () => Promise<{ status: number; body: { ok: boolean; problems?: string[]; store: { ok: boolean; error?: string } } }>;
  const cleanups: (() => Promise<void>)[] = [];

  beforeEach(async () => {
    const url = new URL(pgUrl!);
    proxy = await startPgProxy({ host: url.hostname, port: Number(url.port || 5432) });
    cleanups.push(() => proxy.close());
    truth = await openPostgresStore(pgUrl!, { schema, max: 2 });
    cleanups.push(() => truth.close());
    bot = await openPostgresStore(proxy.urlFor(pgUrl!), { schema, max: 4, applicationName: app, logger: silentLogger(), timeouts: { connectMs: 800, queryMs: 800, statementMs: 2_000 } });
    cleanups.push(() => bot.close());
    slack = await startSlackStandIn({ logger: silentLogger() });
    slack.rateLimit.perChannelMs = 0;
    cleanups.push(() => slack.stop());
    const poster = new SlackDigestPoster(digestWebClient({ botToken: slack.botToken, apiUrl: slack.apiUrl, timeoutMs: 2_000 }, silentLogger()));
    scheduler = new DigestScheduler({
      store: bot,
      posters: { slack: poster },
      compose: fakeCompose(),
      clock: { now: () => new Date(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) },
      logger: silentLogger(),
      options: { leaseMs: LEASE_MS, backoffBaseMs: 20 },
    });
    const server = createHttpServer([healthRoute({ corpora: fixedCorpus(corpusOf(baseData())), store: bot, scheduler, pingTimeoutMs: 1_000 })], silentLogger());
    cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
    const port = await listen(server, 0, '127.0.0.1');
    health = async () => {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      return { status: res.status, body: (await res.json()) as Awaited<ReturnType<typeof health>>['body'] };
    };
  });

  afterEach(async () => {
    proxy.heal();
    for (const c of cleanups.splice(0).reverse()) await c();
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    await c.query(`drop schema if exists ${schema} cascade`);
    await c.end();
  });

  /** n subscriptions, each its own channel, due a minute ago (made an hour ago). */
  async function dueNow(n: number): Promise<Subscription[]> {
    const now = await truth.now();
    const time = new Date(now.getTime() - 60_000).toISOString().slice(11, 16);
    const subs: Subscription[] = [];
    for (let i = 0; i < n; i++) {
      subs.push(await truth.addSubscription(newSubscription({ channelId: `CP${i}`, schedule: { kind: 'daily', time, timeZone: 'UTC' } }), new Date(now.getTime() - 3_600_000)));
    }
    return subs;
  }

  function postsPerSlot(): number[] {
    const counts = new Map<string, number>();
    for (const m of slack.messages.filter((x) => x.via === 'chat.postMessage')) {
      const p = m.metadata?.event_payload ?? {};
      const key = `${String(p['subscription_id'])}@${String(p['slot'])}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return [...counts.values()];
  }

  /** The bot's server-side sessions by state: none may be left inside a transaction nobody will finish. */
  async function sessionStates(): Promise<string[]> {
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    try {
      const r = await c.query<{ state: string }>('select state from pg_stat_activity where application_name = $1', [app]);
      return r.rows.map((x) => x.state);
    } finally {
      await c.end();
    }
  }

  const statuses = (subs: Subscription[]) => Promise.all(subs.map(async (s) => (await truth.ledger(s.id, 1))[0]?.status ?? 'none'));

  /** Slack takes each post slowly (300 ms) and, once `count` posts have reached it, `fault` runs. */
  function afterEveryPost(count: number, fault: () => void): void {
    let seen = 0;
    slack.faults.webApi = ({ method }) => {
      if (method !== 'chat.postMessage') return undefined;
      if (++seen === count) fault();
      return { kind: 'delay', ms: 300 };
    };
  }

  /** Ticks until one succeeds (the pool reconnects on its own; at most `tries` ticks). */
  async function tickUntilOk(tries = 10) {
    for (let i = 1; ; i++) {
      try {
        return await scheduler.tick();
      } catch (err) {
        if (i >= tries) throw err;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  it('stalled: the tick fails on its timeouts instead of waiting, /healthz says 503 and why; healed, every slot posts once', async () => {
    const subs = await dueNow(6);
    expect((await health()).status).toBe(200);

    proxy.stall();
    await expect(scheduler.tick()).rejects.toThrow(/timeout/i);
    const sick = await health();
    expect(sick.status).toBe(503);
    expect(sick.body.store).toMatchObject({ ok: false });
    expect(sick.body.problems?.some((p) => p.startsWith('store:'))).toBe(true);
    expect(sick.body.problems?.some((p) => p.startsWith('scheduler: last tick failed'))).toBe(true);
    // A second tick while stalled fails the same way: nothing wedged behind the first.
    await expect(scheduler.tick()).rejects.toThrow(/timeout/i);
    expect(postsPerSlot()).toEqual([]);
    expect(await statuses(subs)).toEqual(Array(6).fill('none'));

    proxy.heal();
    const r = await tickUntilOk();
    expect(r).toMatchObject({ sent: 6, failed: 0 });
    expect((await health()).status).toBe(200);
    expect(postsPerSlot()).toEqual(Array(6).fill(1));
    expect(await statuses(subs)).toEqual(Array(6).fill('sent'));
  });

  it('stalled mid-batch (posts reached Slack, their outcomes cannot be written): after healing and the lease, looked up, not re-sent', async () => {
    const subs = await dueNow(6);
    // Every post of the batch is at Slack: the database stops answering before any is recorded.
    afterEveryPost(subs.length, () => proxy.stall());
    const first = await scheduler.tick();
    expect(first).toMatchObject({ due: 6, sent: 0 });
    expect(postsPerSlot()).toEqual(Array(6).fill(1));
    slack.faults.webApi = undefined;

    proxy.heal();
    await new Promise((r) => setTimeout(r, LEASE_MS + 200));
    // A connection whose query timed out was discarded, not put back in the pool half-way through a transaction.
    expect(await sessionStates()).not.toContain('idle in transaction');
    const r = await tickUntilOk();
    expect(r).toMatchObject({ sent: 6, failed: 0, unknown: 0 });
    expect(postsPerSlot()).toEqual(Array(6).fill(1));
    expect(await statuses(subs)).toEqual(Array(6).fill('sent'));
    expect((await health()).status).toBe(200);
    expect(await sessionStates()).not.toContain('idle in transaction');
  });

  it('connections reset (a restart or failover), new ones refused for a while: the process lives, /healthz 503, then it reconnects and posts each slot once', async () => {
    const subs = await dueNow(6);
    await bot.listSubscriptions();
    proxy.refuse();
    proxy.reset();
    await expect(scheduler.tick()).rejects.toThrow();
    expect((await health()).status).toBe(503);

    proxy.heal();
    const r = await tickUntilOk();
    expect(r).toMatchObject({ sent: 6, failed: 0 });
    expect((await health()).status).toBe(200);
    expect(postsPerSlot()).toEqual(Array(6).fill(1));
    expect(await statuses(subs)).toEqual(Array(6).fill('sent'));
  });

  it('reset mid-batch, after the posts and before their outcomes are written: looked up after the lease, no duplicate, none lost', async () => {
    const subs = await dueNow(6);
    afterEveryPost(subs.length, () => {
      proxy.refuse();
      proxy.reset();
    });
    expect(await scheduler.tick()).toMatchObject({ due: 6, sent: 0 });
    slack.faults.webApi = undefined;
    proxy.heal();
    await new Promise((r) => setTimeout(r, LEASE_MS + 200));
    expect(await tickUntilOk()).toMatchObject({ sent: 6, failed: 0, unknown: 0 });
    expect(postsPerSlot()).toEqual(Array(6).fill(1));
    expect(await statuses(subs)).toEqual(Array(6).fill('sent'));
  });
});
