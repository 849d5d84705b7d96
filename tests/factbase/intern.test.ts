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
