import type { FactBase } from '../factbase/factbase.js';
import type { ArticleMeta, Fact } from '../factbase/schema.js';
import type { SearchOptions, SearchResult, Searcher } from '../search/types.js';
import type { Brief, BriefFact, BriefSource, Named, SourcesList } from './model.js';

/** Search, then shape the page of results into a Brief with numbered sources. */
export function composeBrief(fb: FactBase, searcher: Searcher, query: string, options: SearchOptions = {}): Brief {
  return briefFromResult(fb, searcher, searcher.search(query, options));
}

export function briefFromResult(fb: FactBase, searcher: Searcher, result: SearchResult): Brief {
  const numbering = new SourceNumbering(fb);
  const facts = result.hits.map((h) => briefFact(fb, h.fact, numbering));
  const brief: Brief = {
    kind: 'brief',
    query: result.query,
    understood: result.understood,
    total: result.total,
    offset: result.offset,
    facts,
    sources: numbering.sources(),
    more: Math.max(0, result.total - result.offset - facts.length),
  };
  if (result.total === 0) brief.suggestions = searcher.coverage();
  if (result.understood.entities.length > 1 && result.total > 0) {
    brief.aboutAll = { count: result.totalAllEntities, names: result.understood.entities.map((e) => e.name) };
  }
  return brief;
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
