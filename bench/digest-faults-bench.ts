/**
 * `npm run bench:faults`: duplicate and missing digests under the faults issue 8 measured, counted
 * at the Slack stand-in per (subscription, slot) from each message's metadata. A duplicate is a
 * slot posted twice; missing is a slot not posted at all after the run (shown in the ledger with
 * its reason when it is `unknown` or `failed`). SQLite always; PostgreSQL at DATABASE_URL too.
 *
 *   kill -9 mid-batch   `briefbot digest run` (its own process; BENCH_CLI=<other build>/dist/src/cli.js
 *                       measures another build) killed after 20% of BENCH_KILL_SUBS (500) digests
 *                       reached Slack, each post held 150 ms there, then run again once
 *   reset after accept  100 posts, each posted by Slack and then its connection reset
 *   hang then reset     50 posts, each posted, then no answer for 20 s, then a reset (10 s timeout)
 *   clock 11 min ahead  500 subscriptions, two replicas on one database, B's clock 11 minutes
 *                       ahead, A's posts answered 1.5 s late
 *
 * BENCH_ONLY=<word> runs the scenarios whose name contains it.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { systemClock, type Clock } from '../src/digest/clock.js';
import type { Digest } from '../src/digest/model.js';
import { silentLogger } from '../src/logger.js';
import { digestWebClient, SlackDigestPoster } from '../src/platforms/slack/digest-poster.js';
import { startSlackStandIn, type SlackStandIn } from '../src/sandbox/slack/index.js';
import { DigestScheduler } from '../src/schedule/scheduler.js';
import type { KyselyStore } from '../src/store/kysely-store.js';
import { openPostgresStore, openSqliteStore, SQLITE_FILE_NAME } from '../src/store/open.js';
import type { Subscription } from '../src/store/types.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const CLI = process.env['BENCH_CLI'] ?? join(root, 'dist/src/cli.js');
const KILL_SUBS = Number(process.env['BENCH_KILL_SUBS'] ?? 500);
const DATA_DIR = join(root, 'tests/fixtures/digest');

interface Engine {
  name: string;
  open(): Promise<KyselyStore>;
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

function sqlite(): Engine {
  const dir = mkdtempSync(join(tmpdir(), 'briefbot-faults-'));
  return { name: 'SQLite', open: () => openSqliteStore(join(dir, SQLITE_FILE_NAME)), env: { VAR_DIR: dir }, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
}

function postgres(url: string): Engine {
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return {
    name: 'PostgreSQL',
    open: () => openPostgresStore(url, { schema, max: 4 }),
    env: { DATABASE_URL: u.toString() },
    cleanup: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}

async function dueNow(store: KyselyStore, n: number, prefix: string): Promise<Subscription[]> {
  const now = await store.now();
  const time = new Date(now.getTime() - 60_000).toISOString().slice(11, 16);
  const subs: Subscription[] = [];
  for (let i = 0; i < n; i++) {
    subs.push(
      await store.addSubscription(
        { platform: 'slack', teamId: 'T1', channelId: `${prefix}${i}`, createdBy: 'U1', query: 'kenya', schedule: { kind: 'daily', time, timeZone: 'UTC' }, postWhenEmpty: true, lastDigestAt: null },
        new Date(now.getTime() - 3_600_000),
      ),
    );
  }
  return subs;
}

async function count(slack: SlackStandIn, store: KyselyStore, subs: Subscription[]): Promise<string> {
  const per = new Map<string, number>();
  for (const m of slack.messages.filter((x) => x.via === 'chat.postMessage')) {
    const id = String(m.metadata?.event_payload['subscription_id']);
    per.set(id, (per.get(id) ?? 0) + 1);
  }
  const duplicates = [...per.values()].reduce((a, n) => a + Math.max(0, n - 1), 0);
  const missing = subs.filter((s) => !per.has(s.id)).length;
  const statuses = new Map<string, number>();
  for (const s of subs) {
    const st = (await store.ledger(s.id, 1))[0]?.status ?? 'none';
    statuses.set(st, (statuses.get(st) ?? 0) + 1);
  }
  const ledger = [...statuses].map(([k, v]) => `${v} ${k}`).join(', ');
  return `${duplicates} | ${missing} | ${ledger}`;
}

function fakeDigest(sub: Subscription, slot: Date): Digest {
  return {
    kind: 'digest', subscriptionId: sub.id, query: sub.query,
    understood: { entities: [], terms: [], corrections: [], unknown: [], filters: { topics: [], sources: [], sourceNames: [], countries: [] } },
    slot: slot.toISOString(), timeZone: 'UTC', scheduleText: 'daily', since: null, overview: [], groups: [], newCount: 1, shown: 1, more: 0, sources: [], cutoff: '2026-01-01T00:00:00.000Z',
  };
}

function scheduler(store: KyselyStore, slack: SlackStandIn, opts: { owner?: string; clock?: Clock; timeoutMs?: number; leaseMs?: number } = {}): DigestScheduler {
  const poster = new SlackDigestPoster(digestWebClient({ botToken: slack.botToken, apiUrl: slack.apiUrl, timeoutMs: opts.timeoutMs ?? 10_000 }, silentLogger()));
  return new DigestScheduler({
    store, posters: { slack: poster }, compose: fakeDigest, clock: opts.clock ?? systemClock, logger: silentLogger(),
    options: { backoffBaseMs: 200, ...(opts.owner ? { owner: opts.owner } : {}), ...(opts.leaseMs ? { leaseMs: opts.leaseMs } : {}) },
  });
}

function run(env: Record<string, string>): { kill(): void; done: Promise<void> } {
  const child = spawn(process.execPath, [CLI, 'digest', 'run'], { cwd: root, env: { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'error', DATA_DIR, ...env }, stdio: 'ignore' });
  return { kill: () => child.kill('SIGKILL'), done: new Promise((r) => child.once('close', () => r())) };
}

/** BENCH_ONLY=kill runs only the scenarios whose label contains it (e.g. to measure another build's CLI). */
const ONLY = process.env['BENCH_ONLY'];

