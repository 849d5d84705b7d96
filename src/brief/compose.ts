import type { FactBase } from '../factbase/factbase.js';
import type { ArticleMeta, Fact } from '../factbase/schema.js';
import { DEFAULT_LIMIT, type SearchHit, type SearchOptions, type SearchResult, type Searcher } from '../search/types.js';
import { foldSameClaims, type FoldedClaim } from './claims.js';
import type { Brief, BriefFact, BriefOverviewPoint, BriefSource, ContextNamed, Named, SourcesList } from './model.js';
import { composeOverview, OVERVIEW_LIMITS, type OverviewPoint } from './overview.js';

export const BRIEF_LIMITS = {
  /** Matches looked at beyond the page, so a later report of a shown claim joins its slot. */
  lookahead: 40,
  /** Other reports shown in one slot; more than this are still counted as consumed. */
  alsoReported: 4,
} as const;

/**
 * Search, then shape the matches into a Brief: an overview of where things stand (first page),
 * then the facts, each claim once (later reports of it sit in its slot as "also reported"), with
 * numbered sources.
 */
export function composeBrief(fb: FactBase, searcher: Searcher, query: string, options: SearchOptions = {}): Brief {
  const limit = Math.max(0, Math.floor(options.limit ?? DEFAULT_LIMIT));
  const offset = Math.max(0, Math.floor(options.offset ?? 0));
  const window = Math.max(offset + limit + BRIEF_LIMITS.lookahead, OVERVIEW_LIMITS.candidates);
  const result = searcher.search(query, { ...options, offset: 0, limit: window });
  return briefFromResult(fb, searcher, result, { offset, limit });
}

/** `result` holds the matches from the first one on; `page` picks the items shown. */
export function briefFromResult(
  fb: FactBase,
  searcher: Searcher,
  result: SearchResult,
  page: { offset: number; limit: number } = { offset: result.offset, limit: result.hits.length },
): Brief {
  const numbering = new SourceNumbering(fb);
  const items = groupSameClaims(result.hits);
  const shownItems = items.slice(page.offset, page.offset + page.limit);
  const consumed = items.slice(0, page.offset + shownItems.length).reduce((n, it) => n + 1 + it.also.length, 0);

  const overview: BriefOverviewPoint[] = [];
  if (page.offset === 0 && result.total > 0) {
    // About everything the query names, unless that is too little to say where things stand.
    const about = result.hits.filter((h) => h.matchedAllEntities);
    const ranked = (about.length >= OVERVIEW_LIMITS.minPoints ? about : result.hits).map((h) => h.fact);
    overview.push(...numberedOverview(fb, ranked, result.understood.entities.map((e) => e.id), numbering));
  }

  const facts = shownItems.map((it) => foldedFact(fb, it, numbering));
  const brief: Brief = {
    kind: 'brief',
    query: result.query,
    understood: result.understood,
    total: result.total,
    overview,
    offset: page.offset,
    facts,
    sources: numbering.sources(),
    more: Math.max(0, result.total - consumed),
  };
  if (result.total === 0) brief.suggestions = searcher.coverage();
  if (result.understood.entities.length > 1 && result.total > 0) {
    brief.aboutAll = { count: result.totalAllEntities, names: result.understood.entities.map((e) => e.name) };
  }
  return brief;
}

/** Matches in rank order → one item per claim (see foldSameClaims). */
export function groupSameClaims(hits: readonly SearchHit[]): FoldedClaim[] {
  return foldSameClaims(hits.map((h) => h.fact));
}

/** A folded claim as one fact line: its lead, with the other reports of it as "also reported". */
export function foldedFact(fb: FactBase, item: FoldedClaim, numbering: SourceNumbering): BriefFact {
  const lead = briefFact(fb, item.lead, numbering);
  const also = item.also.slice(0, BRIEF_LIMITS.alsoReported).map((f) => briefFact(fb, f, numbering));
  if (also.length > 0) lead.alsoReported = also;
  return lead;
}

/** The overview of ranked facts, each point with the markers of its sources (numbered first: it is read first). */
export function numberedOverview(
  fb: FactBase,
  ranked: readonly Fact[],
  queryEntities: readonly string[],
  numbering: SourceNumbering,
): BriefOverviewPoint[] {
  return composeOverview(fb, ranked, queryEntities).map((p: OverviewPoint) => {
    const nos = p.factIds.flatMap((id) => fb.fact(id)?.citations.map((c) => numbering.number(c.articleId)) ?? []);
    return { ...p, sourceNos: [...new Set(nos)].sort((a, b) => a - b) };
  });
}

/** Every article in the fact base, newest first, with how many facts cite it. */
export function composeSourcesList(fb: FactBase): SourcesList {
  const articles = [...fb.articles.values()].sort(
    (a, b) => b.published.localeCompare(a.published) || a.id.localeCompare(b.id),
  );
  return {
    kind: 'sources',
    sources: articles.map((a, i) => toSource(a, i + 1)),
    facts: fb.facts.length,
  };
}

export function briefFact(fb: FactBase, fact: Fact, numbering: SourceNumbering): BriefFact {
  const named = (id: string): Named => ({ id, name: fb.entity(id)?.name ?? id });
  const out: BriefFact = {
    id: fact.id,
    text: fact.text,
    date: fact.date,
    topics: fact.topics.map((id) => ({ id, name: fb.topic(id)?.label ?? id })),
    entities: fact.entities.map(named),
    amounts: fact.amounts,
    firstSeen: fact.firstSeen,
    citations: fact.citations.map((c) => ({
      sourceNo: numbering.number(c.articleId),
      articleId: c.articleId,
      quote: c.quote,
      url: c.url,
    })),
    context: (fact.context ?? []).map((c) => {
      const n: ContextNamed = { ...named(c.id), via: c.via };
      if (c.phrase !== undefined) n.phrase = c.phrase;
      return n;
    }),
    related: (fact.related ?? []).map((r) => ({ factId: r.factId, how: r.how })),
    caveats: fact.caveats ?? [],
  };
  if (fact.speaker !== undefined) out.speaker = named(fact.speaker);
  // Facts made in code rather than parsed (test corpora) may lack the schema's defaulted fields.
  const context = fact.context ?? [];
  const caveats = fact.caveats ?? [];
  if (context.length > 0) out.context = context.map((c) => ({ ...named(c.id), via: c.via }));
  if (caveats.length > 0) out.caveats = caveats;
  return out;
}

/** Numbers sources in order of first citation, so markers read [1], [2]… down the brief. */
export class SourceNumbering {
  private readonly order = new Map<string, number>();

  constructor(private readonly fb: FactBase) {}

  number(articleId: string): number {
    let n = this.order.get(articleId);
    if (n === undefined) {
      n = this.order.size + 1;
      this.order.set(articleId, n);
    }
    return n;
  }

  sources(): BriefSource[] {
    const out: BriefSource[] = [];
    for (const [articleId, no] of this.order) {
      const article = this.fb.article(articleId);
      if (article) out.push(toSource(article, no));
    }
    return out;
  }
}

function toSource(a: ArticleMeta, no: number): BriefSource {
  const s: BriefSource = {
    no,
    articleId: a.id,
    publisher: a.publisher,
    publisherKind: a.publisherKind,
    title: a.title,
    titleIsInferred: a.titleIsInferred ?? false,
    published: a.published,
    publishedIsApprox: a.publishedIsApprox ?? false,
    url: a.url,
    caveats: a.caveats ?? [],
  };
  if (a.via !== undefined) s.via = a.via;
  return s;
}
