/**
 * `npm run bench:load`: load + index of a big fact base through the real path, with the bot
 * answering /healthz throughout. For each size (BENCH_SIZES, default 100000,1000000):
 *   reload — the bot (its own process, local mode) serves the seed fact base; the big file is
 *            renamed over it; timed from the rename to /healthz showing the new fact count. This
 *            is the path `briefbot ingest` takes on a running bot: streamed read, zod record by
 *            record, index built on a second worker, facts sent over in frames as read. /healthz is polled every
 *            20 ms throughout and its slowest answer reported.
 *   start  — a new bot process on the big file, spawn to the first 200 from /healthz, once with
 *            no corpus cache (CACHE_DIR=off) and once with the cache the reload wrote.
 * Peak RSS is the bot process's VmHWM (main thread and worker together).
 *   BENCH_STORE=file       the file store (default), as above.
 *   BENCH_STORE=postgres   PostgreSQL at DATABASE_URL, in a schema of its own (dropped after):
 *     reload — a bot on FACT_STORE=postgres serves the seed fact base; the big one is written
 *              through the store's own write (one transaction, timed apart; on a worker thread,
 *              pg-write-worker.ts, so it never blocks the polling below); timed from the
 *              commit to /healthz showing the new count (NOTIFY, the worker reads what changed,
 *              indexes, hands over). Polled on /healthz throughout, as for the file.
 *     start  — a new bot process on the schema, spawn to the first 200 (no corpus cache: a
 *              database has none).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { writeFactBaseFile, readFactBaseFile } from '../src/factbase/file-io.js';
import { PostgresFactStore } from '../src/factbase/pg-store.js';
import { generate } from './synthetic.js';

const SIZES = (process.env['BENCH_SIZES'] ?? '100000,1000000').split(',').map(Number);
const STORE = process.env['BENCH_STORE'] ?? 'file';
const cli = process.env['BENCH_CLI'] ?? join(import.meta.dirname, '..', 'src', 'cli.js');
const seedFile = join(import.meta.dirname, '..', '..', 'data', 'factbase.json');
const probe = join(import.meta.dirname, 'stall-probe.js');

interface Bot {
  child: ChildProcess;
  url: string;
  readyMs: number;
}

async function main(): Promise<void> {
  if (STORE !== 'file' && STORE !== 'postgres') throw new Error(`BENCH_STORE=${STORE}: expected file or postgres`);
  if (STORE === 'postgres' && !process.env['DATABASE_URL']) throw new Error('BENCH_STORE=postgres needs DATABASE_URL');
  for (const size of SIZES) await (STORE === 'file' ? runSize(size) : runSizePostgres(size));
}

async function runSize(size: number): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'briefbot-load-'));
  const varDir = mkdtempSync(join(tmpdir(), 'briefbot-load-var-'));
  const file = join(dataDir, 'factbase.json');
  const big = join(dataDir, 'big.json');
  process.stdout.write(`generating ${size} facts…\n`);
  await prepare(size, big);
  (globalThis as { gc?: () => void }).gc?.();
  const mb = statSync(big).size / 1e6;
  process.stdout.write(`fact base file: ${mb.toFixed(0)} MB\n`);
  copyFileSync(seedFile, file);

  // Reload: the path a running bot takes when the fact base changes.
  const bot = await startBot(dataDir, varDir, {});
  const poll = pollHealth(bot, size);
  const t0 = performance.now();
  await rename(big, file);
  const health = await poll;
  const reloadMs = performance.now() - t0;
  // Let the worker finish writing the corpus cache before the bot is stopped.
  await waitForCache(varDir);
  const reloadRss = peakRssMb(bot.child.pid!);
  await stopBot(bot);

  const cold = await timedStart(dataDir, varDir, { CACHE_DIR: 'off' });
  const warm = await timedStart(dataDir, varDir, {});

  const row = {
    store: STORE,
    facts: size,
    fileMb: Math.round(mb),
    reloadMs: Math.round(reloadMs),
    reloadPeakRssMb: reloadRss,
    ...healthRow(health),
    startNoCacheMs: Math.round(cold.readyMs),
    startNoCachePeakRssMb: cold.rss,
    startCacheMs: Math.round(warm.readyMs),
    startCachePeakRssMb: warm.rss,
  };
  process.stdout.write(
    `${size} facts (${row.fileMb} MB, ${STORE}):\n` +
      `  reload into a running bot: ${(reloadMs / 1000).toFixed(1)} s, peak RSS ${reloadRss} MB; ${healthText(health)}\n` +
      `  start, no cache: ${(cold.readyMs / 1000).toFixed(1)} s, peak RSS ${cold.rss} MB\n` +
      `  start, from the cache: ${(warm.readyMs / 1000).toFixed(1)} s, peak RSS ${warm.rss} MB\n` +
      `${JSON.stringify({ bench: 'load', ...row })}\n`,
  );
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(varDir, { recursive: true, force: true });
}

/** The PostgreSQL cell: see the header. */
async function runSizePostgres(size: number): Promise<void> {
  const schema = `bench_load_${randomBytes(4).toString('hex')}`;
  const u = new URL(process.env['DATABASE_URL']!);
  u.searchParams.set('options', `-c search_path=${schema}`);
  const admin = new pg.Client({ connectionString: process.env['DATABASE_URL'] });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'briefbot-load-'));
  const varDir = mkdtempSync(join(tmpdir(), 'briefbot-load-var-'));
  const env = { FACT_STORE: 'postgres', DATABASE_URL: u.toString() };
  const store = await PostgresFactStore.open({ kind: 'postgres', url: u.toString() });
  try {
    await store.write(await readFactBaseFile(seedFile));
    const bot = await startBot(dataDir, varDir, env, true);
    process.stdout.write(`generating ${size} facts…\n`);
    const writer = new Worker(new URL('./pg-write-worker.js', import.meta.url), { workerData: { url: u.toString(), size }, resourceLimits: { maxOldGenerationSizeMb: 8192 } });
    const said = (type: string) =>
      new Promise<{ writeMs: number }>((resolve, reject) => {
        const on = (m: { type: string; writeMs: number }) => {
          if (m.type !== type) return;
          writer.off('message', on);
          resolve(m);
        };
        writer.on('message', on);
        writer.once('error', reject);
      });
    await said('generated');
    await askProbe(bot, 'reset');
    const poll = pollHealth(bot, size);
    const { writeMs } = await said('committed');
    const t0 = performance.now();
    const health = await poll;
    const reloadMs = performance.now() - t0;
    await writer.terminate();
    const reloadRss = peakRssMb(bot.child.pid!);
    const stalls = await botStalls(bot, t0);
    await stopBot(bot);
    const cold = await timedStart(dataDir, varDir, env);
    const row = {
      store: STORE,
      facts: size,
      writeMs: Math.round(writeMs),
      reloadMs: Math.round(reloadMs),
      reloadPeakRssMb: reloadRss,
      ...healthRow(health),
      slowestAnswerFromCommitMs: Math.round(health.slowestAt - t0),
      botMaxStallMs: stalls.maxMs,
      botGcMaxMs: stalls.gcMaxMs,
      startMs: Math.round(cold.readyMs),
      startPeakRssMb: cold.rss,
    };
    process.stdout.write(
      `${size} facts (postgres): write (one transaction) ${(writeMs / 1000).toFixed(1)} s\n` +
        `  commit to a running bot answering with them: ${(reloadMs / 1000).toFixed(1)} s, peak RSS ${reloadRss} MB; ${healthText(health)}\n` +
        `  the slowest /healthz answer began ${((health.slowestAt - t0) / 1000).toFixed(1)} s from the commit (negative: during the write); ` +
        `the bot's own event loop stalled up to ${stalls.maxMs} ms (longest GC pause ${stalls.gcMaxMs} ms)${stalls.long.map((x) => `\n    stall ${x.ms} ms at ${(x.fromCommitMs / 1000).toFixed(1)} s from the commit: ${x.during || 'no GC or measured step'}`).join('')}\n` +
        `  start: ${(cold.readyMs / 1000).toFixed(1)} s, peak RSS ${cold.rss} MB\n` +
        `${JSON.stringify({ bench: 'load', ...row })}\n`,
    );
  } finally {
    await store.close();
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(varDir, { recursive: true, force: true });
  }
}

