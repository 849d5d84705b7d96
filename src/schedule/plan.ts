import { nextSlot, slotsBetween } from '../digest/slots.js';
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
