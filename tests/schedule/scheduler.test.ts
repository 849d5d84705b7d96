import { afterEach, beforeEach, expect, it } from 'vitest';
import { PostError } from '../../src/digest/poster.js';
import { silentLogger } from '../../src/logger.js';
import { DigestScheduler, type SchedulerOptions } from '../../src/schedule/scheduler.js';
import type { KyselyStore } from '../../src/store/kysely-store.js';
import type { NewSubscription, Store } from '../../src/store/types.js';
import { describeEachEngine, type Engine } from '../store/engines.js';
import { newSubscription } from '../fixtures/digest/subscription.js';
import { fixedCorpus } from '../../src/brief/corpus.js';
import { handleDigestText } from '../../src/digest/handle.js';
import { baseData, corpusOf } from '../fixtures/digest/corpus.js';
import type { Digest } from '../../src/digest/model.js';
import type { Subscription } from '../../src/store/types.js';
import { fakeCompose, ManualClock, RecordingPoster, type Posted } from './helpers.js';

// Monday 2 Mar 2026. Subscriptions are made at 00:00 Nairobi (21:00Z the day before).
const CREATED = new Date('2026-03-01T21:00:00.000Z');
const SLOT = '2026-03-02T05:00:00.000Z'; // 08:00 Africa/Nairobi
const sub = (over: Partial<NewSubscription> = {}): NewSubscription => newSubscription({ query: 'kenya', ...over });

