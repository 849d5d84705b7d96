import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Digest } from '../../src/digest/model.js';
import { silentLogger } from '../../src/logger.js';
import { planAlert } from '../../src/schedule/plan.js';
import { DigestScheduler } from '../../src/schedule/scheduler.js';
import type { KyselyStore } from '../../src/store/kysely-store.js';
import type { Store, Subscription } from '../../src/store/types.js';
import { describeEachEngine, type Engine } from '../store/engines.js';
import { newSubscription, storedSubscription } from '../fixtures/digest/subscription.js';
import { ManualClock, RecordingPoster, type Posted } from './helpers.js';

const T0 = Date.parse('2026-03-02T10:00:10.000Z');
const alertSub = { query: 'kenya', schedule: { kind: 'alert' as const, time: '', timeZone: 'UTC' }, lastDigestAt: '2026-03-02T09:00:00.000Z' };

it('planAlert: nothing newer than the cutoff → no claim; something newer → the current minute, not due again before the next', () => {
  const sub = storedSubscription(alertSub);
  const now = new Date(T0);
  expect(planAlert(sub, now, '2026-03-02T09:00:00.000Z')).toEqual({ skipped: [], nextRunAt: new Date(T0 + 1).toISOString() });
  expect(planAlert(sub, now, null).claim).toBeUndefined();
  expect(planAlert(sub, now, '2026-03-02T10:00:05.000Z')).toEqual({ claim: '2026-03-02T10:00:00.000Z', skipped: [], nextRunAt: '2026-03-02T10:01:00.000Z' });
});

describeEachEngine('alert subscriptions in the digest scheduler', (makeEngine) => {
  let engine: Engine;
  let store: KyselyStore;
  const extra: KyselyStore[] = [];
  beforeEach(async () => {
    engine = makeEngine();
    store = await engine.open();
  });
  afterEach(async () => {
    for (const s of extra.splice(0)) await s.close();
    await store.close();
    await engine.cleanup();
  });

  /** A fact base whose facts are the firstSeen values in `facts`; a digest holds those after the cutoff. */
  function scheduler(clock: ManualClock, poster: RecordingPoster, facts: string[], s: Store = store, matches: (firstSeen: string) => boolean = () => true) {
    const newest = () => [...facts].sort().at(-1) ?? null;
    const compose = (sub: Subscription, slot: Date): Digest => {
      const fresh = facts.filter((f) => (sub.lastDigestAt === null || f > sub.lastDigestAt) && matches(f));
      return {
        kind: 'digest',
        alert: true,
        subscriptionId: sub.id,
        query: sub.query,
        understood: { entities: [], terms: [], corrections: [], unknown: [], filters: { topics: [], sources: [], sourceNames: [], countries: [] } },
        slot: slot.toISOString(),
        timeZone: 'UTC',
        scheduleText: 'alert',
        since: sub.lastDigestAt,
        overview: [],
        groups: [],
        newCount: fresh.length,
        shown: fresh.length,
        more: 0,
        sources: [],
        cutoff: newest(),
      };
    };
    return new DigestScheduler({ store: s, posters: { slack: poster }, compose, newestFirstSeen: newest, clock, logger: silentLogger(), options: { timeSource: 'clock' } });
  }

  it('posts once per arrival, at most once a minute, each fact once, across a restart', async () => {
    const a = await store.addSubscription(newSubscription(alertSub), new Date(T0 - 60_000));
    const clock = new ManualClock(T0);
    const sink: Posted[] = [];
    const facts = ['2026-03-02T09:00:00.000Z'];
    const s1 = scheduler(clock, new RecordingPoster(sink), facts);
    expect((await s1.tick()).due).toBe(0);

    facts.push('2026-03-02T10:00:12.000Z');
    clock.advance(5_000);
    expect(await s1.tick()).toMatchObject({ due: 1, sent: 1 });
    expect((await store.getSubscription(a.id))?.lastDigestAt).toBe('2026-03-02T10:00:12.000Z');

    // Another fact in the same minute waits for the next minute: one message a minute at most.
    facts.push('2026-03-02T10:00:30.000Z');
    clock.advance(25_000);
    expect((await s1.tick()).due).toBe(0);

    // Restart: a fresh scheduler on the same store posts the waiting fact once, in the next minute.
    const other = await engine.open();
    extra.push(other);
    const s2 = scheduler(clock, new RecordingPoster(sink), facts, other);
    clock.advance(30_000);
    expect(await s2.tick()).toMatchObject({ due: 1, sent: 1 });
    clock.advance(30_000);
    expect((await s2.tick()).due).toBe(0);
    expect((await s1.tick()).due).toBe(0);
    expect(sink.map((p) => p.slot)).toEqual(['2026-03-02T10:00:00.000Z', '2026-03-02T10:01:00.000Z']);
    expect((await store.ledger(a.id)).map((e) => e.status)).toEqual(['sent', 'sent']);
  });

  it('new facts that match nothing are recorded empty once, then nothing is claimed', async () => {
    const a = await store.addSubscription(newSubscription(alertSub), new Date(T0 - 60_000));
    const clock = new ManualClock(T0);
    const sink: Posted[] = [];
    const facts = ['2026-03-02T09:00:00.000Z'];
    // Only the old fact would match the query: what arrives is newer than the cutoff but unrelated.
    const s = scheduler(clock, new RecordingPoster(sink), facts, store, (f) => f === facts[0]);
    facts.push('2026-03-02T10:00:00.000Z');
    expect(await s.tick()).toMatchObject({ due: 1, empty: 1, sent: 0 });
    clock.advance(60_000);
    expect((await s.tick()).due).toBe(0);
    expect(sink).toEqual([]);
    expect((await store.ledger(a.id)).map((e) => e.status)).toEqual(['empty']);
  });
});
