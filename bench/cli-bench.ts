/**
 * `npm run bench:cli`: whole-process start-up times, median and p95 over several runs.
 *   ask   — `node dist/src/cli.js ask "kenya malaysia"`, spawn to exit
 *   ready — `npm start` (local mode, stand-ins), spawn to the first 200 from /healthz
 * Targets on a built clone: ask < 0.8 s, ready < 6 s.
 *   BENCH_ROOT=<checkout>  measure another built checkout (e.g. an older commit, for "before")
 *   BENCH_RUNS=7
 *   BENCH_FACTS=100000     ask only, over a generated fact base of that size (target < 1.5 s),
 *                          with no corpus cache (CACHE_DIR=off) and with the cache a first ask wrote
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { writeFactBaseFile } from '../src/factbase/file-io.js';
import { generate } from './synthetic.js';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = process.env['BENCH_ROOT'] ?? join(import.meta.dirname, '..', '..');
const RUNS = Number(process.env['BENCH_RUNS'] ?? 7);

const FACTS = process.env['BENCH_FACTS'] === undefined ? undefined : Number(process.env['BENCH_FACTS']);

async function main(): Promise<void> {
  if (FACTS !== undefined) return askAtScale(FACTS);
  const ask: number[] = [];
  for (let i = 0; i < RUNS; i++) ask.push(await timeAsk());
  const ready: number[] = [];
  for (let i = 0; i < RUNS; i++) ready.push(await timeReady());
  const row = { root, runs: RUNS, askP50: pct(ask, 50), askP95: pct(ask, 95), readyP50: pct(ready, 50), readyP95: pct(ready, 95) };
  process.stdout.write(
    `briefbot ask: median ${row.askP50.toFixed(0)} ms, p95 ${row.askP95.toFixed(0)} ms\n` +
      `npm start → /healthz: median ${row.readyP50.toFixed(0)} ms, p95 ${row.readyP95.toFixed(0)} ms\n` +
      `${JSON.stringify({ bench: 'cli', ...row })}\n`,
  );
}

async function askAtScale(facts: number): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'briefbot-cli-bench-data-'));
  const varDir = mkdtempSync(join(tmpdir(), 'briefbot-cli-bench-var-'));
  await writeFactBaseFile(join(dataDir, 'factbase.json'), generate(facts, 10, 1).data);
  const noCache: number[] = [];
  for (let i = 0; i < RUNS; i++) noCache.push(await timeAsk({ DATA_DIR: dataDir, VAR_DIR: varDir, CACHE_DIR: 'off' }));
  // The first ask with the cache on writes it (and is not counted); the others read it.
  const first = await timeAsk({ DATA_DIR: dataDir, VAR_DIR: varDir });
  const cached: number[] = [];
  for (let i = 0; i < RUNS; i++) cached.push(await timeAsk({ DATA_DIR: dataDir, VAR_DIR: varDir }));
  const viaBot = await withRunningBot({ DATA_DIR: dataDir, VAR_DIR: varDir }, async () => {
    const xs: number[] = [];
    for (let i = 0; i < RUNS; i++) xs.push(await timeAsk({ DATA_DIR: dataDir, VAR_DIR: varDir }));
    return xs;
  });
  const row = {
    root,
    runs: RUNS,
    facts,
    noCacheP50: pct(noCache, 50),
    noCacheP95: pct(noCache, 95),
    firstWithCacheWrite: first,
    cacheP50: pct(cached, 50),
    cacheP95: pct(cached, 95),
    botP50: pct(viaBot, 50),
    botP95: pct(viaBot, 95),
  };
  process.stdout.write(
    `briefbot ask over ${facts} facts, no cache: median ${row.noCacheP50.toFixed(0)} ms, p95 ${row.noCacheP95.toFixed(0)} ms\n` +
      `first ask, writing the cache: ${first.toFixed(0)} ms\n` +
      `briefbot ask from the cache: median ${row.cacheP50.toFixed(0)} ms, p95 ${row.cacheP95.toFixed(0)} ms\n` +
      `briefbot ask answered by a running bot: median ${row.botP50.toFixed(0)} ms, p95 ${row.botP95.toFixed(0)} ms\n` +
      `${JSON.stringify({ bench: 'cli-ask', ...row })}\n`,
  );
}

function timeAsk(env: Record<string, string> = {}): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(root, 'dist', 'src', 'cli.js'), 'ask', 'kenya malaysia'], {
    cwd: root,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve(performance.now() - t0) : reject(new Error(`ask exited with ${code}`)))),
  );
}

/** Runs `work` while `briefbot serve` runs over the same DATA_DIR and VAR_DIR (ready once it wrote its ask endpoint). */
async function withRunningBot<T>(env: Record<string, string>, work: () => Promise<T>): Promise<T> {
  const child = spawn(process.execPath, [join(root, 'dist', 'src', 'cli.js'), 'serve'], {
    cwd: root,
    env: { PATH: process.env['PATH'] ?? '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    const endpoint = join(env['VAR_DIR']!, 'ask-endpoint.json');
    while (!existsSync(endpoint)) {
      if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return await work();
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

async function timeReady(): Promise<number> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: root,
    env: { PATH: process.env['PATH'] ?? '', PORT: String(port), HOST: '127.0.0.1', VAR_DIR: mkdtempSync(join(tmpdir(), 'briefbot-cli-bench-')), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (res.ok) return performance.now() - t0;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    // npm runs the bot as its child: stop the whole group this bench started.
    process.kill(-child.pid!, 'SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
}

await main();
