import { DateTime, IANAZone } from 'luxon';
import type { Schedule } from '../store/types.js';

/**
 * Slot math in the subscription's own zone. One slot per local calendar day (Mon–Fri for
 * weekdays), built from the wall-clock time with luxon: a time that does not exist on a
 * spring-forward day moves forward by the gap (02:30 → 03:30), and an ambiguous one on a
 * fall-back day takes the first (earlier) instant, so DST never doubles or drops a digest.
 */

/** An alert's slots are whole minutes: one message per alert per minute at most. */
export const ALERT_SLOT_MS = 60_000;

export function isValidZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

export function parseTime(text: string): { hour: number; minute: number } | undefined {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (!m) return undefined;
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

function slotOn(day: DateTime, schedule: Schedule): DateTime | undefined {
  if (schedule.kind === 'weekdays' && day.weekday > 5) return undefined;
  const t = parseTime(schedule.time);
  if (!t) throw new Error(`bad schedule time ${schedule.time}`);
  const slot = DateTime.fromObject(
    { year: day.year, month: day.month, day: day.day, hour: t.hour, minute: t.minute },
    { zone: schedule.timeZone },
  );
  // luxon resolves an ambiguous wall-clock time to the later instant; prefer the earlier one
  // (DST shifts are 60 or, on Lord Howe, 30 minutes), so the digest comes at the first 01:30.
  for (const minutes of [60, 30]) {
    const earlier = slot.minus({ minutes });
    if (earlier.hour === t.hour && earlier.minute === t.minute && earlier.day === slot.day) return earlier;
  }
  return slot;
}

/** The first slot strictly after `after`. */
export function nextSlot(schedule: Schedule, after: Date): Date {
  if (schedule.kind === 'alert') return new Date((Math.floor(after.getTime() / ALERT_SLOT_MS) + 1) * ALERT_SLOT_MS);
  let day = DateTime.fromJSDate(after, { zone: schedule.timeZone }).startOf('day');
  for (let i = 0; i < 10; i++, day = day.plus({ days: 1 })) {
    const slot = slotOn(day, schedule);
    if (slot && slot.toMillis() > after.getTime()) return slot.toJSDate();
  }
  throw new Error('no slot within 10 days');
}

/**
 * Slots in (from, to], oldest first; at most `max`, keeping the newest ones when there are more
 * (a bot down for years must not enumerate every missed morning).
 */
export function slotsBetween(schedule: Schedule, from: Date, to: Date, max = 366): Date[] {
  const out: Date[] = [];
  let day = DateTime.fromJSDate(to, { zone: schedule.timeZone }).startOf('day');
  const floor = DateTime.fromJSDate(from, { zone: schedule.timeZone }).startOf('day').minus({ days: 1 });
  for (; day >= floor && out.length < max; day = day.minus({ days: 1 })) {
    const slot = slotOn(day, schedule);
    if (!slot) continue;
    const ms = slot.toMillis();
    if (ms > from.getTime() && ms <= to.getTime()) out.push(slot.toJSDate());
  }
  return out.reverse();
}

/** "daily at 08:00 Africa/Nairobi" */
export function describeSchedule(schedule: Schedule): string {
  if (schedule.kind === 'alert') return 'alert: as new facts arrive, at most one message a minute';
  return `${schedule.kind === 'weekdays' ? 'weekdays (Mon–Fri)' : 'daily'} at ${schedule.time} ${schedule.timeZone}`;
}

/** A slot as the subscriber reads it, in their zone: "Mon 9 Mar 2026, 08:00 (Africa/Nairobi)". */
export function formatSlot(slot: Date, zone: string): string {
  return `${DateTime.fromJSDate(slot, { zone }).toFormat('ccc d LLL yyyy, HH:mm')} (${zone})`;
}
