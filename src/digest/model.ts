import type { BriefFact, BriefOverviewPoint, BriefSource } from '../brief/model.js';
import type { Understood } from '../search/types.js';

/**
 * What a digest says, platform-neutral: the facts that entered the fact base since the
 * subscription's last digest and match its query, grouped, with numbered sources like a Brief.
 * Renderers (text, Block Kit) turn it into output; posters send it.
 */
export interface DigestGroup {
  /** Stable key: `topic:<id>`, `pair:<a>+<b>`, `entity:<id>` or `other`. */
  key: string;
  /** "Tariffs", "Kenya & Malaysia". */
  title: string;
  facts: BriefFact[];
}

export interface Digest {
  kind: 'digest';
  /** An alert's message (a subscription of kind alert): no overview, headed "Alert". */
  alert?: boolean;
  subscriptionId: string;
  query: string;
  understood: Understood;
  /** The scheduled instant this digest is for (ISO), or the preview time. */
  slot: string;
  /** The subscriber's zone, for dates in the heading. */
  timeZone: string;
  /** "daily at 08:00 Africa/Nairobi". */
  scheduleText: string;
  /** "New" means firstSeen after this instant; null when counting from the beginning. */
  since: string | null;
  /** The first digest after subscribing opens with where things stand: the brief's overview, any age. */
  overview: BriefOverviewPoint[];
  groups: DigestGroup[];
  /** How many new facts match in all; `shown` of them are in the groups (a line's "also reported" count too). */
  newCount: number;
  shown: number;
  /** New facts left out for length: the renderer points to `/brief <query>` for them. */
  more: number;
  sources: BriefSource[];
  /** The newest firstSeen in the fact base this digest was composed from: the next cutoff. */
  cutoff: string | null;
}

/** Whether there is anything to say; an empty digest is posted only for post-when-empty subscriptions. */
export function hasContent(digest: Digest): boolean {
  return digest.shown > 0 || digest.overview.length > 0;
}
