import { BRIEF_LIMITS, foldedFact, numberedOverview, SourceNumbering } from '../brief/compose.js';
import { foldSameClaims, type FoldedClaim } from '../brief/claims.js';
import type { Corpus } from '../brief/corpus.js';
import type { BriefOverviewPoint } from '../brief/model.js';
import { OVERVIEW_LIMITS } from '../brief/overview.js';
import type { FactBase } from '../factbase/factbase.js';
import { describeSchedule } from './slots.js';
import type { Subscription } from '../store/types.js';
import { mainTopic } from './main-topic.js';
import type { Digest, DigestGroup } from './model.js';

/** Frozen defaults in one place. */
export const DIGEST_LIMITS = {
  /** New facts shown in one digest; the rest are counted with a pointer to `/brief <query>`. */
  maxNewFacts: 20,
  /** New matches looked at per digest (counted for "N more"); beyond this the count is a floor. */
  candidates: 500,
} as const;

export type DigestSubject = Pick<Subscription, 'id' | 'query' | 'schedule' | 'lastDigestAt' | 'lastPostedAt'>;

/**
 * The digest for one subscription from the corpus as it is now: the facts whose firstSeen is after
 * the subscription's cutoff and that match its query, in the searcher's rank order, grouped by
 * main topic (else by entity pair); the first digest also opens with where things stand: the
 * brief's overview of the matches of any age.
 */
export function composeDigest(corpus: Corpus, sub: DigestSubject, slot: Date): Digest {
  const { fb, searcher } = corpus;
  const since = sub.lastDigestAt;
  const fresh = searcher.search(sub.query, {
    limit: DIGEST_LIMITS.candidates,
    ...(since !== null ? { firstSeenAfter: since } : {}),
  });
  // A digest is read unasked, so it keeps to facts about everything the query names (search also
  // returns partial matches, ranked after full ones, which suit an interactive brief).
  const matching = fresh.hits.filter((h) => h.matchedAllEntities).map((h) => h.fact);
  // The same claim told by several outlets (or in other words) is one line, "also reported by".
  const claims = foldSameClaims(matching).slice(0, DIGEST_LIMITS.maxNewFacts);
  // Reports beyond a line's "also reported" cap are not on the page: they count as "more".
  const shown = claims.reduce((n, c) => n + 1 + Math.min(c.also.length, BRIEF_LIMITS.alsoReported), 0);

  const numbering = new SourceNumbering(fb);
  const overview: BriefOverviewPoint[] = [];
  const alert = sub.schedule.kind === 'alert';
  // An alert says only what is new: where things stand is a digest's opening.
  if (sub.lastPostedAt === null && !alert) {
    const top = searcher.search(sub.query, { limit: OVERVIEW_LIMITS.candidates });
    const about = top.hits.filter((h) => h.matchedAllEntities).map((h) => h.fact);
    overview.push(...numberedOverview(fb, about, top.understood.entities.map((e) => e.id), numbering));
  }

  const groups: DigestGroup[] = groupClaims(fb, claims).map((g) => ({
    key: g.key,
    title: g.title,
    facts: g.claims.map((c) => foldedFact(fb, c, numbering)),
  }));

  return {
    kind: 'digest',
    ...(alert ? { alert: true } : {}),
    subscriptionId: sub.id,
    query: sub.query,
    understood: fresh.understood,
    slot: slot.toISOString(),
    timeZone: sub.schedule.timeZone,
    scheduleText: describeSchedule(sub.schedule),
    since,
    overview,
    groups,
    newCount: matching.length,
    shown,
    more: matching.length - shown,
    sources: numbering.sources(),
    cutoff: newestFirstSeen(fb),
  };
}

/**
 * Groups in rank order: a group sits where its best fact ranked, facts keep their rank inside it.
 * A claim goes under its leading fact's main topic (see mainTopic); without one, under the pair of entities it names first.
 */
export function groupClaims<C extends Pick<FoldedClaim, 'lead' | 'also'>>(fb: FactBase, claims: readonly C[]): { key: string; title: string; claims: C[] }[] {
  const groups = new Map<string, { key: string; title: string; claims: C[] }>();
  const name = (id: string) => fb.entity(id)?.name ?? id;
  for (const c of claims) {
    const f = c.lead;
    let key: string;
    let title: string;
    const topic = mainTopic(fb, f);
    const [a, b] = f.entities;
    if (topic !== undefined) {
      key = `topic:${topic}`;
      title = fb.topic(topic)?.label ?? topic;
    } else if (a !== undefined && b !== undefined) {
      const [x, y] = [a, b].sort() as [string, string];
      key = `pair:${x}+${y}`;
      title = `${name(x)} & ${name(y)}`;
    } else if (a !== undefined) {
      key = `entity:${a}`;
      title = name(a);
    } else {
      key = 'other';
      title = 'Other';
    }
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, title, claims: [] }));
    g.claims.push(c);
  }
  return [...groups.values()];
}

const watermarks = new WeakMap<FactBase, string | null>();

/**
 * The newest firstSeen in the fact base: the next digest's cutoff. Using the fact base's own
 * clock (not the wall clock) means a fact stamped just before a reload is never skipped. Kept as
 * the fact's own string so the searcher's strictly-after test excludes exactly that fact again.
 */
export function newestFirstSeen(fb: FactBase): string | null {
  let w = watermarks.get(fb);
  if (w === undefined) {
    w = null;
    for (const f of fb.facts) if (w === null || Date.parse(f.firstSeen) > Date.parse(w)) w = f.firstSeen;
    watermarks.set(fb, w);
  }
  return w;
}
