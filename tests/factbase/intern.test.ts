import { describe, expect, it } from 'vitest';
import { createFactInterner } from '../../src/factbase/intern.js';
import type { Fact } from '../../src/factbase/schema.js';
import { bigFactBase, seedFactBase } from '../fixtures/factbase/big.js';

/** A fact as JSON.parse would give it: every string its own copy. */
const reparsed = (facts: readonly Fact[]): Fact[] => JSON.parse(JSON.stringify(facts)) as Fact[];

describe('sharing the strings facts repeat', () => {
  it.each([
    ['the seeds', seedFactBase().facts],
    ['a generated base', bigFactBase(2000).facts],
  ])('changes no value (%s)', (_, facts) => {
    const intern = createFactInterner();
    const shared = reparsed(facts).map(intern);
    expect(shared).toEqual(facts);
  });

  // Whether two strings are one copy cannot be seen from JavaScript; what can be checked is that
  // the comparison picks the right quotes and keeps both values.
  it('keeps a quote equal to the text and a quote that differs, each as it was', () => {
    const [f] = reparsed(seedFactBase().facts);
    const same = structuredClone(f!);
    same.citations[0]!.quote = `${same.text}`;
    const other = structuredClone(f!);
    other.citations[0]!.quote = `${other.text} (more)`;
    const intern = createFactInterner();
    expect(intern(same).citations[0]!.quote).toBe(same.text);
    expect(intern(other).citations[0]!.quote).toBe(`${other.text} (more)`);
  });
});

describe('sharing the objects facts repeat', () => {
  it('gives equal dates one object and empty lists one frozen array, and a change to either throws', () => {
    const facts = reparsed(bigFactBase(300).facts).map(createFactInterner());
    const byDate = new Map<string, Fact['date']>();
    for (const f of facts) {
      const key = JSON.stringify(f.date);
      const seen = byDate.get(key);
      if (seen) expect(f.date).toBe(seen);
      else byDate.set(key, f.date);
    }
    // Fewer date objects than facts, or this checks nothing.
    expect(byDate.size).toBeLessThan(facts.length);
    const empty = facts.filter((f) => f.amounts.length === 0);
    expect(empty.length).toBeGreaterThan(1);
    expect(empty[0]!.amounts).toBe(empty[1]!.amounts);
    expect(() => (empty[0]!.amounts as unknown[]).push(1)).toThrow(TypeError);
    expect(() => {
      facts[0]!.date.value = '1999';
    }).toThrow(TypeError);
    expect(facts.every((f) => f.amounts.length === 0 || !Object.isFrozen(f.amounts))).toBe(true);
    // A fact that passes another interner (a base read, then loaded again) is taken as it is.
    expect(facts.map(createFactInterner())).toEqual(facts);
  });
});
