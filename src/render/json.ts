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
  /** When the query named several entities: how many of the matches mention all of them. */
  totalAboutAll?: number;
  offset: number;
  facts: {
    id: string;
    text: string;
    date: Brief['facts'][number]['date'];
    topics: string[];
    entities: string[];
    /** Entities from context, with how the fact came to carry them. */
    context: { id: string; via: string }[];
    speaker?: string;
    /** Doubts about the source that concern this fact. */
    caveats: string[];
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
    ...(brief.aboutAll ? { totalAboutAll: brief.aboutAll.count } : {}),
    offset: brief.offset,
    facts: brief.facts.map((f) => ({
      id: f.id,
      text: f.text,
      date: f.date,
      topics: f.topics.map((t) => t.id),
      entities: f.entities.map((e) => e.id),
      context: (f.context ?? []).map((c) => ({ id: c.id, via: c.via })),
      ...(f.speaker ? { speaker: f.speaker.id } : {}),
      caveats: f.caveats ?? [],
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
