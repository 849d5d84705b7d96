import { describe, expect, it } from 'vitest';
import { RecentKeys } from '../../../src/platforms/slack/dedupe.js';

describe('RecentKeys', () => {
  it('remembers a key for the TTL, then forgets it', () => {
    let now = 0;
    const keys = new RecentKeys(1000, 100, () => now);
    expect(keys.seenBefore('t1')).toBe(false);
    expect(keys.seenBefore('t1')).toBe(true);
    now = 1500;
    expect(keys.seenBefore('t1')).toBe(false);
  });

  it('stays bounded in size, dropping the oldest keys', () => {
    const keys = new RecentKeys(60_000, 3, () => 0);
    for (const k of ['a', 'b', 'c', 'd']) keys.seenBefore(k);
    expect(keys.size).toBe(3);
    expect(keys.seenBefore('d')).toBe(true);
    expect(keys.seenBefore('a')).toBe(false);
  });
});
