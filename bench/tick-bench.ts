/**
 * `npm run bench:tick`: the digest scheduler's tick at 1k / 10k / 100k subscriptions (BENCH_TICK_SIZES),
 * SQLite (WAL file) and PostgreSQL at DATABASE_URL side by side in one run.
 *
 * Subscriptions are spread over the day (one schedule time per minute, 1,440 distinct times, random
 * zones), so each 30 s tick finds about N / 2,880 due, as a real deployment would. The clock moves 30 s
 * per tick; posts go to an in-memory poster (this measures the scheduler and the store, not Slack).
 * The first tick after start (which also reads every subscription's ledger once) is reported apart;
 * p50/p95 are over the ticks that follow (BENCH_TICKS, default 40).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import pg from 'pg';
import type { Digest } from '../src/digest/model.js';
import type { DigestPoster } from '../src/digest/poster.js';
import { silentLogger } from '../src/logger.js';
import type { Clock } from '../src/digest/clock.js';
import { DigestScheduler } from '../src/schedule/scheduler.js';
import type { KyselyStore } from '../src/store/kysely-store.js';
import { openPostgresStore, openSqliteStore } from '../src/store/open.js';
import type { Subscription } from '../src/store/types.js';

const SIZES = (process.env['BENCH_TICK_SIZES'] ?? '1000,10000,100000').split(',').map(Number);
const TICKS = Number(process.env['BENCH_TICKS'] ?? 40);
const START = Date.parse('2026-03-02T06:00:00.000Z');
const CREATED = '2026-03-01T00:00:00.000Z';
const ZONES = ['UTC', 'Africa/Nairobi', 'Asia/Kuala_Lumpur', 'America/New_York', 'Europe/London', 'Asia/Shanghai'];

const COLUMNS = [
  'id',
  'platform',
  'team_id',
  'channel_id',
  'created_by',
  'query',
  'schedule_kind',
  'schedule_time',
  'time_zone',
  'post_when_empty',
  'created_at',
  'last_digest_at',
  'last_posted_at',
  'active',
] as const;

function row(i: number): (string | number | null)[] {
  const minute = i % 1440;
  const time = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
  return [`b${i.toString(36)}`, 'slack', 'T1', `C${i % 5000}`, 'U1', 'kenya', i % 7 === 0 ? 'weekdays' : 'daily', time, ZONES[i % ZONES.length]!, 0, CREATED, null, null, 1];
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

/** Bulk insert straight into the table the store migrated (adding 100k through the API one by one takes minutes). */
async function seedSqlite(file: string, n: number): Promise<void> {
  const db = new Database(file);
  db.pragma('busy_timeout = 5000');
  const insert = db.prepare(`insert into subscriptions (${COLUMNS.join(',')}) values (${COLUMNS.map(() => '?').join(',')})`);
  db.exec('begin');
  for (let i = 0; i < n; i++) insert.run(row(i));
  db.exec('commit');
  db.close();
}

async function seedPostgres(url: string, schema: string, n: number): Promise<void> {
  const c = new pg.Client({ connectionString: url, options: `-c search_path=${schema}`, application_name: 'briefbot-bench' });
  await c.connect();
  for (let from = 0; from < n; from += 1000) {
    const values: (string | number | null)[] = [];
    const tuples: string[] = [];
    for (let i = from; i < Math.min(n, from + 1000); i++) {
      const r = row(i);
      tuples.push(`(${r.map((_, k) => `$${values.length + k + 1}`).join(',')})`);
      values.push(...r);
    }
    await c.query(`insert into subscriptions (${COLUMNS.join(',')}) values ${tuples.join(',')}`, values);
  }
  await c.query('analyze subscriptions');
  await c.end();
}

const poster: DigestPoster = { post: async () => ({ messageId: '1.0001' }) };
const compose = (sub: Subscription, slot: Date): Digest => ({
  kind: 'digest',
  subscriptionId: sub.id,
  query: sub.query,
  understood: { entities: [], terms: [], corrections: [], unknown: [], filters: { topics: [], sources: [], sourceNames: [], countries: [] } },
  slot: slot.toISOString(),
  timeZone: sub.schedule.timeZone,
  scheduleText: 'daily',
  since: sub.lastDigestAt,
  overview: [],
  groups: [],
  newCount: 1,
  shown: 1,
  more: 0,
  sources: [],
  cutoff: '2026-03-01T00:00:00.000Z',
});

interface Result {
  first: number;
  p50: number;
  p95: number;
  duePerTick: number;
}

async function measure(store: KyselyStore): Promise<Result> {
  let t = START;
  const clock: Clock = { now: () => new Date(t), sleep: async (ms) => void (t += ms) };
  const scheduler = new DigestScheduler({
    store,
    posters: { slack: poster },
    compose,
    clock,
    logger: silentLogger(),
    // The bench moves time by hand; what it measures (claiming due rows) is the same either way.
    options: { owner: 'bench', timeSource: 'clock' },
  });
  let s = performance.now();
  await scheduler.tick();
  const first = performance.now() - s;
  const times: number[] = [];
  let due = 0;
  for (let i = 0; i < TICKS; i++) {
    t += 30_000;
    s = performance.now();
    const r = await scheduler.tick();
    times.push(performance.now() - s);
    due += r.due;
  }
  return { first, p50: pct(times, 50), p95: pct(times, 95), duePerTick: due / TICKS };
}

async function onSqlite(n: number): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), 'briefbot-tick-'));
  const file = join(dir, 'store.sqlite');
  try {
    await (await openSqliteStore(file)).close();
    await seedSqlite(file, n);
    const store = await openSqliteStore(file);
    try {
      return await measure(store);
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function onPostgres(url: string, n: number): Promise<Result> {
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  try {
    await (await openPostgresStore(url, { schema })).close();
    await seedPostgres(url, schema, n);
    const store = await openPostgresStore(url, { schema });
    try {
      return await measure(store);
    } finally {
      await store.close();
    }
  } finally {
    const c = new pg.Client({ connectionString: url, application_name: 'briefbot-bench' });
    await c.connect();
    await c.query(`drop schema if exists ${schema} cascade`);
    await c.end();
  }
}

const fmt = (r: Result | undefined) =>
  r ? `${r.p50.toFixed(1)} ms | ${r.p95.toFixed(1)} ms | ${(r.first / 1000).toFixed(2)} s` : 'skipped | | ';

async function main(): Promise<void> {
  const url = process.env['DATABASE_URL'];
  console.log(`### scheduler tick (${TICKS} ticks 30 s apart after the first; in-memory poster)\n`);
  console.log('| subscriptions | due per tick | SQLite p50 | SQLite p95 | SQLite first tick | PostgreSQL p50 | PostgreSQL p95 | PostgreSQL first tick |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const n of SIZES) {
    const lite = await onSqlite(n);
    const post = url ? await onPostgres(url, n) : undefined;
    console.log(`| ${n.toLocaleString('en')} | ${lite.duePerTick.toFixed(1)} | ${fmt(lite)} | ${fmt(post)} |`);
  }
  if (!url) console.log('\n(PostgreSQL skipped: DATABASE_URL is not set)');
}

await main();
