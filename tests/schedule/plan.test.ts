import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextSlot, slotsBetween } from '../../src/digest/slots.js';
import { planDue } from '../../src/schedule/plan.js';
import { storedSubscription } from '../fixtures/digest/subscription.js';

const HOUR = 3_600_000;
const ZONES = ['UTC', 'Africa/Nairobi', 'America/Santiago', 'Australia/Lord_Howe', 'Asia/Kathmandu'];

describe('planDue', () => {
  it('property: every due slot is claimed or skipped exactly once, the claim is the newest, and the cursor moves past now', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.constantFrom(...ZONES),
        fc.constantFrom('daily' as const, 'weekdays' as const),
        fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2026-12-01T00:00:00Z') }),
        fc.integer({ min: 0, max: 5 * 24 * HOUR }),
        fc.boolean(),
        (h, m, zone, kind, createdMs, downMs, known) => {
          const schedule = { kind, time: `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`, timeZone: zone };
          const sub = storedSubscription({ schedule, createdAt: new Date(createdMs).toISOString() });
          const cursorAt = nextSlot(schedule, new Date(createdMs));
          const now = new Date(createdMs + downMs);
          const plan = planDue(sub, { nextRunAt: known ? cursorAt.toISOString() : undefined, latestSlot: undefined }, now, 6 * HOUR);
          const due = slotsBetween(schedule, new Date(createdMs), now).map((d) => d.toISOString());
          const handled = [...plan.skipped.map((x) => x.slot), ...(plan.claim ? [plan.claim] : [])];
          expect([...handled].sort()).toEqual(due);
          if (plan.claim) {
            expect(plan.claim).toBe(due[due.length - 1]);
            expect(now.getTime() - Date.parse(plan.claim)).toBeLessThanOrEqual(6 * HOUR);
          }
          expect(Date.parse(plan.nextRunAt)).toBeGreaterThan(now.getTime());
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a stored cursor wins over the ledger: nothing before it is due again', () => {
    const sub = storedSubscription({ createdAt: '2026-03-01T00:00:00.000Z' });
    const plan = planDue(sub, { nextRunAt: '2026-03-03T05:00:00.000Z', latestSlot: undefined }, new Date('2026-03-03T05:00:30Z'), 6 * HOUR);
    expect(plan).toEqual({ claim: '2026-03-03T05:00:00.000Z', skipped: [], nextRunAt: '2026-03-04T05:00:00.000Z' });
  });
});
