import { afterEach, beforeEach, expect, it } from 'vitest';
import { fixedCorpus } from '../../src/brief/corpus.js';
import { handleDigestText, type DigestContext } from '../../src/digest/handle.js';
import { silentLogger } from '../../src/logger.js';
import type { KyselyStore } from '../../src/store/kysely-store.js';
import { baseData, corpusOf } from '../fixtures/digest/corpus.js';
import { newSubscription } from '../fixtures/digest/subscription.js';
import { ManualClock } from '../schedule/helpers.js';
import { describeEachEngine, type Engine } from './engines.js';

/**
 * The per-channel and per-workspace caps under concurrency: many subscribes at once, through
 * several store handles (on PostgreSQL separate pools, so the inserts really race), must stop at
 * the cap exactly. Before the caps moved into the insert's transaction this overshot.
 */
describeEachEngine('subscription caps under concurrent subscribes', (makeEngine) => {
  let engine: Engine;
  const stores: KyselyStore[] = [];

  beforeEach(async () => {
    engine = makeEngine();
    for (let i = 0; i < 3; i++) stores.push(await engine.open());
  });
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    await engine.cleanup();
  });

  it('the per-channel cap holds exactly: 30 concurrent subscribes, cap 5', async () => {
    const caps = { perChannel: 5, perWorkspace: 100 };
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => stores[i % stores.length]!.addSubscriptionCapped(newSubscription({ query: `q${i}` }), new Date(), caps)),
    );
    expect(results.filter((r) => 'added' in r)).toHaveLength(5);
    expect(results.filter((r) => 'full' in r)).toEqual(Array(25).fill({ full: 'channel', limit: 5 }));
    expect(await stores[0]!.countSubscriptions({ platform: 'slack', channelId: 'C1' })).toBe(5);
  });

  it('the per-workspace cap holds exactly across channels, and another workspace is not counted', async () => {
    const caps = { perChannel: 100, perWorkspace: 7 };
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        stores[i % stores.length]!.addSubscriptionCapped(newSubscription({ channelId: `C${i % 6}`, teamId: i % 4 === 3 ? 'T2' : 'T1' }), new Date(), caps),
      ),
    );
    expect(results.filter((r) => 'added' in r)).toHaveLength(7 + 6);
    expect(await stores[0]!.countSubscriptions({ platform: 'slack', teamId: 'T1' })).toBe(7);
    expect(await stores[0]!.countSubscriptions({ platform: 'slack', teamId: 'T2' })).toBe(6);
    expect(results.some((r) => 'full' in r && r.full === 'workspace')).toBe(true);
  });

  it('a turned-off digest frees its place', async () => {
    const caps = { perChannel: 1, perWorkspace: 10 };
    const first = await stores[0]!.addSubscriptionCapped(newSubscription(), new Date(), caps);
    if (!('added' in first)) throw new Error('the first subscribe was refused');
    expect(await stores[1]!.addSubscriptionCapped(newSubscription(), new Date(), caps)).toEqual({ full: 'channel', limit: 1 });
    await stores[0]!.deactivateSubscription(first.added.id, { platform: 'slack', channelId: 'C1' });
    expect('added' in (await stores[1]!.addSubscriptionCapped(newSubscription(), new Date(), caps))).toBe(true);
  });

  it('through the digest command: concurrent `digest daily` in one channel store exactly the cap, the rest get the reason', async () => {
    const ctx = (store: KyselyStore): DigestContext => ({
      platform: 'slack',
      teamId: 'T1',
      channelId: 'C1',
      userId: 'U1',
      store,
      corpora: fixedCorpus(corpusOf(baseData())),
      clock: new ManualClock(Date.parse('2026-03-02T06:00:00Z')),
      logger: silentLogger(),
      limits: { perChannel: 3, perWorkspace: 500 },
    });
    const replies = await Promise.all(Array.from({ length: 12 }, (_, i) => handleDigestText(`daily 08:00 UTC kenya q${i}`, ctx(stores[i % stores.length]!))));
    expect(replies.filter((r) => r.kind === 'notice')).toHaveLength(3);
    const problems = replies.filter((r) => r.kind === 'problem');
    expect(problems).toHaveLength(9);
    for (const p of problems) expect(p.kind === 'problem' && p.message).toContain('already has 3 digests');
    expect(await stores[0]!.countSubscriptions({ platform: 'slack', channelId: 'C1' })).toBe(3);
  });
});
