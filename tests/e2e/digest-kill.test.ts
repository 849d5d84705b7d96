import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { startSlackStandIn, type SlackStandIn } from '../../src/sandbox/slack/index.js';
import type { KyselyStore } from '../../src/store/kysely-store.js';
import type { Subscription } from '../../src/store/types.js';
import { newSubscription } from '../fixtures/digest/subscription.js';
import { describeEachEngine, type Engine } from '../store/engines.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const hooks = fileURLToPath(new URL('../support/register-ts.mjs', import.meta.url));
/** The small digest fixture fact base: composing stays cheap, so the batch is posting, not composing. */
const dataDir = fileURLToPath(new URL('../fixtures/digest', import.meta.url));

/** Subscriptions in the batch; each its own channel (the stand-in allows one post a second per channel). */
const N = 120;
/** The first process is killed once this many digests have reached the stand-in. */
const KILL_AFTER = 30;

/**
 * kill -9 mid-batch, for real: `briefbot digest run` is its own process, posting to the Slack
 * stand-in (which records every message with its metadata) from a store shared with this test.
 * It is SIGKILLed while the batch is half-way, with posts in flight at the stand-in (each post is
 * held 150 ms there, so some arrive after the sender is dead). A second `digest run` then has
 * to post every slot not yet posted, and no slot twice: counted at the stand-in, per slot.
 */
describeEachEngine('kill -9 mid-batch, then restart (child processes)', (makeEngine) => {
  let engine: Engine;
  let store: KyselyStore;
  let slack: SlackStandIn;
  const children: ChildProcess[] = [];

  beforeEach(async () => {
    engine = makeEngine();
    store = await engine.open();
    slack = await startSlackStandIn({ logger: silentLogger() });
    slack.faults.webApi = ({ method }) => (method === 'chat.postMessage' ? { kind: 'delay', ms: 150 } : undefined);
  });
  afterEach(async () => {
    for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await slack.stop();
    await store.close();
    await engine.cleanup();
  });

  function digestRun(): { child: ChildProcess; done: Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> } {
    const child = spawn(process.execPath, ['--import', hooks, 'src/cli.ts', 'digest', 'run'], {
      cwd: root,
      env: { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'warn', DATA_DIR: dataDir, SLACK_BOT_TOKEN: slack.botToken, SLACK_API_URL: slack.apiUrl, ...engine.childEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const done = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((resolve) =>
      child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
    );
    return { child, done };
  }

  const digestPosts = () => slack.messages.filter((m) => m.via === 'chat.postMessage');

  function postsPerSlot(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const m of digestPosts()) {
      const p = m.metadata?.event_payload ?? {};
      const key = `${String(p['subscription_id'])}@${String(p['slot'])}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  }

  it(`${N} due digests, the poster killed after ${KILL_AFTER}: after a restart every slot is posted exactly once`, { timeout: 180_000 }, async () => {
    // Due a minute ago, made an hour ago: the slot is inside the catch-up window for both runs.
    const now = await store.now();
    const time = new Date(now.getTime() - 60_000).toISOString().slice(11, 16);
    const subs: Subscription[] = [];
    for (let i = 0; i < N; i++) {
      subs.push(
        await store.addSubscription(
          newSubscription({ channelId: `CK${i}`, query: 'kenya', postWhenEmpty: true, schedule: { kind: 'daily', time, timeZone: 'UTC' } }),
          new Date(now.getTime() - 3_600_000),
        ),
      );
    }

    const first = digestRun();
    await slack.waitFor(() => digestPosts().length >= KILL_AFTER, 60_000);
    first.child.kill('SIGKILL');
    const killed = await first.done;
    expect(killed.signal).toBe('SIGKILL');
    // Posts the dead process had in flight still land (Slack took them); give them their 150 ms.
    await new Promise((r) => setTimeout(r, 500));
    const beforeRestart = digestPosts().length;
    expect(beforeRestart).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(beforeRestart).toBeLessThan(N);

    const second = await digestRun().done;
    expect(second.stderr).not.toMatch(/\n\s+at /);

    const counts = postsPerSlot();
    const duplicates = [...counts.values()].filter((n) => n > 1).length;
    const missing = subs.filter((s) => ![...counts.keys()].some((k) => k.startsWith(`${s.id}@`))).length;
    expect({ duplicates, missing, slots: counts.size }).toEqual({ duplicates: 0, missing: 0, slots: N });
    const statuses = await Promise.all(subs.map(async (s) => (await store.ledger(s.id, 1))[0]?.status ?? 'none'));
    expect(new Set(statuses)).toEqual(new Set(['sent']));
    expect(second.code).toBe(0);
  });
});
