import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommandReceipts, digestChangesState } from '../../../src/platforms/slack/receipts.js';
import type { KyselyStore } from '../../../src/store/kysely-store.js';
import { openSqliteStore } from '../../../src/store/open.js';

describe('digestChangesState', () => {
  it.each([
    ['daily 08:00 UTC kenya', true],
    ['weekdays 07:30 ghana --always', true],
    ['off d7k3mq', true],
    ['stop all', true],
    ['list', false],
    ['preview', false],
    ['', false],
    ['daily 25:00 kenya', false],
  ])('"digest %s" → %s', (rest, expected) => {
    expect(digestChangesState(rest)).toBe(expected);
  });
});

describe('CommandReceipts', () => {
  let store: KyselyStore;
  beforeEach(async () => {
    store = await openSqliteStore(':memory:');
  });
  afterEach(async () => {
    await store.close();
  });

  it('runs a key once; a failed run forgets the key so a retry can run it', async () => {
    const receipts = new CommandReceipts(store, () => new Date('2026-04-10T09:00:00Z'));
    let runs = 0;
    expect(await receipts.once('k1', async () => ++runs)).toEqual({ ran: true, value: 1 });
    expect(await receipts.once('k1', async () => ++runs)).toEqual({ ran: false });
    await expect(receipts.once('k2', async () => Promise.reject(new Error('store is read-only')))).rejects.toThrow('read-only');
    expect(await receipts.once('k2', async () => ++runs)).toEqual({ ran: true, value: 2 });
  });
});
