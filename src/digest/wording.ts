import { DateTime } from 'luxon';
import type { Digest } from './model.js';

/** "since Mon 2 Mar, 08:00" in the subscriber's zone; "so far" when counting from the beginning. */
export function formatSince(digest: Pick<Digest, 'since' | 'timeZone'>): string {
  if (digest.since === null) return 'so far';
  const d = DateTime.fromISO(digest.since, { zone: digest.timeZone });
  return d.isValid ? `since ${d.toFormat('ccc d LLL, HH:mm')}` : 'since the last digest';
}
