/**
 * `npm run bench:slack-robustness`: the bot as its own process (`briefbot serve`, HTTP mode)
 * against the loopback Slack stand-in in this process, which fails on purpose.
 *
 *   1. Faults on response_url: every command's first post gets a 500, a reset, a 2 s hang (not
 *      taken), or is taken but answered 2 s late (the bot's timeout set to 1 s). Counts briefs
 *      delivered once, lost, and duplicated (two messages on one response_url).
 *   2. Overload: commands sent open-loop at a fixed rate for a few seconds. Reports ack p50/p99,
 *      busy acks, and answer p50/p95/max for those answered.
 *
 * BENCH_COMMANDS (default 1000), BENCH_RATES (default "300,600,900"), BENCH_SECONDS (default 5),
 * BENCH_ONLY=faults|overload, SLACK_ANSWER_QUEUE_MAX (passed to the bot).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { silentLogger } from '../src/logger.js';
import { firstPostFails, type Fault } from '../src/sandbox/slack/faults.js';
import { startSlackStandIn, type Delivery, type SlackStandIn } from '../src/sandbox/slack/index.js';

const QUERIES = ['kenya malaysia', 'malaysa kenyan beef', 'china kenya trade', 'ruto', 'kenya topic:trade', 'sources', 'help', 'zzyzx'];
// BENCH_CLI: another build of the bot (e.g. an older commit's dist/src/cli.js) to compare against.
const cli = process.env['BENCH_CLI'] ?? join(import.meta.dirname, '..', 'src', 'cli.js');
const COMMANDS = Number(process.env['BENCH_COMMANDS'] ?? 1000);
const RATES = (process.env['BENCH_RATES'] ?? '300,600,900').split(',').map(Number);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);

async function startBotProcess(slack: SlackStandIn, env: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [cli, 'serve'], {
    env: {
      PATH: process.env['PATH'] ?? '',
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: slack.signingSecret,
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: process.env['DATA_DIR'] ?? 'data',
      VAR_DIR: mkdtempSync(join(tmpdir(), 'briefbot-bench-')),
      LOG_LEVEL: 'error',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bot exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /listening on (http:\/\/\S+?)\/? /.exec(line);
      if (m?.[1]) resolve(m[1]);
    });
  });
  slack.connect(`${url}/slack/events`);
  return { child, url };
}

async function stop(child: ChildProcess): Promise<void> {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

async function faults(): Promise<void> {
  const cases: [string, Fault | undefined][] = [
    ['none', undefined],
    ['500 once', { kind: 'status', status: 500 }],
    ['reset once', { kind: 'reset' }],
    ['hang 2 s once', { kind: 'hang', ms: 2000 }],
    ['late 2 s once', { kind: 'late', ms: 2000 }],
  ];
  process.stdout.write(`response_url faults, ${COMMANDS} commands each, 50 concurrent\nfault           once   lost   duplicated  posts\n`);
  for (const [name, fault] of cases) {
    const slack = await startSlackStandIn({ logger: silentLogger() });
    const { child } = await startBotProcess(slack, { SLACK_RESPONSE_URL_TIMEOUT_MS: '1000' });
    if (fault) slack.faults.responseUrl = firstPostFails(fault);
    const sent: Delivery[] = [];
    let next = 0;
    await Promise.all(Array.from({ length: 50 }, async () => {
      while (next < COMMANDS) {
        next += 1;
        sent.push(await slack.sendCommand({ text: QUERIES[next % QUERIES.length]! }));
      }
    }));
    // Retries back off up to a few seconds: wait until nothing has arrived for 8 s.
    let last = -1;
    while (last !== slack.messages.length) {
      last = slack.messages.length;
      await new Promise((r) => setTimeout(r, 8000));
    }
    const byUrl = new Map<string, number>();
    for (const m of slack.messages) if (m.author === 'bot' && m.responseUrl) byUrl.set(m.responseUrl, (byUrl.get(m.responseUrl) ?? 0) + 1);
    const counts = sent.map((d) => byUrl.get(d.responseUrl ?? '') ?? 0);
    const posts = slack.calls.filter((c) => c.method === 'response_url').length;
    process.stdout.write(
      `${name.padEnd(14)} ${String(counts.filter((c) => c === 1).length).padStart(5)}  ${String(counts.filter((c) => c === 0).length).padStart(5)}  ${String(counts.filter((c) => c > 1).length).padStart(10)}  ${String(posts).padStart(5)}\n`,
    );
    await stop(child);
    await slack.stop();
  }
}

async function overload(): Promise<void> {
  process.stdout.write(`\noverload: open-loop for ${SECONDS} s (SLACK_ANSWER_QUEUE_MAX=${process.env['SLACK_ANSWER_QUEUE_MAX'] ?? 'default'})\nrate/s  sent  ack p50  ack p99  busy  answered  answer p50  answer p95  answer max\n`);
  for (const rate of RATES) {
    const slack = await startSlackStandIn({ logger: silentLogger() });
    const queueMax = process.env['SLACK_ANSWER_QUEUE_MAX'];
    const { child } = await startBotProcess(slack, queueMax ? { SLACK_ANSWER_QUEUE_MAX: queueMax } : {});
    const acks: number[] = [];
    const pending: Promise<{ d: Delivery; t0: number }>[] = [];
    const started = performance.now();
    let sent = 0;
    while (performance.now() - started < SECONDS * 1000) {
      const due = Math.floor(((performance.now() - started) / 1000) * rate);
      for (; sent < due; sent++) {
        const t0 = performance.now();
        pending.push(slack.sendCommand({ text: QUERIES[sent % QUERIES.length]! }).then((d) => {
          acks.push(performance.now() - t0);
          return { d, t0 };
        }));
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    const done = await Promise.all(pending);
    const busy = done.filter(({ d }) => d.status === 200 && d.responseBody !== '').length;
    const taken = done.filter(({ d }) => d.status === 200 && d.responseBody === '');
    let last = -1;
    while (last !== slack.messages.length) {
      last = slack.messages.length;
      await new Promise((r) => setTimeout(r, 3000));
    }
    const at = new Map<string, number>();
    for (const m of slack.messages) if (m.responseUrl && !at.has(m.responseUrl)) at.set(m.responseUrl, m.receivedAt);
    const answers = taken.flatMap(({ d, t0 }) => (at.has(d.responseUrl ?? '') ? [at.get(d.responseUrl!)! - t0] : []));
    const failed = done.filter(({ d }) => d.status !== 200).length;
    process.stdout.write(
      `${String(rate).padStart(6)}  ${String(sent).padStart(4)}  ${ms(pct(acks, 50))}  ${ms(pct(acks, 99))}  ${String(busy).padStart(4)}  ${String(answers.length).padStart(8)}  ${ms(pct(answers, 50), 10)}  ${ms(pct(answers, 95), 10)}  ${ms(Math.max(...answers), 10)}${failed ? `  (${failed} acks failed)` : ''}\n`,
    );
    await stop(child);
    await slack.stop();
  }
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
}

function ms(v: number, width = 7): string {
  return `${v.toFixed(0)} ms`.padStart(width);
}

if (process.env['BENCH_ONLY'] !== 'overload') await faults();
if (process.env['BENCH_ONLY'] !== 'faults') await overload();
