import { afterEach, describe, expect, it, vi } from 'vitest';
import { BriefbotError } from '../../src/errors.js';
import { PoolGate } from '../../src/store/pool-gate.js';

describe('PoolGate', () => {
  afterEach(() => vi.useRealTimers());

  it('hands permits out in arrival order as they are released', async () => {
    const gate = new PoolGate(1, 60_000);
    const first = await gate.acquire();
    const order: number[] = [];
    const a = gate.acquire().then((r) => {
      order.push(1);
      return r;
    });
    const b = gate.acquire().then((r) => {
      order.push(2);
      return r;
    });
    expect(gate.queued).toBe(2);
    first();
    (await a)();
    (await b)();
    expect(order).toEqual([1, 2]);
    expect(gate.queued).toBe(0);
  });

  it('a release called twice frees one permit only', async () => {
    const gate = new PoolGate(1, 60_000);
    const r = await gate.acquire();
    r();
    r();
    await gate.acquire();
    let third = false;
    void gate.acquire().then(() => (third = true));
    await Promise.resolve();
    expect(third).toBe(false);
    expect(gate.queued).toBe(1);
  });

  it('fails a wait longer than its bound with STORE_BUSY, and the permit goes to the next caller', async () => {
    vi.useFakeTimers();
    const gate = new PoolGate(1, 1_000);
    const held = await gate.acquire();
    const late = gate.acquire();
    const caught = late.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1_001);
    const err = await caught;
    expect(err).toBeInstanceOf(BriefbotError);
    expect((err as BriefbotError).code).toBe('STORE_BUSY');
    const next = gate.acquire();
    held();
    await expect(next).resolves.toBeTypeOf('function');
  });
});