/** Writes the generated fact base through the store's own write path. */
async function prepare(size: number, file: string): Promise<void> {
  await writeFactBaseFile(file, generate(size, 10, 1).data);
}

async function startBot(dataDir: string, varDir: string, env: Record<string, string>, withProbe = false): Promise<Bot> {
  const t0 = performance.now();
  const child = fork(cli, ['serve'], {
    // The stall probe (stall-probe.ts) measures the bot's own event loop, to tell a slow answer of its own from the machine's or the database's.
    execArgv: withProbe ? ['--import', probe] : [],
    env: { PATH: process.env['PATH'] ?? '', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, VAR_DIR: varDir, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bot exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /(?:listening on|Open) (http:\/\/[^\s/]+)/.exec(line);
      if (m?.[1]) resolve(m[1]);
    });
  });
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return { child, url, readyMs: performance.now() - t0 };
}

/** A bot started (its time to the first 200 from /healthz) and stopped again, with its peak RSS. */
async function timedStart(dataDir: string, varDir: string, env: Record<string, string>): Promise<{ readyMs: number; rss: number }> {
  const bot = await startBot(dataDir, varDir, env);
  const rss = peakRssMb(bot.child.pid!);
  await stopBot(bot);
  return { readyMs: bot.readyMs, rss };
}