describeEachEngine('digest scheduler', (makeEngine) => {
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

  function scheduler(clock: ManualClock, poster: RecordingPoster, s: Store = store, options: Partial<SchedulerOptions> = {}, compose = fakeCompose()) {
    // Time moved by hand: the store's clock (the default) is covered in tests/schedule/faults.test.ts.
    return new DigestScheduler({ store: s, posters: { slack: poster }, compose, clock, logger: silentLogger(), options: { timeSource: 'clock', ...options } });
  }

  it('posts a due slot once; a second tick and a restart inside the slot post nothing more', async () => {
    const s = await store.addSubscription(sub(), CREATED);
    const clock = new ManualClock(Date.parse('2026-03-02T04:59:30Z'));
    const sink: Posted[] = [];
    const a = scheduler(clock, new RecordingPoster(sink));
    expect((await a.tick()).due).toBe(0);
    clock.advance(30_000);
    expect(await a.tick()).toMatchObject({ due: 1, sent: 1 });
    clock.advance(30_000);
    expect((await a.tick()).due).toBe(0);
    // Restart: a new scheduler (fresh memory) on the same store, still inside the slot's minute.
    const restarted = scheduler(clock, new RecordingPoster(sink), await engine.open().then((x) => {
      extra.push(x);
      return x;
    }));
    expect((await restarted.tick()).due).toBe(0);
    expect(sink).toEqual([{ subscriptionId: s.id, slot: SLOT, channel: 'C1' }]);
    const [entry] = await store.ledger(s.id);
    expect(entry).toMatchObject({ slot: SLOT, status: 'sent', messageId: '1.000100' });
    expect((await store.getSubscription(s.id))?.lastDigestAt).toBe('2026-01-01T00:00:00.000Z');
  });

  it('two schedulers sharing one database, ticking concurrently, post every slot exactly once', async () => {
    const subs = [];
    for (let i = 0; i < 12; i++) subs.push(await store.addSubscription(sub({ channelId: `C${i % 4}` }), CREATED));
    const other = await engine.open();
    extra.push(other);
    const sink: Posted[] = [];
    const clockA = new ManualClock(Date.parse('2026-03-02T05:00:10Z'));
    const clockB = new ManualClock(Date.parse('2026-03-02T05:00:10Z'));
    const a = scheduler(clockA, new RecordingPoster(sink), store, { owner: 'a' });
    const b = scheduler(clockB, new RecordingPoster(sink), other, { owner: 'b' });
    const [ra, rb] = await Promise.all([a.tick(), b.tick()]);
    expect(ra.sent + rb.sent).toBe(12);
    // Each due subscription was handed to one of them (SKIP LOCKED / one writer), never both.
    expect(ra.due + rb.due).toBe(12);
    expect(sink).toHaveLength(12);
    expect(new Set(sink.map((p) => p.subscriptionId)).size).toBe(12);
    // The next day, again concurrently: 12 more, no repeats.
    clockA.advance(86_400_000);
    clockB.advance(86_400_000);
    await Promise.all([a.tick(), b.tick()]);
    expect(sink).toHaveLength(24);
    expect(new Set(sink.map((p) => `${p.subscriptionId}@${p.slot}`)).size).toBe(24);
  });

  it('a claim left by a process that died is taken over after its lease, and posted once', async () => {
    const s = await store.addSubscription(sub(), CREATED);
    const clock = new ManualClock(Date.parse('2026-03-02T05:00:05Z'));
    expect(await store.claimSlot({ subscriptionId: s.id, slot: SLOT, owner: 'dead', now: clock.now(), leaseMs: 600_000 })).toBe(true);
    const sink: Posted[] = [];
    const sch = scheduler(clock, new RecordingPoster(sink));
    // The live claim is someone else's: not touched while its lease runs.
    expect((await sch.tick()).due).toBe(0);
    clock.advance(5 * 60_000);
    expect((await sch.tick()).due).toBe(0);
    clock.advance(6 * 60_000);
    expect(await sch.tick()).toMatchObject({ due: 1, sent: 1 });
    clock.advance(60_000);
    await sch.tick();
    expect(sink).toHaveLength(1);
    // One post attempt: the dead holder's claim never sent anything, and claims are not attempts.
    expect((await store.ledger(s.id))[0]).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('catch-up: a slot missed by less than 6 h is posted on start; an older one is recorded as skipped', async () => {
    const s = await store.addSubscription(sub(), CREATED);
    const sink: Posted[] = [];
    // Down from before 08:00 until 13:30 Nairobi (5.5 h late): posted.
    const late = scheduler(new ManualClock(Date.parse('2026-03-02T10:30:00Z')), new RecordingPoster(sink));
    expect(await late.tick()).toMatchObject({ due: 1, sent: 1, skipped: 0 });

    const t = await store.addSubscription(sub({ channelId: 'C2' }), CREATED);
    const sink2: Posted[] = [];
    // Down until 14:30 Nairobi (6.5 h late): skipped and recorded, not posted.
    const tooLate = scheduler(new ManualClock(Date.parse('2026-03-02T11:30:00Z')), new RecordingPoster(sink2));
    const r = await tooLate.tick();
    expect(r).toMatchObject({ due: 0, skipped: 1 });
    expect(sink2).toEqual([]);
    expect((await store.ledger(t.id))[0]).toMatchObject({ slot: SLOT, status: 'skipped' });
    expect((await store.ledger(t.id))[0]?.detail).toMatch(/more than 6 h late/);
    expect(sink.map((p) => p.subscriptionId)).toEqual([s.id]);
  });

  it('after three days down, only the latest slot (inside the window) posts; the others are skipped', async () => {
    const s = await store.addSubscription(sub(), CREATED);
    const sink: Posted[] = [];
    const sch = scheduler(new ManualClock(Date.parse('2026-03-05T06:00:00Z')), new RecordingPoster(sink));
    expect(await sch.tick()).toMatchObject({ sent: 1, skipped: 3 });
    expect(sink.map((p) => p.slot)).toEqual(['2026-03-05T05:00:00.000Z']);
    expect((await store.ledger(s.id)).map((e) => [e.slot.slice(0, 10), e.status])).toEqual([
      ['2026-03-05', 'sent'],
      ['2026-03-04', 'skipped'],
      ['2026-03-03', 'skipped'],
      ['2026-03-02', 'skipped'],
    ]);
  });

  it('429: waits Retry-After, then posts once', async () => {
    const s = await store.addSubscription(sub(), CREATED);
    const clock = new ManualClock(Date.parse('2026-03-02T05:00:01Z'));
    const poster = new RecordingPoster();
    poster.failures = [PostError.rateLimited(30_000), PostError.rateLimited(7_000)];
    const r = await scheduler(clock, poster).tick();
    expect(r).toMatchObject({ sent: 1, failed: 0 });
    expect(clock.sleeps).toEqual([30_000, 7_000]);
    expect(poster.sink).toHaveLength(1);
    expect((await store.ledger(s.id))[0]?.status).toBe('sent');
  });

  it('transient failures back off and retry, then mark the slot failed with the error', async () => {
    const s = await store.addSubscription(sub(), CREATED);
    const clock = new ManualClock(Date.parse('2026-03-02T05:00:01Z'));
    const poster = new RecordingPoster();
    poster.failures = Array.from({ length: 5 }, () => PostError.transient('socket hang up'));
    const r = await scheduler(clock, poster, store, { maxAttempts: 5, backoffBaseMs: 1000 }).tick();
    expect(r).toMatchObject({ sent: 0, failed: 1 });
    expect(clock.sleeps).toEqual([1000, 2000, 4000, 8000]);
    expect((await store.ledger(s.id))[0]).toMatchObject({ status: 'failed', detail: 'socket hang up (after 5 attempts)' });
    // Never retried into a double post later.
    clock.advance(3_600_000);
    expect((await scheduler(clock, poster).tick()).due).toBe(0);
    expect(poster.sink).toEqual([]);
  });

  it('a permanent failure is recorded at once; a transient one that recovers posts', async () => {
    const a = await store.addSubscription(sub(), CREATED);
    // An hour later, so its slot comes in a tick of its own (channels post in parallel).
    const b = await store.addSubscription(sub({ channelId: 'C2', schedule: { kind: 'daily', time: '09:00', timeZone: 'Africa/Nairobi' } }), CREATED);
    const clock = new ManualClock(Date.parse('2026-03-02T05:00:01Z'));
    const poster = new RecordingPoster();
    const sch = scheduler(clock, poster);
    poster.failures = [PostError.permanent('channel_not_found')];
    expect(await sch.tick()).toMatchObject({ due: 1, failed: 1 });
    clock.set('2026-03-02T06:00:01Z');
    poster.failures = [PostError.transient('timeout')];
    expect(await sch.tick()).toMatchObject({ due: 1, sent: 1 });
    const statuses = [(await store.ledger(a.id))[0], (await store.ledger(b.id))[0]].map((e) => [e?.status, e?.detail, e?.attempts]);
    expect(statuses).toEqual([
      ['failed', 'channel_not_found', 1],
      ['sent', null, 2],
    ]);
  });

  it('nothing new: nothing posted and the ledger says empty; post-when-empty subscriptions still post', async () => {
    const quiet = await store.addSubscription(sub(), CREATED);
    const always = await store.addSubscription(sub({ channelId: 'C2', postWhenEmpty: true }), CREATED);
    const clock = new ManualClock(Date.parse('2026-03-02T05:00:01Z'));
    const poster = new RecordingPoster();
    const r = await scheduler(clock, poster, store, {}, fakeCompose(0)).tick();
    expect(r).toMatchObject({ sent: 1, empty: 1 });
    expect(poster.sink.map((p) => p.subscriptionId)).toEqual([always.id]);
    expect((await store.ledger(quiet.id))[0]?.status).toBe('empty');
    expect((await store.getSubscription(quiet.id))?.lastDigestAt).toBe('2026-01-01T00:00:00.000Z');
  });

  it('weekdays subscriptions are not due on Saturday', async () => {
    await store.addSubscription(sub({ schedule: { kind: 'weekdays', time: '08:00', timeZone: 'Africa/Nairobi' } }), new Date('2026-03-06T21:00:00Z'));
    const r = await scheduler(new ManualClock(Date.parse('2026-03-07T05:00:01Z')), new RecordingPoster()).tick();
    expect(r.due).toBe(0);
  });

  it('an unknown outcome on a platform with no lookup (Teams) is recorded as unknown, shown in digest list, never re-sent', async () => {
    const s = await store.addSubscription(sub({ platform: 'teams', channelId: '19:abc@thread.tacv2' }), CREATED);
    const clock = new ManualClock(Date.parse('2026-03-02T05:00:01Z'));
    const poster = new RecordingPoster();
    poster.failures = [PostError.unknown('Teams connector: socket hang up')];
    const sch = new DigestScheduler({ store, posters: { teams: poster }, compose: fakeCompose(), clock, logger: silentLogger(), options: { timeSource: 'clock' } });
    expect(await sch.tick()).toMatchObject({ due: 1, unknown: 1, sent: 0 });
    expect((await store.ledger(s.id))[0]).toMatchObject({ status: 'unknown', attempts: 1 });
    clock.advance(3_600_000);
    expect((await sch.tick()).due).toBe(0);
    expect(poster.sink).toEqual([]);
    const list = await handleDigestText('list', {
      platform: 'teams', teamId: 'T1', channelId: '19:abc@thread.tacv2', userId: 'U1',
      store, corpora: fixedCorpus(corpusOf(baseData())), clock, logger: silentLogger(),
    });
    expect(list.kind === 'notice' && list.lines[0]).toMatch(/NOT CONFIRMED Mon 2 Mar 2026, 08:00 .*socket hang up.*not re-sent/);
  });

  it('a channel whose post hangs delays no other channel', async () => {
    for (let i = 0; i < 4; i++) await store.addSubscription(sub({ channelId: i === 0 ? 'SLOW' : `C${i}` }), CREATED);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const sink: Posted[] = [];
    const poster = {
      async post(s: Subscription, d: Digest) {
        if (s.channelId === 'SLOW') await held;
        sink.push({ subscriptionId: s.id, slot: d.slot, channel: s.channelId });
        return { messageId: String(sink.length) };
      },
    };
    const sch = new DigestScheduler({ store, posters: { slack: poster }, compose: fakeCompose(), clock: new ManualClock(Date.parse('2026-03-02T05:00:01Z')), logger: silentLogger(), options: { timeSource: 'clock', concurrency: 2 } });
    const ticking = sch.tick();
    while (sink.length < 3) await new Promise((r) => setTimeout(r, 5));
    expect(sink.map((p) => p.channel).sort()).toEqual(['C1', 'C2', 'C3']);
    release();
    expect(await ticking).toMatchObject({ sent: 4 });
  });
});
