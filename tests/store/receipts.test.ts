import { afterEach, beforeEach, expect, it } from 'vitest';
import type { KyselyStore } from '../../src/store/kysely-store.js';
import { MIGRATION_NAMES } from '../../src/store/migrations.js';
import { describeEachEngine, type Engine } from './engines.js';

const T0 = new Date('2026-04-10T09:00:00.000Z');
const HOUR = 3_600_000;
const later = (ms: number) => new Date(T0.getTime() + ms);

describeEachEngine('command receipts', (makeEngine) => {
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

  it('is migration 0100_command_receipts, after the first', () => {
    expect(MIGRATION_NAMES.indexOf('0100_command_receipts')).toBeGreaterThan(MIGRATION_NAMES.indexOf('0001_subscriptions_ledger_refs'));
  });

  it('records a key once; the same key again is refused until it expires', async () => {
    expect(await store.recordCommandReceipt('slack:T1:trigger:a', T0, HOUR)).toBe(true);
    expect(await store.recordCommandReceipt('slack:T1:trigger:a', later(10 * 60_000), HOUR)).toBe(false);
    expect(await store.recordCommandReceipt('slack:T1:trigger:b', T0, HOUR)).toBe(true);
    // Expired but not pruned yet: it no longer counts.
    expect(await store.recordCommandReceipt('slack:T1:trigger:a', later(HOUR), HOUR)).toBe(true);
    expect(await store.recordCommandReceipt('slack:T1:trigger:a', later(HOUR + 1), HOUR)).toBe(false);
  });

  it('survives a reopen (a restart), and another handle on the same database sees it (a replica)', async () => {
    expect(await store.recordCommandReceipt('k', T0, HOUR)).toBe(true);
    await store.close();
    store = await engine.open();
    expect(await store.recordCommandReceipt('k', later(1000), HOUR)).toBe(false);
    const other = await engine.open();
    expect(await other.recordCommandReceipt('k', later(2000), HOUR)).toBe(false);
    await other.close();
  });

  it('gives a key to exactly one of many concurrent callers on two handles', async () => {
    const other = await engine.open();
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? other : store).recordCommandReceipt('race', T0, HOUR)));
    await other.close();
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('releases a key (so a retry may run) and prunes only expired ones', async () => {
    await store.recordCommandReceipt('released', T0, HOUR);
    await store.releaseCommandReceipt('released');
    expect(await store.recordCommandReceipt('released', later(1), HOUR)).toBe(true);
    await store.recordCommandReceipt('old', T0, 60_000);
    await store.recordCommandReceipt('fresh', later(30 * 60_000), HOUR);
    expect(await store.pruneCommandReceipts(later(2 * 60_000))).toBe(1);
    expect(await store.recordCommandReceipt('fresh', later(31 * 60_000), HOUR)).toBe(false);
    expect(await store.pruneCommandReceipts(later(2 * 60_000))).toBe(0);
  });
});
