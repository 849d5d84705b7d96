import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const hooks = fileURLToPath(new URL('../support/register-ts.mjs', import.meta.url));

/** A DATA_DIR of its own: the seed articles and data files, no factbase.json (the store holds it). */
export function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'briefbot-replicas-'));
  mkdirSync(join(dir, 'articles'));
  for (const f of readdirSync(join(root, 'data'))) if (f.endsWith('.yaml')) cpSync(join(root, 'data', f), join(dir, f));
  cpSync(join(root, 'data', 'articles'), join(dir, 'articles'), { recursive: true });
  return dir;
}

/** `postgres://…` pointed at one schema (the processes share it; other test files use their own). */
export function urlInSchema(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

export function cliEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'warn', ...extra };
}

/** `briefbot <args>` from source, to completion. */
export function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', hooks, 'src/cli.ts', ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

export interface ServeProcess {
  url: string;
  child: ChildProcess;
  stderr: () => string;
  stop(): Promise<void>;
}

/** `briefbot serve` from source in local mode (Slack stand-in), resolved once it prints its URL. */
export function startServe(env: NodeJS.ProcessEnv, timeoutMs = 90_000): Promise<ServeProcess> {
  const child = spawn(process.execPath, ['--import', hooks, 'src/cli.ts', 'serve'], {
    cwd: root,
    env: { PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    // A shutdown that hangs must not hang the test run.
    const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(force);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`serve did not start in ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    let started = false;
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!started) reject(new Error(`serve exited (${code}) before it started: ${stderr}`));
    });
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /Open (http:\/\/\S+) and type/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        started = true;
        resolve({ url: m[1]!, child, stderr: () => stderr, stop });
      }
    });
  });
}

export interface TimelineMessage {
  id: string;
  author: string;
  text: string;
  blocks: unknown[];
}

export async function timeline(base: string): Promise<TimelineMessage[]> {
  const res = await fetch(new URL('/sandbox/slack/timeline', base));
  return ((await res.json()) as { messages: TimelineMessage[] }).messages;
}

/** Types `/brief <text>` into the process's Slack stand-in and returns the bot's answer. */
export async function askBrief(base: string, text: string, timeoutMs = 20_000): Promise<string> {
  const before = (await timeline(base)).filter((m) => m.author === 'bot').length;
  const res = await fetch(new URL('/sandbox/slack/command', base), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ command: '/brief', text }) });
  if (res.status !== 200) throw new Error(`command: HTTP ${res.status}`);
  const until = Date.now() + timeoutMs;
  for (;;) {
    const bots = (await timeline(base)).filter((m) => m.author === 'bot');
    if (bots.length > before) return JSON.stringify(bots.at(-1)!.blocks) + bots.at(-1)!.text;
    if (Date.now() > until) throw new Error(`no answer to /brief ${text}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
