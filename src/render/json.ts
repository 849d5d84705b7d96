import type { Brief } from '../brief/model.js';

/** The `briefbot ask --json` shape from DESIGN.md (a public contract: add fields, never rename). */
export interface BriefJson {
  query: string;
  understood: {
    entities: { id: string; name: string; matched: string }[];
    terms: string[];
    filters: Brief['understood']['filters'];
    corrections: Brief['understood']['corrections'];
    unknown: string[];
  };
  total: number;
  /** "Where things stand": events in date order, each in the words of the fact that tells it best. */
  overview: {
    text: string;
    date: Brief['facts'][number]['date'];
    factIds: string[];
    sources: number;
    disagreements?: { how: string; factIds: string[]; publishers: string[] }[];
  }[];
  /** When the query named several entities: how many of the matches mention all of them. */
  totalAboutAll?: number;
  offset: number;
  facts: {
    id: string;
    text: string;
    date: Brief['facts'][number]['date'];
    topics: string[];
    entities: string[];
    speaker?: string;
    /** Entities the fact carries only through context, and how. */
    context: { id: string; via: string; phrase?: string }[];
    related: { factId: string; how: string }[];
    caveats: string[];
    /** Other facts telling the same claim, shown in this one's slot. */
    alsoReported?: string[];
    amounts: Brief['facts'][number]['amounts'];
    citations: {
      articleId: string;
      publisher: string;
      publisherKind: string;
      title: string;
      published: string;
      publishedIsApprox: boolean;
      url: string;
      quote: string;
    }[];
  }[];
  suggestions?: Brief['suggestions'];
}

export function briefToJson(brief: Brief): BriefJson {
  const sources = new Map(brief.sources.map((s) => [s.no, s]));
  const out: BriefJson = {
    query: brief.query,
    understood: {
      entities: brief.understood.entities.map(({ id, name, matched }) => ({ id, name, matched })),
      terms: brief.understood.terms,
      filters: brief.understood.filters,
      corrections: brief.understood.corrections,
      unknown: brief.understood.unknown,
    },
    total: brief.total,
    overview: brief.overview.map((p) => ({
      text: p.text,
      date: p.date,
      factIds: p.factIds,
      sources: p.sources,
      ...(p.disagreements ? { disagreements: p.disagreements.map((d) => ({ how: d.how, factIds: [...d.factIds], publishers: d.publishers })) } : {}),
    })),
    ...(brief.aboutAll ? { totalAboutAll: brief.aboutAll.count } : {}),
    offset: brief.offset,
    facts: brief.facts.flatMap((f) => [f, ...(f.alsoReported ?? [])]).map((f) => ({
      id: f.id,
      text: f.text,
      date: f.date,
      topics: f.topics.map((t) => t.id),
      entities: f.entities.map((e) => e.id),
      ...(f.speaker ? { speaker: f.speaker.id } : {}),
      context: f.context.map((c) => ({ id: c.id, via: c.via, ...(c.phrase !== undefined ? { phrase: c.phrase } : {}) })),
      related: f.related,
      caveats: f.caveats,
      ...(f.alsoReported ? { alsoReported: f.alsoReported.map((a) => a.id) } : {}),
      amounts: f.amounts,
      citations: f.citations.map((c) => {
        const s = sources.get(c.sourceNo);
        return {
          articleId: c.articleId,
          publisher: s?.publisher ?? '',
          publisherKind: s?.publisherKind ?? 'other',
          title: s?.title ?? '',
          published: s?.published ?? '',
          publishedIsApprox: s?.publishedIsApprox ?? false,
          url: c.url,
          quote: c.quote,
        };
      }),
    })),
  };
  if (brief.suggestions) out.suggestions = brief.suggestions;
  return out;
}

export function renderBriefJson(brief: Brief): string {
  return JSON.stringify(briefToJson(brief), null, 2) + '\n';
}