async function scenario(engine: Engine, label: string, body: (store: KyselyStore, slack: SlackStandIn) => Promise<Subscription[]>): Promise<void> {
  if (ONLY !== undefined && !label.includes(ONLY)) return;
  const store = await engine.open();
  const slack = await startSlackStandIn({ logger: silentLogger() });
  slack.rateLimit.perChannelMs = 0;
  const started = performance.now();
  try {
    const subs = await body(store, slack);
    console.log(`| ${engine.name} | ${label} | ${subs.length} | ${await count(slack, store, subs)} | ${((performance.now() - started) / 1000).toFixed(1)} s |`);
  } finally {
    await slack.stop();
    await store.close();
  }
}

async function main(): Promise<void> {
  const engines = [sqlite, ...(process.env['DATABASE_URL'] ? [() => postgres(process.env['DATABASE_URL']!)] : [])];
  console.log(`CLI: ${CLI}\n`);
  console.log('| engine | fault | slots | duplicates | missing | ledger | time |');
  console.log('|---|---|---|---|---|---|---|');
  for (const make of engines) {
    const engine = make();
    try {
      await scenario(engine, 'kill -9 mid-batch, restart', async (store, slack) => {
        const subs = await dueNow(store, KILL_SUBS, 'CK');
        slack.faults.webApi = ({ method }) => (method === 'chat.postMessage' ? { kind: 'delay', ms: 150 } : undefined);
        const first = run({ SLACK_BOT_TOKEN: slack.botToken, SLACK_API_URL: slack.apiUrl, ...engine.env });
        await slack.waitFor(() => slack.messages.filter((m) => m.via === 'chat.postMessage').length >= KILL_SUBS / 5, 120_000);
        first.kill();
        await first.done;
        await new Promise((r) => setTimeout(r, 500));
        await run({ SLACK_BOT_TOKEN: slack.botToken, SLACK_API_URL: slack.apiUrl, ...engine.env }).done;
        return subs;
      });
      await scenario(engine, 'reset after Slack accepted', async (store, slack) => {
        const subs = await dueNow(store, 100, 'CR');
        slack.postFaults.push({ method: 'chat.postMessage', kind: 'reset-after', times: 100 });
        await scheduler(store, slack).tick();
        return subs;
      });
      await scenario(engine, '20 s hang, then reset (10 s timeout)', async (store, slack) => {
        const subs = await dueNow(store, 50, 'CH');
        slack.postFaults.push({ method: 'chat.postMessage', kind: 'hang-after', hangMs: 20_000, times: 50 });
        await scheduler(store, slack).tick();
        return subs;
      });
      await scenario(engine, 'two replicas, one clock 11 min ahead', async (store, slack) => {
        const subs = await dueNow(store, 500, 'CC');
        const other = await engine.open();
        try {
          slack.faults.webApi = ({ method }) => (method === 'chat.postMessage' ? { kind: 'late', ms: 1_500 } : undefined);
          const ahead: Clock = { now: () => new Date(Date.now() + 11 * 60_000), sleep: systemClock.sleep };
          const a = scheduler(store, slack, { owner: 'replica-a' }).tick();
          await new Promise((r) => setTimeout(r, 300));
          await scheduler(other, slack, { owner: 'replica-b', clock: ahead }).tick();
          await a;
        } finally {
          await other.close();
        }
        return subs;
      });
    } finally {
      await engine.cleanup();
    }
  }
}

await main();