type Health = Awaited<ReturnType<typeof pollHealth>>;

function healthRow(h: Health): { healthPolls: number; healthMaxMs: number; healthP99Ms: number; healthFailures: number; benchStallMs: number } {
  return { healthPolls: h.polls, healthMaxMs: round1(h.maxMs), healthP99Ms: round1(h.p99Ms), healthFailures: h.failures, benchStallMs: round1(h.benchStallMs) };
}

function healthText(h: Health): string {
  return `/healthz ${h.polls} polls, max ${round1(h.maxMs)} ms, p99 ${round1(h.p99Ms)} ms, ${h.failures} failed (the bench's own loop blocked up to ${round1(h.benchStallMs)} ms)`;
}

async function stopBot(bot: Bot): Promise<void> {
  const exited = new Promise((r) => bot.child.once('exit', r));
  bot.child.kill('SIGTERM');
  await exited;
}

/** Polls /healthz every 20 ms until it reports `facts`; every answer's latency counts. */
async function pollHealth(bot: Bot, facts: number): Promise<{ polls: number; maxMs: number; p99Ms: number; failures: number; benchStallMs: number; slowestAt: number }> {
  const { url } = bot;
  const lat: number[] = [];
  let failures = 0;
  let slowest = { ms: -1, at: Number.NaN };
  // A slow answer is the bot's only if this process was not itself blocked meanwhile: its own
  // loop's delay is reported beside (the PostgreSQL cell's write runs on a worker for that reason).
  const own = monitorEventLoopDelay({ resolution: 10 });
  own.enable();
  // The monitor records from its second tick on: a block right after enable() would go unseen.
  await new Promise((r) => setTimeout(r, 50));
  for (;;) {
    if (bot.child.exitCode !== null || bot.child.signalCode !== null) throw new Error(`bot exited (${bot.child.exitCode ?? bot.child.signalCode}) during the load`);
    const t = performance.now();
    try {
      const body = (await (await fetch(`${url}/healthz`)).json()) as { facts: number };
      const ms = performance.now() - t;
      if (ms > slowest.ms) slowest = { ms, at: t };
      lat.push(ms);
      if (body.facts === facts) break;
    } catch (err) {
      failures++;
      if (failures === 1) process.stdout.write(`/healthz failed: ${String((err as Error).cause ?? err)}\n`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  own.disable();
  const s = [...lat].sort((a, b) => a - b);
  return { polls: lat.length, maxMs: s[s.length - 1] ?? NaN, p99Ms: s[Math.ceil(0.99 * s.length) - 1] ?? NaN, failures, benchStallMs: own.max / 1e6, slowestAt: slowest.at };
}

/** Sends the stall probe `m` and resolves to its answer. */
function askProbe<T>(bot: Bot, m: 'reset' | 'report'): Promise<T> {
  return new Promise<T>((resolve) => {
    bot.child.once('message', (r) => resolve(r as T));
    bot.child.send(m);
  });
}

interface ProbeReport {
  now: number;
  maxMs: number;
  gcMaxMs: number;
  stalls: { at: number; ms: number; during: string[] }[];
}

/** The bot's longest stalls since the reset (500 ms or more, the 5 longest), placed on this process's clock relative to `commitAt`. */
async function botStalls(bot: Bot, commitAt: number): Promise<{ maxMs: number; gcMaxMs: number; long: { ms: number; fromCommitMs: number; during: string }[] }> {
  const asked = performance.now();
  const r = await askProbe<ProbeReport>(bot, 'report');
  const offset = asked - r.now;
  const long = r.stalls
    .filter((x) => x.ms >= 500)
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5)
    .map((x) => ({ ms: x.ms, fromCommitMs: x.at + offset - commitAt, during: x.during.join(', ') }));
  return { maxMs: round1(r.maxMs), gcMaxMs: round1(r.gcMaxMs), long };
}

async function waitForCache(varDir: string): Promise<void> {
  const dir = join(varDir, 'cache');
  for (let i = 0; i < 1200; i++) {
    try {
      const files = readdirSync(dir);
      if (files.some((f) => f.endsWith('.corpus'))) return;
    } catch {
      // not made yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

await main();
