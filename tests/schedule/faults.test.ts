import { afterEach, beforeEach, expect, it } from 'vitest';
import { systemClock, type Clock } from '../../src/digest/clock.js';
import { silentLogger } from '../../src/logger.js';
import { digestWebClient, SlackDigestPoster } from '../../src/platforms/slack/digest-poster.js';
import { startSlackStandIn, type SlackStandIn } from '../../src/sandbox/slack/index.js';
import { DigestScheduler, type SchedulerOptions } from '../../src/schedule/scheduler.js';
import type { KyselyStore } from '../../src/store/kysely-store.js';
import type { Subscription } from '../../src/store/types.js';
import { newSubscription } from '../fixtures/digest/subscription.js';
import { describeEachEngine, type Engine } from '../store/engines.js';
import { fakeCompose } from './helpers.js';

/**
 * Unknown outcomes over real HTTP: the real Slack poster against the stand-in, which drops or
 * hangs connections after it has posted. Time is the database's (the default): subscriptions are
 * due at the current UTC minute. Target: 0 duplicates, every slot sent or visibly not.
 */
describeEachEngine('digest faults over HTTP', (makeEngine) => {
  let engine: Engine;
  let store: KyselyStore;
  let slack: SlackStandIn;
  const extra: KyselyStore[] = [];

  beforeEach(async () => {
    engine = makeEngine();
    store = await engine.open();
    slack = await startSlackStandIn({ logger: silentLogger() });
    slack.rateLimit.perChannelMs = 0;
  });
  afterEach(async () => {
    for (const s of extra.splice(0)) await s.close();
    await slack.stop();
    await store.close();
    await engine.cleanup();
  });

  const poster = (timeoutMs = 2_000) =>
    new SlackDigestPoster(digestWebClient({ botToken: slack.botToken, apiUrl: slack.apiUrl, timeoutMs }, silentLogger()));

  function scheduler(p: SlackDigestPoster, options: Partial<SchedulerOptions> = {}, clock: Clock = systemClock, s: KyselyStore = store) {
    return new DigestScheduler({ store: s, posters: { slack: p }, compose: fakeCompose(), clock, logger: silentLogger(), options: { backoffBaseMs: 20, ...options } });
  }

  /** n subscriptions, each in its own channel, due at the current UTC minute. */
  async function dueNow(n: number): Promise<Subscription[]> {
    const now = await store.now();
    const time = now.toISOString().slice(11, 16);
    const subs: Subscription[] = [];
    for (let i = 0; i < n; i++) {
      subs.push(await store.addSubscription(newSubscription({ channelId: `C${i}`, schedule: { kind: 'daily', time, timeZone: 'UTC' } }), new Date(now.getTime() - 3_600_000)));
    }
    return subs;
  }

  function postsPerSlot(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const m of slack.messages.filter((x) => x.via === 'chat.postMessage')) {
      const p = m.metadata?.event_payload ?? {};
      const key = `${String(p['subscription_id'])}@${String(p['slot'])}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  }

  async function statuses(subs: Subscription[]): Promise<string[]> {
    return Promise.all(subs.map(async (s) => (await store.ledger(s.id, 1))[0]?.status ?? 'none'));
  }

  it('connection reset after Slack accepted: looked up, recorded as sent, never posted twice', async () => {
    const subs = await dueNow(12);
    slack.postFaults.push({ method: 'chat.postMessage', kind: 'reset-after', times: 12 });
    const r = await scheduler(poster()).tick();
    expect(r).toMatchObject({ due: 12, sent: 12, failed: 0, unknown: 0 });
    expect([...postsPerSlot().values()]).toEqual(Array(12).fill(1));
    expect(new Set(await statuses(subs))).toEqual(new Set(['sent']));
    // The message id recorded is the one Slack holds.
    const [entry] = await store.ledger(subs[0]!.id, 1);
    expect(slack.messages.some((m) => m.ts === entry?.messageId)).toBe(true);
    expect(entry?.attempts).toBe(1);
  });

  it('a hang then a reset (the client times out first): looked up, no second post', async () => {
    const subs = await dueNow(4);
    slack.postFaults.push({ method: 'chat.postMessage', kind: 'hang-after', hangMs: 3_000, times: 4 });
    const r = await scheduler(poster(300)).tick();
    expect(r).toMatchObject({ due: 4, sent: 4 });
    expect([...postsPerSlot().values()]).toEqual([1, 1, 1, 1]);
    expect(new Set(await statuses(subs))).toEqual(new Set(['sent']));
  });

  it('a reset before Slack saw it: looked up, not there, posted once', async () => {
    const subs = await dueNow(3);
    slack.postFaults.push({ method: 'chat.postMessage', kind: 'reset', times: 3 });
    expect(await scheduler(poster()).tick()).toMatchObject({ sent: 3 });
    expect([...postsPerSlot().values()]).toEqual([1, 1, 1]);
    expect((await store.ledger(subs[0]!.id, 1))[0]?.attempts).toBe(2);
  });

  it('a process that died mid-batch (between send and mark, or before sending): the next holder looks first, 0 duplicates', async () => {
    const subs = await dueNow(10);
    // The dead process claimed every slot and started posting; half of its posts reached Slack.
    const now = await store.now();
    const slot = new Date(Math.floor(now.getTime() / 60_000) * 60_000).toISOString();
    const p = poster();
    for (const [i, s] of subs.entries()) {
      const claim = { subscriptionId: s.id, slot, owner: 'dead', now, leaseMs: 300 };
      expect(await store.claimSlot(claim)).toBe(true);
      expect(await store.beginAttempt(claim)).toBe(true);
      if (i % 2 === 0) await p.post(s, fakeCompose()(s, new Date(slot)));
    }
    await new Promise((r) => setTimeout(r, 400));
    const r = await scheduler(poster()).tick();
    expect(r).toMatchObject({ sent: 10, failed: 0 });
    expect([...postsPerSlot().values()]).toEqual(Array(10).fill(1));
    expect(new Set(await statuses(subs))).toEqual(new Set(['sent']));
  });

  it('two replicas whose clocks are 11 minutes apart: a live lease is not taken over, each slot posts once', async () => {
    const subs = await dueNow(3);
    const other = await engine.open();
    extra.push(other);
    // Replica A's posts hang (then reset) while replica B, 11 minutes ahead, ticks.
    slack.postFaults.push({ method: 'chat.postMessage', kind: 'hang-after', hangMs: 1_500, times: 3 });
    const ahead: Clock = { now: () => new Date(Date.now() + 11 * 60_000), sleep: systemClock.sleep };
    const a = scheduler(poster(5_000), { owner: 'a', leaseMs: 5 * 60_000 });
    const b = scheduler(poster(), { owner: 'b', leaseMs: 5 * 60_000 }, ahead, other);
    const ticking = a.tick();
    await new Promise((r) => setTimeout(r, 300));
    expect(await b.tick()).toMatchObject({ due: 0 });
    expect(await ticking).toMatchObject({ sent: 3 });
    expect(await b.tick()).toMatchObject({ due: 0 });
    expect([...postsPerSlot().values()]).toEqual([1, 1, 1]);
    expect(new Set(await statuses(subs))).toEqual(new Set(['sent']));
  });

  it('a store write failing at claim time loses no slot: it stays due and posts once the store takes writes again', async () => {
    const subs = await dueNow(2);
    await engine.exec(
      engine.name === 'sqlite'
        ? `create trigger no_claims before insert on digest_ledger begin select raise(fail, 'disk full'); end;`
        : `create function no_claims() returns trigger language plpgsql as $$ begin raise exception 'disk full'; end $$;
           create trigger no_claims before insert on digest_ledger for each row execute function no_claims();`,
    );
    const sch = scheduler(poster());
    await expect(sch.tick()).rejects.toThrow(/disk full/);
    expect(sch.health()).toMatchObject({ lastTickOk: false });
    await engine.exec(engine.name === 'sqlite' ? 'drop trigger no_claims' : 'drop trigger no_claims on digest_ledger');
    expect(await sch.tick()).toMatchObject({ due: 2, sent: 2 });
    expect(sch.health()).toMatchObject({ lastTickOk: true });
    expect([...postsPerSlot().values()]).toEqual([1, 1]);
    expect(await statuses(subs)).toEqual(['sent', 'sent']);
  });
  it('digest run: a claim pass failing part-way is tried again; the posts it queued finish, every slot posts once', async () => {
    const subs = await dueNow(5);
    let calls = 0;
    // The second batch's claim fails once, as a store too busy to hand out a connection does.
    const flaky = new Proxy(store, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver) as unknown;
        if (prop === 'claimDue') {
          return (...args: Parameters<KyselyStore['claimDue']>) => (++calls === 2 ? Promise.reject(new Error('store busy')) : target.claimDue(...args));
        }
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const r = await scheduler(poster(), { claimBatch: 2, backoffBaseMs: 1 }, systemClock, flaky).runDue();
    expect(calls).toBeGreaterThan(2);
    expect(r).toMatchObject({ due: 5, sent: 5, failed: 0 });
    expect([...postsPerSlot().values()]).toEqual([1, 1, 1, 1, 1]);
    expect(await statuses(subs)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);
  });
  it('digest run: a slot whose store write timed out after its post is tried again in the run, looked up, not posted twice', async () => {
    const subs = await dueNow(3);
    let failed = 0;
    // The first markSent fails, as a query timing out on a loaded database does: the post is out.
    const flaky = new Proxy(store, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver) as unknown;
        if (prop === 'markSent') {
          return (...args: Parameters<KyselyStore['markSent']>) => (failed++ === 0 ? Promise.reject(new Error('Query read timeout')) : target.markSent(...args));
        }
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const r = await scheduler(poster(), { backoffBaseMs: 1 }, systemClock, flaky).runDue();
    expect(r).toMatchObject({ due: 3, sent: 3, failed: 0 });
    expect([...postsPerSlot().values()]).toEqual([1, 1, 1]);
    expect(await statuses(subs)).toEqual(['sent', 'sent', 'sent']);
  });
});
