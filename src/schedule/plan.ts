import { ALERT_SLOT_MS, nextSlot, slotsBetween } from '../digest/slots.js';
import type { DueCursor, DuePlan, Subscription } from '../store/types.js';

/**
 * What a due subscription needs at `now`: the newest due slot is claimed (if it is inside the
 * catch-up window), older due slots are recorded as skipped with why, and the cursor moves to
 * the first slot after `now`. Pure, so the store can run it inside its claiming transaction.
 */
export function planDue(sub: Subscription, cursor: DueCursor, now: Date, catchUpMs: number): DuePlan {
  const created = Date.parse(sub.createdAt);
  // Slots before the subscription existed were never due; slots in the ledger are dealt with.
  const fromMs =
    cursor.nextRunAt !== undefined
      ? Date.parse(cursor.nextRunAt) - 1
      : Math.max(created, cursor.latestSlot === undefined ? created : Date.parse(cursor.latestSlot));
  const due = slotsBetween(sub.schedule, new Date(fromMs), now);
  const latest = due.pop();
  const skipped = due.map((d) => ({ slot: d.toISOString(), reason: 'missed while the bot was down; a later slot was due' }));
  const nextRunAt = nextSlot(sub.schedule, now).toISOString();
  if (!latest) return { skipped, nextRunAt };
  if (now.getTime() - latest.getTime() > catchUpMs) {
    const hours = Math.round(catchUpMs / 3_600_000);
    skipped.push({ slot: latest.toISOString(), reason: `missed while the bot was down (more than ${hours} h late)` });
    return { skipped, nextRunAt };
  }
  return { claim: latest.toISOString(), skipped, nextRunAt };
}

/**
 * An alert at `now`: with nothing in the fact base newer than its cutoff (`newest` is the fact
 * base's newest firstSeen) there is nothing to claim, and it is looked at again next tick; else
 * the current minute is claimed (its ledger row is the exactly-once key) and the alert is not due
 * again before the next minute, so a channel gets at most one message a minute from it.
 */
export function planAlert(sub: Subscription, now: Date, newest: string | null): DuePlan {
  const nothingNew = newest === null || (sub.lastDigestAt !== null && Date.parse(newest) <= Date.parse(sub.lastDigestAt));
  if (nothingNew) return { skipped: [], nextRunAt: new Date(now.getTime() + 1).toISOString() };
  const slot = Math.floor(now.getTime() / ALERT_SLOT_MS) * ALERT_SLOT_MS;
  return { claim: new Date(slot).toISOString(), skipped: [], nextRunAt: new Date(slot + ALERT_SLOT_MS).toISOString() };
}
