import { describe, expect, it } from 'vitest';
import { buildCorpusParts } from '../../src/corpus/cached-load.js';
import { fromWireSteps, toWire } from '../../src/corpus/head-wire.js';
import { bigFactBase, seedFactBase } from '../fixtures/factbase/big.js';

/** Runs a step generator to its end, counting its steps. */
function run<T>(steps: Generator<void, T>): { value: T; steps: number } {
  let n = 0;
  for (;;) {
    const r = steps.next();
    if (r.done) return { value: r.value, steps: n };
    n++;
  }
}

describe('the head message in its wire form', () => {
  it.each([
    ['the seeds', seedFactBase()],
    ['a generated base', bigFactBase(3000)],
  ])('gives back the same rest and packed index, through a structured clone (%s)', (_, data) => {
    const parts = buildCorpusParts(data, 'off');
    const { transfer, ...head } = toWire(parts.rest, parts.index);
    expect(transfer.every((b) => b instanceof ArrayBuffer)).toBe(true);
    const { value, steps } = run(fromWireSteps(structuredClone(head)));
    expect(value.rest).toEqual(parts.rest);
    expect(value.index).toEqual(parts.index);
    // One step per list at least: no single step splits every list.
    expect(steps).toBeGreaterThanOrEqual(6);
  });

  it('keeps an empty list empty and a list of one empty key as one key', () => {
    const parts = buildCorpusParts(seedFactBase(), 'off');
    const index = { ...parts.index, context: { ...parts.index.context, keys: [] }, topics: { ...parts.index.topics, keys: [''] } };
    const { transfer: _t, ...head } = toWire(parts.rest, index);
    const back = run(fromWireSteps(head)).value.index;
    expect(back.context.keys).toEqual([]);
    expect(back.topics.keys).toEqual(['']);
  });

  it('refuses a head whose surface words and ids disagree', () => {
    const parts = buildCorpusParts(seedFactBase(), 'off');
    const { transfer: _t, ...head } = toWire(parts.rest, parts.index);
    const bad = { ...head, index: { ...head.index, surfaceIds: head.index.surfaceIds.slice(1) } };
    expect(() => run(fromWireSteps(bad))).toThrow(/surface/);
  });
});
