import type { FactBase } from '../factbase/factbase.js';
import type { Fact, FactDate } from '../factbase/schema.js';
import { claimShape, claimSimilarity, claimWords, sameClaim, type ClaimShape } from './claims.js';
import { leansOnContext } from './self-contained.js';

/**
 * "Where things stand": the matching facts clustered by event, one point per event, each told in
 * the words of the fact that says it best. Deterministic and explainable (no language model):
 *
 * - Two facts belong to one event when they tell the same claim (or the ingest linked them), or
 *   when their dates fall within EVENT_WINDOW_DAYS of each other and they share an event word or
 *   an entity beyond the ones the query named. Facts dated only to a year are background: they
 *   join an event only through a claim.
 * - A cluster's importance: how many sources report it, how well its facts ranked, how many facts
 *   it has, and whether an article leads with it or dates it. The top MAX_POINTS clusters are kept, then put in date order (a short timeline).
 * - A cluster's point is its most central fact (most alike the rest), then the most corroborated,
 *   then the best ranked — among the facts whose sentence names its own subject, when there are
 *   any (self-contained.ts); its text is that fact's own sentence, trimmed to the main clause.
 */
export const OVERVIEW_LIMITS = {
  maxPoints: 5,
  /** Fewer events than this: an event's other developments become points of their own. */
  minPoints: 4,
  /** Facts looked at: the best-ranked matches. */
  candidates: 60,
  eventWindowDays: 3,
  /** Point texts longer than this are trimmed at a clause boundary (never mid-word, never reworded). */
  maxTextChars: 200,
} as const;

export interface OverviewDisagreement {
  /** How the reports differ, in the ingest's words ("committed to removing" vs "decision to scrap"). */
  how: string;
  factIds: [string, string];
  publishers: string[];
}

export interface OverviewPoint {
  /** The chosen fact's own words (possibly trimmed to its main clause). */
  text: string;
  /** When it happened: the event date where a fact of the cluster states one, else the publication date. */
  date: FactDate;
  /** The chosen fact first, then the rest of the cluster in rank order. */
  factIds: string[];
  /** Distinct articles that report the event. */
  sources: number;
  publishers: string[];
  disagreements?: OverviewDisagreement[];
}

interface Member {
  fact: Fact;
  rank: number;
  /** Its subject is only a pronoun or a context phrase ("They also signed…"). */
  leans: boolean;
  shape: ClaimShape;
  day: number | undefined;
  articles: string[];
}

const DAY_MS = 86_400_000;

/**
 * Facts in rank order (best first) → the overview points in date order. `queryEntities` are the
 * entities the query named: sharing them says nothing about being the same event.
 */
export function composeOverview(fb: FactBase, ranked: readonly Fact[], queryEntities: readonly string[]): OverviewPoint[] {
  const named = new Set(queryEntities);
  // The asked-for entities' own names say nothing about which event a fact reports.
  const nameWords = new Set(
    queryEntities.flatMap((id) => {
      const e = fb.entity(id);
      return e ? [...claimWords([e.name, ...e.aliases].join(' '))] : [];
    }),
  );
  const members: Member[] = ranked.slice(0, OVERVIEW_LIMITS.candidates).map((fact, rank) => ({
    fact,
    rank,
    leans: leansOnContext(fact),
    shape: withoutWords(claimShape(fact), nameWords),
    day: dayOf(fact.date),
    articles: [...new Set(fact.citations.map((c) => c.articleId))],
  }));
  const clusters = cluster(members, named);
  const scored = clusters.map((c) => ({ c, importance: importance(c), background: c.every((m) => m.day === undefined) }));
  scored.sort((a, b) => b.importance - a.importance || a.c[0]!.rank - b.c[0]!.rank);
  const selfContained = (g: readonly Member[]): boolean => g.some((m) => !m.leans);
  // An event told only as "They also…" is a point of last resort (below), not a headline.
  const events = scored.filter((x) => !x.background && selfContained(x.c)).slice(0, OVERVIEW_LIMITS.maxPoints);
  const leaning = scored.filter((x) => !x.background && !selfContained(x.c)).map((x) => x.c);
  const points = events.map(({ c }) => point(fb, c));
  // Too few events (one visit told in twenty facts): its other developments become points too,
  // each a claim of its own; only then background, so the overview still says where things stand.
  // Padding reads alone, so self-contained sentences go first (other claims, then background);
  // a claim told only as "They also…" pads only when nothing self-contained is left.
  const owns = events.map(({ c }) => [...c]);
  const pending = events.map(({ c }) => otherClaims(c, points));
  const background = scored.filter((x) => x.background).map((x) => x.c);
  const taken = new Set<readonly Member[]>();
  for (const round of [true, false]) {
    if (!round) {
      for (const c of leaning) {
        if (points.length >= OVERVIEW_LIMITS.minPoints) break;
        points.push(point(fb, c));
      }
    }
    pending.forEach((subs, i) => {
      for (const sub of subs) {
        if (points.length >= OVERVIEW_LIMITS.minPoints) break;
        if (taken.has(sub) || selfContained(sub) !== round) continue;
        taken.add(sub);
        // The event's own point keeps (and counts the sources of) the facts no other point tells.
        const lead = points[i]!.factIds[0]!;
        owns[i] = owns[i]!.filter((m) => m.fact.id === lead || !sub.includes(m));
        points[i] = point(fb, owns[i]!, lead);
        points.push(point(fb, sub));
      }
    });
    for (const c of background) {
      if (points.length >= OVERVIEW_LIMITS.minPoints) break;
      if (taken.has(c) || selfContained(c) !== round) continue;
      taken.add(c);
      points.push(point(fb, c));
    }
  }
  return points.sort((a, b) => a.date.value.localeCompare(b.date.value) || a.factIds[0]!.localeCompare(b.factIds[0]!));
}

