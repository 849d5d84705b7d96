import { describe, expect, it } from 'vitest';
import { Handover } from '../../src/corpus/handover.js';
import type { Fact } from '../../src/factbase/schema.js';
import { bigFactBase } from '../fixtures/factbase/big.js';

const facts = (n: number): Fact[] => bigFactBase(n).facts;

/** Every fact the hand-over still holds (the array is private: read through a cast, for the test only). */
const held = (h: Handover): number => ((h as unknown as { facts: (Fact | undefined)[] }).facts).filter((f) => f !== undefined).length;

function drain(h: Handover, chunk: number): Fact[] {
  const out: Fact[] = [];
  for (let json = h.take(chunk); json !== undefined; json = h.take(chunk)) out.push(...(JSON.parse(json) as Fact[]));
  return out;
}

describe('the worker side of the hand-over', () => {
  it('hands every fact over once, in order, and then holds none', () => {
    const all = facts(1000);
    const h = new Handover([...all], false, undefined);
    expect(drain(h, 64)).toEqual(all);
    expect(held(h)).toBe(0);
  });

  it('lets go of a fact only once it was both handed over and written to the cache', () => {
    const all = facts(500);
    const h = new Handover([...all], true, undefined);
    h.take(100);
    // Nothing is on disk yet: the cache write still needs all 500.
    expect(held(h)).toBe(500);
    h.written(60);
    expect(held(h)).toBe(440);
    h.written(300);
    // Handed over only up to 100.
    expect(held(h)).toBe(400);
    h.take(400);
    expect(held(h)).toBe(200);
    h.written(Number.POSITIVE_INFINITY);
    expect(held(h)).toBe(0);
  });

  it('keeps every fact when told to retain them (the snapshot the next changes apply to)', () => {
    const all = facts(300);
    const list = [...all];
    const h = new Handover(list, false, undefined, true);
    expect(drain(h, 50)).toEqual(all);
    expect(list).toEqual(all);
  });

  it('asks for a collection after letting go of many facts, and at the end', () => {
    let collections = 0;
    const h = new Handover(facts(200), false, () => collections++);
    drain(h, 50);
    expect(collections).toBe(1);
  });
});
