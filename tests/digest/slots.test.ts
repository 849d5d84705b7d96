import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { nextSlot, slotsBetween } from '../../src/digest/slots.js';
import type { Schedule } from '../../src/store/types.js';

const iso = (d: Date) => d.toISOString();
const daily = (time: string, timeZone: string): Schedule => ({ kind: 'daily', time, timeZone });

describe('slot math across zones and DST', () => {
  it('America/New_York spring forward (8 Mar 2026): 08:00 moves from 13:00Z to 12:00Z', () => {
    const s = daily('08:00', 'America/New_York');
    expect(slotsBetween(s, new Date('2026-03-07T00:00:00Z'), new Date('2026-03-09T23:00:00Z')).map(iso)).toEqual([
      '2026-03-07T13:00:00.000Z',
      '2026-03-08T12:00:00.000Z',
      '2026-03-09T12:00:00.000Z',
    ]);
  });

  it('America/New_York: a time inside the spring-forward gap runs once, an hour later on the clock', () => {
    const s = daily('02:30', 'America/New_York');
    expect(slotsBetween(s, new Date('2026-03-07T00:00:00Z'), new Date('2026-03-09T23:00:00Z')).map(iso)).toEqual([
      '2026-03-07T07:30:00.000Z', // 02:30 EST
      '2026-03-08T07:30:00.000Z', // 02:30 does not exist: 03:30 EDT
      '2026-03-09T06:30:00.000Z', // 02:30 EDT
    ]);
  });

  it('America/New_York fall back (1 Nov 2026): the repeated 01:30 posts once, at the first one', () => {
    const s = daily('01:30', 'America/New_York');
    expect(slotsBetween(s, new Date('2026-10-31T00:00:00Z'), new Date('2026-11-02T23:00:00Z')).map(iso)).toEqual([
      '2026-10-31T05:30:00.000Z',
      '2026-11-01T05:30:00.000Z', // 01:30 EDT; 01:30 EST (06:30Z) is not a second slot
      '2026-11-02T06:30:00.000Z',
    ]);
    expect(iso(nextSlot(s, new Date('2026-11-01T05:30:00Z')))).toBe('2026-11-02T06:30:00.000Z');
  });

  it('Europe/London both transitions (29 Mar and 25 Oct 2026)', () => {
    const s = daily('08:00', 'Europe/London');
    expect(slotsBetween(s, new Date('2026-03-28T00:00:00Z'), new Date('2026-03-29T23:00:00Z')).map(iso)).toEqual([
      '2026-03-28T08:00:00.000Z',
      '2026-03-29T07:00:00.000Z',
    ]);
    expect(slotsBetween(s, new Date('2026-10-24T00:00:00Z'), new Date('2026-10-25T23:00:00Z')).map(iso)).toEqual([
      '2026-10-24T07:00:00.000Z',
      '2026-10-25T08:00:00.000Z',
    ]);
    expect(iso(nextSlot(daily('01:30', 'Europe/London'), new Date('2026-03-29T00:00:00Z')))).toBe('2026-03-29T01:30:00.000Z');
  });

  it('Africa/Nairobi has no DST: 08:00 is 05:00Z all year', () => {
    const s = daily('08:00', 'Africa/Nairobi');
    for (const day of ['2026-01-15', '2026-03-29', '2026-07-01', '2026-10-25', '2026-11-01']) {
      expect(iso(nextSlot(s, new Date(`${day}T00:00:00Z`)))).toBe(`${day}T05:00:00.000Z`);
    }
  });

  it('weekdays skip Saturday and Sunday in the subscriber’s zone', () => {
    const s: Schedule = { kind: 'weekdays', time: '07:30', timeZone: 'Africa/Nairobi' };
    // Friday 6 Mar 2026, 10:00 Nairobi → Monday 9 Mar 07:30 Nairobi.
    expect(iso(nextSlot(s, new Date('2026-03-06T07:00:00Z')))).toBe('2026-03-09T04:30:00.000Z');
    // 23:30 UTC Sunday is already Monday 02:30 in Nairobi: Monday's slot is later that morning.
    expect(iso(nextSlot(s, new Date('2026-03-08T23:30:00Z')))).toBe('2026-03-09T04:30:00.000Z');
  });

  it('property: one slot per local day, at the requested wall-clock time unless it falls in a gap', () => {
    const zones = ['America/New_York', 'Europe/London', 'Africa/Nairobi', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'UTC'];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.boolean(),
        (zone, h, m, from, weekdays) => {
          const time = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
          const s: Schedule = { kind: weekdays ? 'weekdays' : 'daily', time, timeZone: zone };
          const to = new Date(from.getTime() + 21 * 86_400_000);
          const slots = slotsBetween(s, from, to);
          const days = slots.map((d) => DateTime.fromJSDate(d, { zone }).toISODate());
          expect(new Set(days).size).toBe(slots.length);
          expect(slots.length).toBeGreaterThanOrEqual(weekdays ? 14 : 20);
          for (const d of slots) {
            const local = DateTime.fromJSDate(d, { zone });
            if (weekdays) expect(local.weekday).toBeLessThanOrEqual(5);
            expect(d.getTime()).toBeGreaterThan(from.getTime());
            // In a DST gap the slot moves forward by the gap; otherwise it is exactly HH:MM.
            const wanted = local.set({ hour: h, minute: m });
            if (wanted.hour === h && wanted.minute === m && wanted.toMillis() === d.getTime()) continue;
            expect(local.toMillis() - local.startOf('day').plus({ hours: h, minutes: m }).toMillis()).toBeGreaterThanOrEqual(0);
          }
          expect(nextSlot(s, from).getTime()).toBe(slots[0]!.getTime());
        },
      ),
      { numRuns: 300 },
    );
  });
});