/** The claims of one event not yet told by a point, best told first, each with its same-claim reports. */
function otherClaims(c: readonly Member[], points: readonly OverviewPoint[]): Member[][] {
  const used = new Set(points.map((p) => p.factIds[0]!));
  const told = c.filter((m) => used.has(m.fact.id));
  // Corroborated claims first (told by more outlets), then how well each is told, then rank.
  const worth = (m: Member): number => m.articles.length + telling(m);
  const left = c
    .filter((m) => !used.has(m.fact.id) && !told.some((t) => sameClaim(t.shape, m.shape)))
    .sort((a, b) => worth(b) - worth(a) || a.rank - b.rank);
  const out: Member[][] = [];
  const taken = new Set<Member>();
  for (const m of left) {
    if (taken.has(m)) continue;
    const group = left.filter((o) => !taken.has(o) && (o === m || sameClaim(m.shape, o.shape)));
    for (const g of group) taken.add(g);
    out.push(group);
  }
  return out;
}

function cluster(members: readonly Member[], named: ReadonlySet<string>): Member[][] {
  const parent = members.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  for (let i = 0; i < members.length; i++) {
    for (let j = i + 1; j < members.length; j++) {
      if (sameEvent(members[i]!, members[j]!, named)) {
        const [a, b] = [find(i), find(j)];
        // The better-ranked root wins, so cluster order never depends on pair order.
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  }
  const groups = new Map<number, Member[]>();
  for (let i = 0; i < members.length; i++) {
    const root = find(i);
    let g = groups.get(root);
    if (!g) groups.set(root, (g = []));
    g.push(members[i]!);
  }
  return [...groups.values()];
}

function sameEvent(a: Member, b: Member, named: ReadonlySet<string>): boolean {
  if (sameClaim(a.shape, b.shape)) return true;
  if (a.day === undefined || b.day === undefined) return false;
  if (Math.abs(a.day - b.day) > OVERVIEW_LIMITS.eventWindowDays) return false;
  let words = 0;
  for (const w of a.shape.words) if (b.shape.words.has(w) && !/^\d/.test(w)) words += 1;
  let entities = 0;
  for (const e of a.shape.entities) if (!named.has(e) && b.shape.entities.has(e)) entities += 1;
  return words >= 2 || (words >= 1 && entities >= 1);
}

function withoutWords(shape: ClaimShape, drop: ReadonlySet<string>): ClaimShape {
  return { ...shape, words: new Set([...shape.words].filter((w) => !drop.has(w))) };
}

function importance(c: readonly Member[]): number {
  const sources = new Set(c.flatMap((m) => m.articles)).size;
  const rankWeight = c.reduce((sum, m) => sum + 1 / (1 + m.rank), 0);
  // An event an article leads with, or dates, is more of a development than a detail or a quote.
  const told = Math.max(...c.map(telling));
  const score = sources * 2 + rankWeight * 3 + Math.log2(1 + c.length) + told * 1.5;
  // Background (dated only to a year: "launched in 2013") is context, not a development.
  return c.every((m) => m.day === undefined) ? score / 2 : score;
}

/** How well a fact tells its event: a lead paragraph's statement beats a quote or a detail. */
function telling(m: Member): number {
  const lead = Math.min(...m.fact.citations.map((x) => x.start)) < LEAD_CHARS ? 1 : 0;
  const quote = m.fact.speaker !== undefined || /^[“"]/.test(m.fact.text) ? 1 : 0;
  const dated = m.fact.date.kind === 'event' ? 0.5 : 0;
  return lead + dated - quote;
}

/** A citation starting this early in its article is in the lead paragraph(s). */
const LEAD_CHARS = 600;

/** The point for a cluster; `lead` keeps an already chosen fact as the one that tells it. */
function point(fb: FactBase, c: readonly Member[], lead?: string): OverviewPoint {
  const centrality = (m: Member): number =>
    c.reduce((sum, o) => (o === m ? sum : sum + claimSimilarity(m.shape, o.shape)), 0);
  const value = (m: Member): number => (m.fact.id === lead ? Number.POSITIVE_INFINITY : centrality(m) + telling(m));
  const best = [...c].sort(
    (a, b) =>
      (a.fact.id === lead ? -1 : b.fact.id === lead ? 1 : 0) ||
      // A sentence that names its subject leads; "They also…" only when the cluster has no other.
      Number(a.leans) - Number(b.leans) ||
      value(b) - value(a) ||
      b.articles.length - a.articles.length ||
      a.rank - b.rank ||
      a.fact.id.localeCompare(b.fact.id),
  )[0]!;
  const rest = c.filter((m) => m !== best).sort((a, b) => a.rank - b.rank);
  const articleIds = [...new Set(c.flatMap((m) => m.articles))].sort();
  const publisherOf = (articleId: string): string => fb.article(articleId)?.publisher ?? articleId;
  const out: OverviewPoint = {
    text: mainClause(best.fact.text, OVERVIEW_LIMITS.maxTextChars),
    date: eventDate(fb, c, best),
    factIds: [best.fact.id, ...rest.map((m) => m.fact.id)],
    sources: articleIds.length,
    publishers: [...new Set(articleIds.map(publisherOf))],
  };
  const disagreements = disagreementsIn(fb, c, publisherOf);
  if (disagreements.length > 0) out.disagreements = disagreements;
  return out;
}

/** The chosen fact's event date; else the earliest event date in the cluster; else when it was published. */
function eventDate(fb: FactBase, c: readonly Member[], best: Member): FactDate {
  if (best.fact.date.kind === 'event') return best.fact.date;
  const dated = c
    .filter((m) => m.fact.date.kind === 'event' && m.fact.date.precision === 'day')
    .sort((a, b) => a.fact.date.value.localeCompare(b.fact.date.value) || a.rank - b.rank)[0];
  if (dated && best.day !== undefined && dated.day !== undefined && Math.abs(dated.day - best.day) <= OVERVIEW_LIMITS.eventWindowDays) {
    return dated.fact.date;
  }
  const published = best.articles.map((id) => fb.article(id)?.published).filter((p): p is string => p !== undefined).sort()[0];
  return published === undefined ? best.fact.date : { ...best.fact.date, value: published, precision: 'day', kind: 'published' };
}

function disagreementsIn(fb: FactBase, c: readonly Member[], publisherOf: (id: string) => string): OverviewDisagreement[] {
  const inCluster = new Map(c.map((m) => [m.fact.id, m]));
  const seen = new Set<string>();
  const out: OverviewDisagreement[] = [];
  for (const m of [...c].sort((a, b) => a.rank - b.rank)) {
    for (const r of m.fact.related ?? []) {
      // Reports that differ only in wording are the same claim told twice, not a disagreement.
      if (r.differs === 'wording') continue;
      const other = inCluster.get(r.factId) ?? (fb.fact(r.factId) ? { fact: fb.fact(r.factId)! } : undefined);
      if (!other) continue;
      const key = [m.fact.id, r.factId].sort().join('|');
      if (seen.has(key)) continue;
      seen.add(key);
      const publishers = [...new Set([m.fact, other.fact].flatMap((f) => f.citations.map((x) => publisherOf(x.articleId))))];
      out.push({ how: r.how, factIds: [m.fact.id, r.factId], publishers });
    }
  }
  return out;
}

/** A day number for dates precise to the day or month (a month counts from its middle). */
function dayOf(date: FactDate): number | undefined {
  if (date.precision === 'year') return undefined;
  const [y, m, d] = date.value.split('-').map(Number);
  if (y === undefined || m === undefined) return undefined;
  return Date.UTC(y, m - 1, d ?? 15) / DAY_MS;
}

// Where a sentence's main clause ends: a comma before a participle or a relative/adverbial clause.
const CLAUSE_BREAK = /,\s+(?:describing|expanding|underscoring|emphasizing|emphasising|highlighting|adding|saying|noting|citing|including|which|while|as|with|where|who|after|amid|according)\b/gu;

/**
 * The fact's own words, cut at the end of its main clause when it is long. Extractive only: the
 * result is always a prefix of the text (plus a closing full stop), never a rewording.
 */
export function mainClause(text: string, max: number): string {
  if (text.length <= max) return text;
  for (const m of text.matchAll(CLAUSE_BREAK)) {
    if (m.index >= 40 && m.index <= max) return `${text.slice(0, m.index).trimEnd()}.`;
  }
  const cut = text.lastIndexOf(' ', max - 1);
  return `${text.slice(0, cut > 40 ? cut : max - 1).trimEnd()}…`;
}
