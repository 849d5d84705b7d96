/**
 * `npm run bench:slack`: signed slash commands at 1, 10 and 50 concurrent against a running bot.
 * The bot runs as its own process (`briefbot serve`, HTTP mode) with credentials issued by the
 * local Slack stand-in in this process, exactly as it would run against Slack. Reports, p50/p95:
 *   ack    — from sending the signed request to the bot's HTTP 200
 *   answer — from sending it to the bot's post arriving on the response_url
 * Targets at 50 concurrent: ack p95 < 100 ms, answer p95 < 300 ms.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { silentLogger } from '../src/logger.js';
import { startSlackStandIn, type SlackStandIn } from '../src/sandbox/slack/index.js';

const LEVELS = [1, 10, 50];
const QUERIES = ['kenya malaysia', 'malaysa kenyan beef', 'china kenya trade', 'ruto', 'kenya topic:trade', 'sources', 'help', 'zzyzx'];
const cli = join(import.meta.dirname, '..', 'src', 'cli.js');

async function main(): Promise<void> {
  const slack = await startSlackStandIn({ logger: silentLogger() });
  // e.g. BENCH_BOT_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the bot.
  const nodeArgs = (process.env['BENCH_BOT_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, cli, 'serve'], {
    env: {
      PATH: process.env['PATH'] ?? '',
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: slack.signingSecret,
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: process.env['DATA_DIR'] ?? 'data',
      // Its own store, so a benchmark never touches the developer's var/.
      VAR_DIR: mkdtempSync(join(tmpdir(), 'briefbot-bench-')),
      LOG_LEVEL: 'warn',
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
  process.stdout.write(`bot at ${url} (pid ${child.pid}); stand-in at ${slack.baseUrl}\n\n`);

  await run(slack, 5, 40); // warm-up: JIT, connections, the first auth.test
  const rows: Record<string, unknown>[] = [];
  process.stdout.write('concurrent  requests  ack p50  ack p95  answer p50  answer p95  req/s\n');
  for (const c of LEVELS) {
    const r = await run(slack, c, Math.max(100, c * 10));
    rows.push({ concurrent: c, ...r });
    process.stdout.write(
      `${String(c).padStart(10)}  ${String(r.requests).padStart(8)}  ${ms(r.ackP50)}  ${ms(r.ackP95)}  ${ms(r.answerP50, 10)}  ${ms(r.answerP95, 10)}  ${r.perSecond.toFixed(0).padStart(5)}\n`,
    );
  }
  process.stdout.write(`\n${JSON.stringify({ bench: 'slack', rows })}\n`);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  await slack.stop();
}

async function run(slack: SlackStandIn, concurrency: number, total: number) {
  const acks: number[] = [];
  const answers: number[] = [];
  // Answers by response_url, found by scanning only new messages (a full scan per change would
  // make the client, not the bot, the bottleneck).
  const arrived = new Map<string, number>();
  const waiting = new Map<string, (at: number) => void>();
  let scanned = slack.messages.length;
  const off = slack.onChange(() => {
    for (; scanned < slack.messages.length; scanned++) {
      const m = slack.messages[scanned]!;
      if (!m.responseUrl) continue;
      const resolve = waiting.get(m.responseUrl);
      if (resolve) resolve(m.receivedAt);
      else arrived.set(m.responseUrl, m.receivedAt);
    }
  });
  const answerAt = (responseUrl: string) =>
    arrived.get(responseUrl) ?? new Promise<number>((resolve) => waiting.set(responseUrl, resolve));
  let next = 0;
  let failures = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const t0 = performance.now();
      const d = await slack.sendCommand({ text: QUERIES[i % QUERIES.length]! });
      acks.push(performance.now() - t0);
      if (d.status !== 200 || !d.responseUrl) {
        failures += 1;
        continue;
      }
      answers.push((await answerAt(d.responseUrl)) - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  off();
  const seconds = (performance.now() - started) / 1000;
  if (failures > 0) process.stdout.write(`  ${failures} requests failed\n`);
  return { requests: total, ackP50: pct(acks, 50), ackP95: pct(acks, 95), answerP50: pct(answers, 50), answerP95: pct(answers, 95), perSecond: total / seconds };
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
}

function ms(v: number, width = 7): string {
  return `${v.toFixed(1)} ms`.padStart(width);
}

await main();
