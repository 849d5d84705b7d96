/**
 * `npm run bench:replicas`: two bot processes on one PostgreSQL (DATABASE_URL; a schema of its own,
 * dropped after).
 *
 * 1. Ingest to answer: two `briefbot serve` processes (built, local mode with the Slack stand-in)
 *    follow the fact store; BENCH_INGESTS times (default 8) an article with a new word is added and
 *    `briefbot ingest` run from the CLI. Measured: from the version's commit (fb_versions.committed_at,
 *    the database's clock, on this host) until both processes answer `/brief <word>` with the new fact
 *    (each polled every 100 ms). Target < 5 s.
 * 2. No duplicate digests: BENCH_DUE (default 10,000) subscriptions due now, each in its own channel,
 *    and two `briefbot digest run` processes started at once against the same store, posting to one
 *    Slack stand-in. Counted: channels with more than one digest (target 0) and the ledger's statuses.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { silentLogger } from '../src/logger.js';
import { startSlackStandIn } from '../src/sandbox/slack/index.js';

const url = process.env['DATABASE_URL'];
const INGESTS = Number(process.env['BENCH_INGESTS'] ?? 8);
const DUE = Number(process.env['BENCH_DUE'] ?? 10_000);
// A different country each time: the ingest merges near-identical claims about the same parties
// (measured: two quota sentences differing only in the commodity became one fact).
const COUNTRIES = ['Ghana', 'Peru', 'Chile', 'Norway', 'Vietnam', 'Egypt', 'Canada', 'Japan', 'Brazil', 'Morocco', 'Turkey', 'Mexico'];
const WORDS = ['quinoa', 'cardamom', 'vanilla', 'cashew', 'sesame', 'sorghum', 'pistachio', 'hazelnut', 'saffron', 'turmeric', 'avocado', 'ginger'];
const cli = join(import.meta.dirname, '../src/cli.js');

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

async function sql(statement: string, params: unknown[] = [], schema?: string): Promise<pg.QueryResult> {
  const c = new pg.Client({ connectionString: url, application_name: 'briefbot-bench', ...(schema ? { options: `-c search_path=${schema}` } : {}) });
  await c.connect();
  try {
    return await c.query(statement, params);
  } finally {
    await c.end();
  }
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [cli, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

function serve(env: NodeJS.ProcessEnv): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [cli, 'serve'], { env: { ...env, PORT: '0', HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Open (http:\/\/\S+) and type/.exec(out);
      if (m) resolve({ url: m[1]!, child });
    });
  });
}

/** Whether `/brief <word>` now cites the article (its id is in the citation's URL; the words may be bolded). */
async function answers(base: string, word: string, id: string): Promise<boolean> {
  const tl = async () => ((await (await fetch(new URL('/sandbox/slack/timeline', base))).json()) as { messages: { author: string; text: string; blocks: unknown[] }[] }).messages.filter((m) => m.author === 'bot');
  const before = (await tl()).length;
  await fetch(new URL('/sandbox/slack/command', base), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ command: '/brief', text: word }) });
  for (let i = 0; i < 1000; i++) {
    const bots = await tl();
    if (bots.length > before) return JSON.stringify(bots.at(-1)!.blocks).includes(id);
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

function articleId(word: string, n: number): string {
  return `bench-2026-02-${String(n + 1).padStart(2, '0')}-${word}`;
}

function article(word: string, n: number): string {
  const id = articleId(word, n);
  return `---
id: ${id}
title: ${COUNTRIES[n % COUNTRIES.length]} and Malaysia agree on ${word} quotas
publisher: Bench Wire
publisherKind: wire
published: 2026-02-${String(n + 1).padStart(2, '0')}
url: https://bench.example.org/${id}
language: en
---
${COUNTRIES[n % COUNTRIES.length]} and Malaysia agree on ${word} quotas

${COUNTRIES[n % COUNTRIES.length]} and Malaysia agreed on Monday to raise the quota for ${word} sold to Malaysian buyers to ${n + 2},000 tonnes a year.
`;
}

async function ingestToAnswer(env: NodeJS.ProcessEnv, dataDir: string, schema: string): Promise<number[]> {
  const replicas = await Promise.all([serve(env), serve(env)]);
  const times: number[] = [];
  try {
    for (let i = 0; i < INGESTS; i++) {
      const word = WORDS[i % WORDS.length]!;
      writeFileSync(join(dataDir, 'articles', `${articleId(word, i)}.md`), article(word, i));
      const r = await run(['ingest'], env);
      const version = /\(version (\d+)\)/.exec(r.stdout)?.[1];
      if (!version) throw new Error(`ingest failed: ${r.stdout}${r.stderr}`);
      const committed = ((await sql('select committed_at from fb_versions where version = $1', [version], schema)).rows[0] as { committed_at: Date }).committed_at.getTime();
      const giveUp = Date.now() + 120_000;
      const done = await Promise.all(
        replicas.map(async (rep) => {
          while (!(await answers(rep.url, word, articleId(word, i)))) {
            if (Date.now() > giveUp) throw new Error(`replica ${rep.url} did not answer ${word} within 120 s`);
            await new Promise((res) => setTimeout(res, 100));
          }
          return Date.now();
        }),
      );
      times.push(Math.max(...done) - committed);
      process.stderr.write(`ingest ${i + 1}: ${((Math.max(...done) - committed) / 1000).toFixed(2)} s\n`);
    }
  } finally {
    for (const r of replicas) r.child.kill('SIGTERM');
  }
  return times;
}

async function digestsOnce(env: NodeJS.ProcessEnv, schema: string): Promise<{ channels: number; duplicated: number; statuses: Record<string, number>; ms: number }> {
  const standIn = await startSlackStandIn({ logger: silentLogger() });
  // One channel per subscription: the spacing the stand-in keeps per channel does not apply across them.
  standIn.rateLimit.perChannelMs = 0;
  try {
    const now = Date.now();
    const due = new Date(now - 2 * 60_000);
    const time = `${String(due.getUTCHours()).padStart(2, '0')}:${String(due.getUTCMinutes()).padStart(2, '0')}`;
    const created = new Date(now - 10 * 60_000).toISOString();
    for (let from = 0; from < DUE; from += 1000) {
      const values: unknown[] = [];
      const tuples: string[] = [];
      for (let i = from; i < Math.min(DUE, from + 1000); i++) {
        const row = [`r${i.toString(36)}`, 'slack', 'T0SANDBOX', `C${i}`, 'U1', 'kenya malaysia', 'daily', time, 'UTC', 1, created, 1];
        tuples.push(`(${row.map((_, k) => `$${values.length + k + 1}`).join(',')})`);
        values.push(...row);
      }
      await sql(`insert into subscriptions (id, platform, team_id, channel_id, created_by, query, schedule_kind, schedule_time, time_zone, post_when_empty, created_at, active) values ${tuples.join(',')}`, values, schema);
    }
    const postEnv = { ...env, SLACK_BOT_TOKEN: standIn.botToken, SLACK_API_URL: standIn.apiUrl };
    const start = performance.now();
    const results = await Promise.all([run(['digest', 'run'], postEnv), run(['digest', 'run'], postEnv)]);
    const ms = performance.now() - start;
    for (const [i, r] of results.entries()) {
      if (r.code !== 0) process.stderr.write(`digest run exited ${r.code}: ${r.stdout}${r.stderr.slice(-500)}\n`);
      // The whole log of each run, to find out why a slot failed (BENCH_LOGS=<dir>).
      if (process.env['BENCH_LOGS']) writeFileSync(join(process.env['BENCH_LOGS'], `digest-run-${i + 1}.log`), r.stderr);
    }
    const perChannel = new Map<string, number>();
    for (const m of standIn.messages) if (m.author === 'bot' && m.text.startsWith('Digest:')) perChannel.set(m.channel, (perChannel.get(m.channel) ?? 0) + 1);
    const statuses = Object.fromEntries(((await sql('select status, count(*)::int as n from digest_ledger group by status', [], schema)).rows as { status: string; n: number }[]).map((r) => [r.status, r.n]));
    return { channels: perChannel.size, duplicated: [...perChannel.values()].filter((n) => n > 1).length, statuses, ms };
  } finally {
    await standIn.stop();
  }
}

async function main(): Promise<void> {
  if (!url) {
    console.log('bench:replicas needs PostgreSQL: set DATABASE_URL');
    return;
  }
  const schema = `bench_rep_${randomBytes(4).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'briefbot-bench-replicas-'));
  const root = join(import.meta.dirname, '../..');
  mkdirSync(join(dataDir, 'articles'));
  for (const f of readdirSync(join(root, 'data'))) if (f.endsWith('.yaml')) cpSync(join(root, 'data', f), join(dataDir, f));
  cpSync(join(root, 'data', 'articles'), join(dataDir, 'articles'), { recursive: true });
  await sql(`create schema ${schema}`);
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  const env = { PATH: process.env['PATH'] ?? '', FACT_STORE: 'postgres', DATABASE_URL: u.toString(), DATA_DIR: dataDir, VAR_DIR: join(dataDir, 'var'), LOG_LEVEL: 'warn', DIGEST_TICK_MS: '3600000' };
  try {
    const first = await run(['ingest'], env);
    if (first.code !== 0) throw new Error(first.stderr);
    const times = await ingestToAnswer(env, dataDir, schema);
    console.log(`### ingest commit → both replicas answer (${times.length} ingests)\n`);
    console.log(`median ${(pct(times, 50) / 1000).toFixed(2)} s · p95 ${(pct(times, 95) / 1000).toFixed(2)} s · max ${(Math.max(...times) / 1000).toFixed(2)} s (target < 5 s)\n`);
    const d = await digestsOnce(env, schema);
    console.log(`### ${DUE.toLocaleString('en')} due subscriptions, two \`briefbot digest run\` processes at once\n`);
    console.log(`channels posted ${d.channels.toLocaleString('en')} · channels with a duplicate ${d.duplicated} · ledger ${JSON.stringify(d.statuses)} · ${(d.ms / 1000).toFixed(1)} s`);
  } finally {
    await sql(`drop schema if exists ${schema} cascade`);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
