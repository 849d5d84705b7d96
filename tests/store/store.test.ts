import { afterEach, beforeEach, expect, it } from 'vitest';
import type { KyselyStore } from '../../src/store/kysely-store.js';
import { MIGRATION_NAMES } from '../../src/store/migrations.js';
import type { NewSubscription } from '../../src/store/types.js';
import { newSubscription } from '../fixtures/digest/subscription.js';
import { describeEachEngine, type Engine } from './engines.js';

const T0 = new Date('2026-03-01T06:00:00.000Z');
const newSub = (over: Partial<NewSubscription> = {}): NewSubscription =>
  newSubscription({ lastDigestAt: '2026-02-28T00:00:00.000Z', ...over });

describeEachEngine('store', (makeEngine) => {
  let engine: Engine;
  let store: KyselyStore;

  beforeEach(async () => {
    engine = makeEngine();
    store = await engine.open();
  });
  afterEach(async () => {
    await store.close();
    await engine.cleanup();
  });

  it('migrates up from empty, and a second open applies nothing new', async () => {
    const again = await engine.open();
    expect(await again.migrate()).toEqual([]);
    await again.close();
    expect(MIGRATION_NAMES.length).toBeGreaterThan(0);
  });

  it('counts active subscriptions per channel and per workspace, as listSubscriptions would list them', async () => {
    expect(await store.countSubscriptions()).toBe(0);
    const a = await store.addSubscription(newSub(), T0);
    await store.addSubscription(newSub({ query: 'china' }), T0);
    await store.addSubscription(newSub({ channelId: 'C2' }), T0);
    await store.addSubscription(newSub({ teamId: 'T-other', channelId: 'C9' }), T0);
    for (const filter of [{}, { platform: 'slack' as const, channelId: 'C1' }, { platform: 'slack' as const, teamId: 'T-other' }, { platform: 'teams' as const }]) {
      expect(await store.countSubscriptions(filter)).toBe((await store.listSubscriptions(filter)).length);
    }
    expect(await store.countSubscriptions({ platform: 'slack', channelId: 'C1' })).toBe(2);
    await store.deactivateSubscription(a.id, { platform: 'slack', channelId: 'C1' });
    expect(await store.countSubscriptions({ platform: 'slack', channelId: 'C1' })).toBe(1);
    expect(await store.countSubscriptions({ channelId: 'C1', activeOnly: false })).toBe(2);
  });

  it('stores, lists and turns off subscriptions per channel', async () => {
    const a = await store.addSubscription(newSub(), T0);
    const b = await store.addSubscription(newSub({ query: 'china', postWhenEmpty: true }), T0);
    await store.addSubscription(newSub({ channelId: 'C2' }), T0);
    expect(a.id).toMatch(/^d[a-z2-9]{5}$/);
    expect(await store.getSubscription(a.id)).toEqual(a);
    expect(b.postWhenEmpty).toBe(true);
    expect((await store.listSubscriptions({ platform: 'slack', channelId: 'C1' })).map((s) => s.id).sort()).toEqual(
      [a.id, b.id].sort(),
    );
    // Another channel's id cannot be turned off from here.
    expect(await store.deactivateSubscription(a.id, { platform: 'slack', channelId: 'C2' })).toBe(false);
    expect(await store.deactivateSubscription(a.id, { platform: 'slack', channelId: 'C1' })).toBe(true);
    expect(await store.deactivateSubscription(a.id, { platform: 'slack', channelId: 'C1' })).toBe(false);
    expect((await store.getSubscription(a.id))?.active).toBe(false);
    expect(await store.deactivateChannel({ platform: 'slack', channelId: 'C1' })).toBe(1);
    expect(await store.listSubscriptions({ channelId: 'C1' })).toEqual([]);
    expect(await store.listSubscriptions({ channelId: 'C1', activeOnly: false })).toHaveLength(2);
  });

  it('gives a slot to exactly one of many concurrent claimers', async () => {
    const s = await store.addSubscription(newSub(), T0);
    const slot = '2026-03-01T05:00:00.000Z';
    const other = await engine.open();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? other : store).claimSlot({ subscriptionId: s.id, slot, owner: `p${i}`, now: T0, leaseMs: 60_000 }),
      ),
    );
    await other.close();
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('lets a stale claim be taken over once its lease ran out, and never a finished slot', async () => {
    const s = await store.addSubscription(newSub(), T0);
    const slot = '2026-03-01T05:00:00.000Z';
    const claim = { subscriptionId: s.id, slot, leaseMs: 60_000 };
    expect(await store.claimSlot({ ...claim, owner: 'a', now: T0 })).toBe(true);
    expect(await store.claimSlot({ ...claim, owner: 'b', now: new Date(T0.getTime() + 30_000) })).toBe(false);
    expect(await store.staleClaims(new Date(T0.getTime() + 30_000))).toEqual([]);
    const later = new Date(T0.getTime() + 61_000);
    expect((await store.staleClaims(later)).map((e) => e.subscriptionId)).toEqual([s.id]);
    expect(await store.claimSlot({ ...claim, owner: 'b', now: later })).toBe(true);
    // The old holder lost it: it cannot renew or finish.
    expect(await store.renewClaim({ ...claim, owner: 'a', now: later })).toBe(false);
    expect(await store.renewClaim({ ...claim, owner: 'b', now: later })).toBe(true);
    // Attempts count posts sent, not claims: the old holder cannot start one, the new one can.
    expect(await store.beginAttempt({ ...claim, owner: 'a', now: later })).toBe(false);
    expect(await store.beginAttempt({ ...claim, owner: 'b', now: later })).toBe(true);
    await store.markSent({ subscriptionId: s.id, slot, owner: 'b' }, { messageId: '123.456', cutoff: '2026-03-01T04:00:00.000Z', now: later });
    const [entry] = await store.ledger(s.id);
    expect(entry).toMatchObject({ status: 'sent', messageId: '123.456', owner: 'b', attempts: 1, lastAttemptAt: later.toISOString() });
    const after = await store.getSubscription(s.id);
    expect(after?.lastDigestAt).toBe('2026-03-01T04:00:00.000Z');
    expect(after?.lastPostedAt).toBe(later.toISOString());
    const muchLater = new Date(T0.getTime() + 3_600_000);
    expect(await store.claimSlot({ ...claim, owner: 'c', now: muchLater })).toBe(false);
  });

  it('records failed, empty and skipped slots; the cutoff never moves backwards', async () => {
    const s = await store.addSubscription(newSub(), T0);
    const key = (slot: string) => ({ subscriptionId: s.id, slot, owner: 'a' });
    const c = (slot: string) => store.claimSlot({ ...key(slot), now: T0, leaseMs: 1000 });
    await c('2026-03-01T01:00:00.000Z');
    await store.markFailed(key('2026-03-01T01:00:00.000Z'), 'channel_not_found', T0);
    await c('2026-03-01T02:00:00.000Z');
    await store.markEmpty(key('2026-03-01T02:00:00.000Z'), { cutoff: '2026-03-01T00:00:00.000Z', now: T0 });
    await store.markSkipped(s.id, '2026-02-27T05:00:00.000Z', 'missed: outside the catch-up window', T0);
    await store.markSkipped(s.id, '2026-03-01T01:00:00.000Z', 'should not overwrite', T0);
    await c('2026-03-01T03:00:00.000Z');
    await store.markEmpty(key('2026-03-01T03:00:00.000Z'), { cutoff: '2026-02-01T00:00:00.000Z', now: T0 });
    const ledger = await store.ledger(s.id);
    expect(ledger.map((e) => [e.slot, e.status, e.detail])).toEqual([
      ['2026-03-01T03:00:00.000Z', 'empty', null],
      ['2026-03-01T02:00:00.000Z', 'empty', null],
      ['2026-03-01T01:00:00.000Z', 'failed', 'channel_not_found'],
      ['2026-02-27T05:00:00.000Z', 'skipped', 'missed: outside the catch-up window'],
    ]);
    const sub = await store.getSubscription(s.id);
    expect(sub?.lastDigestAt).toBe('2026-03-01T00:00:00.000Z');
    expect(sub?.lastPostedAt).toBeNull();
    expect(await store.latestSlots([s.id, 'dnone1'])).toEqual(new Map([[s.id, '2026-03-01T03:00:00.000Z']]));
  });

  it('keeps one conversation reference per platform and conversation', async () => {
    await store.putConversationRef('teams', '19:abc@thread', { serviceUrl: 'https://x', n: 1 }, T0);
    await store.putConversationRef('teams', '19:abc@thread', { serviceUrl: 'https://x', n: 2 }, T0);
    expect((await store.getConversationRef('teams', '19:abc@thread'))?.payload).toEqual({ serviceUrl: 'https://x', n: 2 });
    expect(await store.getConversationRef('slack', '19:abc@thread')).toBeUndefined();
    await store.deleteConversationRef('teams', '19:abc@thread');
    expect(await store.getConversationRef('teams', '19:abc@thread')).toBeUndefined();
  });
});
