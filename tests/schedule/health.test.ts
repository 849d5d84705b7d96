import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../src/digest/clock.js';
import { silentLogger } from '../../src/logger.js';
import { DigestScheduler } from '../../src/schedule/scheduler.js';
import { openSqliteStore } from '../../src/store/open.js';
import { fakeCompose, RecordingPoster } from './helpers.js';

describe('scheduler health', () => {
  afterEach(() => vi.useRealTimers());

  it('reports the last tick, and goes stale when ticks stop coming', async () => {
    const store = await openSqliteStore(':memory:');
    const sch = new DigestScheduler({ store, posters: { slack: new RecordingPoster() }, compose: fakeCompose(), clock: systemClock, logger: silentLogger() });
    expect(sch.health()).toMatchObject({ running: false, lastTickAt: null, stale: false });
    sch.start(30_000);
    while (sch.health().lastTickAt === null) await new Promise((r) => setTimeout(r, 5));
    expect(sch.health()).toMatchObject({ running: true, lastTickOk: true, stale: false });
    // Only Date is faked: 100 s later with no tick (as if the tick were wedged) is stale.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 100_000);
    expect(sch.health()).toMatchObject({ running: true, stale: true });
    vi.useRealTimers();
    await sch.stop();
    await store.close();
  });
});
