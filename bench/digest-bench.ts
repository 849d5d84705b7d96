/**
 * `npm run bench:digest`: the digest path's figures for the README.
 *
 * 1. Store operations, p50/p95 per call, on SQLite (a WAL file under a temp dir) and on
 *    PostgreSQL at DATABASE_URL when it is set: add a subscription, list a channel's, claim a slot,
 *    mark it sent, latest slots for 500 subscriptions, a subscription's ledger.
 * 2. One process serving a minute slot: N subscriptions (default 10,000, BENCH_SUBS) all due at
 *    08:00, posted through the real Slack poster to the local Slack stand-in, which enforces
 *    1 message/s per channel with 429 + Retry-After. Run with every subscription in its own
 *    channel, and with 5 subscriptions per channel (the per-channel limit then forces waits).
 *    Time is real here (Retry-After is honoured by actually waiting); the scheduler's clock
 *    reports 08:00:05 so every subscription is due.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { composeDigest } from '../src/digest/compose.js';
import { FactBase } from '../src/factbase/factbase.js';
import { silentLogger } from '../src/logger.js';
import { digestWebClient, SlackDigestPoster } from '../src/platforms/slack/digest-poster.js';
import { startSlackStandIn } from '../src/sandbox/slack/index.js';
import type { Clock } from '../src/digest/clock.js';
import { DigestScheduler } from '../src/schedule/scheduler.js';
import { createSearcher } from '../src/search/searcher.js';
import type { KyselyStore } from '../src/store/kysely-store.js';
import { openPostgresStore, openSqliteStore } from '../src/store/open.js';
import type { NewSubscription } from '../src/store/types.js';
import { generate } from './synthetic.js';

const SUBS = Number(process.env['BENCH_SUBS'] ?? 10_000);
const OPS = Number(process.env['BENCH_OPS'] ?? 2_000);
const CREATED = new Date('2026-03-01T00:00:00.000Z');
const SLOT_CLOCK = Date.parse('2026-03-02T08:00:05.000Z');

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

function sub(i: number, channel: string, query: string): NewSubscription {
  return {
    platform: 'slack',
    teamId: 'T0SANDBOX',
    channelId: channel,
    createdBy: `U${i}`,
    query,
    schedule: { kind: 'daily', time: '08:00', timeZone: 'UTC' },
    postWhenEmpty: false,
    lastDigestAt: null,
  };
}

async function timeOps(label: string, n: number, op: (i: number) => Promise<unknown>): Promise<string> {
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    await op(i);
    t.push(performance.now() - s);
  }
  return `| ${label} | ${pct(t, 50).toFixed(2)} ms | ${pct(t, 95).toFixed(2)} ms |`;
}

async function storeOps(engine: string, store: KyselyStore): Promise<void> {
  const ids: string[] = [];
  const rows = [`\n### store operations, ${engine} (${OPS} calls each)\n`, '| operation | p50 | p95 |', '|---|---|---|'];
  rows.push(await timeOps('addSubscription', OPS, async (i) => ids.push((await store.addSubscription(sub(i, `C${i % 200}`, 'kenya'), CREATED)).id)));
  rows.push(await timeOps('listSubscriptions(channel)', OPS, (i) => store.listSubscriptions({ platform: 'slack', channelId: `C${i % 200}` })));
  const now = new Date(SLOT_CLOCK);
  const slot = '2026-03-02T08:00:00.000Z';
  rows.push(await timeOps('claimSlot', OPS, (i) => store.claimSlot({ subscriptionId: ids[i]!, slot, owner: 'bench', now, leaseMs: 600_000 })));
  rows.push(await timeOps('markSent (+ cutoff, one transaction)', OPS, (i) => store.markSent({ subscriptionId: ids[i]!, slot, owner: 'bench' }, { messageId: `${i}.0001`, cutoff: '2026-03-02T00:00:00.000Z', now })));
  rows.push(await timeOps('claimSlot, already sent (loses)', OPS, (i) => store.claimSlot({ subscriptionId: ids[i]!, slot, owner: 'other', now, leaseMs: 600_000 })));
  rows.push(await timeOps('latestSlots(500 ids)', Math.min(OPS, 200), (i) => store.latestSlots(ids.slice((i * 7) % (ids.length - 500), ((i * 7) % (ids.length - 500)) + 500))));
  rows.push(await timeOps('ledger(id, 1)', OPS, (i) => store.ledger(ids[i]!, 1)));
  console.log(rows.join('\n'));
}

async function throughput(perChannel: number, queries: string[], fb: FactBase): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'briefbot-bench-'));
  const store = await openSqliteStore(join(dir, 'store.sqlite'));
  const slack = await startSlackStandIn({ logger: silentLogger() });
  try {
    for (let i = 0; i < SUBS; i++) await store.addSubscription(sub(i, `C${Math.floor(i / perChannel)}`, queries[i % queries.length]!), CREATED);
    const corpus = { fb, searcher: createSearcher(fb) };
    // Reports the slot's time so everything is due; waits (Retry-After, backoff) really wait.
    const clock: Clock = { now: () => new Date(SLOT_CLOCK), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };
    const poster = new SlackDigestPoster(digestWebClient({ botToken: slack.botToken, apiUrl: slack.apiUrl }, silentLogger()));
    const scheduler = new DigestScheduler({
      store,
      posters: { slack: poster },
      compose: (s, slot) => composeDigest(corpus, s, slot),
      clock,
      logger: silentLogger(),
      // The clock pins 08:00:05 so every subscription is due; the store's clock would not.
      options: { owner: 'bench', timeSource: 'clock' },
    });
    const start = performance.now();
    const r = await scheduler.tick();
    const secs = (performance.now() - start) / 1000;
    const posted = slack.messages.filter((m) => m.via === 'chat.postMessage').length;
    const rateLimited = slack.calls.filter((c) => c.method === 'chat.postMessage' && c.status === 429).length;
    console.log(
      `| ${SUBS} subs, ${perChannel} per channel (${Math.ceil(SUBS / perChannel)} channels) | ${secs.toFixed(1)} s | ${Math.round((r.sent / secs) * 60)} /min | ${r.sent} sent, ${r.empty} empty, ${r.failed} failed; ${posted} messages at the stand-in; ${rateLimited} 429s |`,
    );
  } finally {
    await slack.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'briefbot-bench-'));
  const sqlite = await openSqliteStore(join(dir, 'store.sqlite'));
  await storeOps('SQLite (WAL file)', sqlite);
  await sqlite.close();
  rmSync(dir, { recursive: true, force: true });

  const url = process.env['DATABASE_URL'];
  if (url) {
    const schema = `bench_${randomBytes(4).toString('hex')}`;
    const store = await openPostgresStore(url, { schema });
    try {
      await storeOps('PostgreSQL (local, pool of 10)', store);
    } finally {
      await store.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    }
  } else {
    console.log('\n(PostgreSQL skipped: DATABASE_URL is not set)');
  }

  const synthetic = generate(10_000, 200);
  const fb = new FactBase(synthetic.data);
  const queries = synthetic.queries.map((q) => q.plain);
  console.log(`\n### one process, one minute slot (stand-in: 1 msg/s per channel; fact base ${fb.facts.length} synthetic facts)\n`);
  console.log('| case | time to post all | rate | outcome |\n|---|---|---|---|');
  await throughput(1, queries, fb);
  await throughput(5, queries, fb);
}

await main();
