/**
 * `npm run bench:reload`: hot reload of a 100k-fact base while signed slash commands arrive over
 * real HTTP. The bot runs as its own process (`briefbot serve`, HTTP mode, credentials from the
 * Slack stand-in in this process) with bench/stall-probe.js loaded into it. Reports ack
 * p50/p95/p99 during the reload, and the bot's longest event-loop stall (monitorEventLoopDelay).
 * Targets: ack p99 < 100 ms, no stall over 50 ms.
 *   BENCH_CLI=<path to cli.js>  run another build (e.g. the old main-thread reload, for "before")
 *   BENCH_FACTS=100000          fact base size
 *   BENCH_NODE_FLAGS="…"         extra node flags for the bot (e.g. --trace-gc), besides its own
 *   BENCH_BOT_STDOUT=<file>      copy the bot's stdout there (e.g. the --trace-gc lines)
 */
import { fork } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { serializeFactBase } from '../src/ingest/build.js';
import { silentLogger } from '../src/logger.js';
import { startSlackStandIn, type SlackStandIn } from '../src/sandbox/slack/index.js';
import { generate } from './synthetic.js';

const SIZE = Number(process.env['BENCH_FACTS'] ?? 100_000);
/** 50 commands a second, steadily. */
const INTERVAL_MS = 20;
const QUERIES = ['kenya malaysia', 'trade', 'help', 'sources', 'zzyzx'];
const cli = process.env['BENCH_CLI'] ?? join(import.meta.dirname, '..', 'src', 'cli.js');
const probe = join(import.meta.dirname, 'stall-probe.js');

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'briefbot-reload-'));
  const file = join(dataDir, 'factbase.json');
  process.stdout.write(`generating two fact bases of ~${SIZE} facts…\n`);
  writeFileSync(file, serializeFactBase(generate(SIZE, 10, 1).data));
  // A different size, so /healthz shows when the new one is serving.
  const next = Buffer.from(serializeFactBase(generate(SIZE + 17, 10, 2).data));
  process.stdout.write(`fact base file: ${(next.length / 1e6).toFixed(0)} MB\n`);

  // The generated objects are garbage now: collect them before timing, so this process's own GC
  // pauses do not show up as slow acks.
  (globalThis as { gc?: () => void }).gc?.();
  const slack = await startSlackStandIn({ logger: silentLogger() });
  const child = fork(cli, ['serve'], {
    execArgv: ['--import', probe, ...(process.env['BENCH_NODE_FLAGS'] ?? '').split(' ').filter(Boolean)],
    env: {
      PATH: process.env['PATH'] ?? '',
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: slack.signingSecret,
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      VAR_DIR: mkdtempSync(join(tmpdir(), 'briefbot-bench-')),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bot exited with ${code}`)));
    const copy = process.env['BENCH_BOT_STDOUT'];
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (copy) appendFileSync(copy, `${line}\n`);
      const m = /listening on (http:\/\/\S+?)\/? /.exec(line);
      if (m?.[1]) resolve(m[1]);
    });
  });
  slack.connect(`${url}/slack/events`);
  const ask = <T>(m: string) =>
    new Promise<T>((resolve) => {
      child.once('message', (r) => resolve(r as T));
      child.send(m);
    });

  await commands(slack, () => false, 60); // warm-up
  // Baseline: the same commands for 3 s with no reload, so a stall of the commands themselves is
  // not mistaken for one of the reload.
  await ask('reset');
  const baseAcks: number[] = [];
  await commands(slack, () => false, 3000 / INTERVAL_MS, baseAcks);
  const base = await ask<{ maxMs: number; gcMaxMs: number }>('report');
  process.stdout.write(
    `baseline, no reload: ${baseAcks.length} commands, ack p99 ${pct(baseAcks, 99).toFixed(1)} ms, longest stall ${base.maxMs.toFixed(1)} ms\n`,
  );
  await ask('reset');
  let done = false;
  const acks: number[] = [];
  const load = commands(slack, () => done, Infinity, acks);
  await new Promise((r) => setTimeout(r, 500));
  const t0 = performance.now();
  await writeFile(`${file}.tmp`, next);
  await rename(`${file}.tmp`, file);
  let facts = 0;
  let healthFailures = 0;
  while (facts !== SIZE + 17) {
    await new Promise((r) => setTimeout(r, 50));
    try {
      facts = ((await (await fetch(`${url}/healthz`)).json()) as { facts: number }).facts;
    } catch (err) {
      if (child.exitCode !== null) throw new Error(`bot exited (${child.exitCode}) during the reload`);
      healthFailures++;
      if (healthFailures === 1) process.stdout.write(`/healthz failed during the reload: ${String((err as Error).cause ?? err)}\n`);
    }
  }
  const reloadMs = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 1000));
  done = true;
  await load;
  const stall = await ask<{ maxMs: number; p99Ms: number; gcMaxMs: number; stalls: { at: number; ms: number; during: string[] }[]; spans: Record<string, unknown> }>('report');
  const row = {
    facts: SIZE,
    commands: acks.length,
    ackP50: pct(acks, 50),
    ackP95: pct(acks, 95),
    ackP99: pct(acks, 99),
    ackMax: pct(acks, 100),
    maxStallMs: stall.maxMs,
    longestGcMs: stall.gcMaxMs,
    reloadMs,
    healthFailures,
    baselineAckP99: pct(baseAcks, 99),
    baselineMaxStallMs: base.maxMs,
  };
  process.stdout.write(
    `reload of ${SIZE} facts took ${(reloadMs / 1000).toFixed(1)} s (write to serving)\n` +
      `commands during it: ${row.commands}; ack p50 ${row.ackP50.toFixed(1)} ms, p95 ${row.ackP95.toFixed(1)} ms, p99 ${row.ackP99.toFixed(1)} ms, max ${row.ackMax.toFixed(1)} ms\n` +
      `longest event-loop stall in the bot: ${stall.maxMs.toFixed(1)} ms (longest GC pause ${stall.gcMaxMs.toFixed(1)} ms)\n` +
      // What each long stall overlapped: a GC pause (its kind), a measured step of the hand-over, or nothing.
      stall.stalls.map((s) => `  stall ${s.ms} ms at ${s.at} ms: ${s.during.join(', ') || 'no GC or measured step'}\n`).join('') +
      `GC pauses and measured steps (2 ms or more): ${JSON.stringify(stall.spans)}\n` +
      `${JSON.stringify({ bench: 'reload', ...row })}\n`,
  );
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  await slack.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

/**
 * Open loop: one command every INTERVAL_MS whether or not earlier ones were answered, each ack
 * timed from when it was due. A closed loop (wait, then send) would send nothing while the bot
 * is stalled and so hide the stall from the figures.
 */
async function commands(slack: SlackStandIn, stop: () => boolean, total: number, acks: number[] = []): Promise<void> {
  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < total && !stop(); i++) {
    const due = started + i * INTERVAL_MS;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(
      slack.sendCommand({ text: QUERIES[i % QUERIES.length]! }).then((d) => {
        if (d.status === 200) acks.push(performance.now() - due);
      }),
    );
  }
  await Promise.all(inFlight);
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
}

await main();
