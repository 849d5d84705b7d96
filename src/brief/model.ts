import type { Amount, ContextEntity, FactDate, PublisherKind } from '../factbase/schema.js';
import type { Coverage, Understood } from '../search/types.js';
import type { OverviewPoint } from './overview.js';

/**
 * Platform-neutral answers. Renderers (text, JSON, Block Kit, Adaptive Card) turn these into
 * output; nothing here knows about any platform.
 */

export interface BriefSource {
  /** The citation marker number, [1], [2]…, in order of first use in this brief. */
  no: number;
  articleId: string;
  publisher: string;
  publisherKind: PublisherKind;
  via?: string;
  title: string;
  titleIsInferred: boolean;
  published: string;
  publishedIsApprox: boolean;
  /** The article's own address (no text fragment). */
  url: string;
  caveats: string[];
}

export interface BriefCitation {
  sourceNo: number;
  articleId: string;
  quote: string;
  /** Opens the article at the quoted words (`#:~:text=`). */
  url: string;
}

export interface Named {
  id: string;
  name: string;
}

export interface BriefFact {
  id: string;
  text: string;
  date: FactDate;
  topics: Named[];
  entities: Named[];
  amounts: Amount[];
  speaker?: Named;
  firstSeen: string;
  citations: BriefCitation[];
  /** Entities the fact carries only through context ("the two leaders", a bullet's lead-in, the story). */
  context: ContextNamed[];
  /** Other facts reporting the same event differently, and how they differ. */
  related: { factId: string; how: string }[];
  /** Doubts a reader should weigh (from the cited articles). */
  caveats: string[];
  /** The same claim or event as told by other facts, shown in this one's slot ("also reported by"). */
  alsoReported?: BriefFact[];
}

export interface ContextNamed extends Named {
  via: ContextEntity['via'];
  phrase?: string;
}

/** One "where things stand" point, with the markers of the sources that report it. */
export interface BriefOverviewPoint extends OverviewPoint {
  sourceNos: number[];
}

export interface Brief {
  kind: 'brief';
  query: string;
  understood: Understood;
  /** All matching facts, not just this page. */
  total: number;
  /** When the query named several entities: how many matches mention all of them (they come first). */
  aboutAll?: { count: number; names: string[] };
  /** "Where things stand": 3–5 events in date order (first page only; empty when nothing matches). */
  overview: BriefOverviewPoint[];
  /** Index of the first item (a fact with what is shown beside it) on this page within all matches. */
  offset: number;
  facts: BriefFact[];
  /** Sources cited by this page's facts, numbered as the markers. */
  sources: BriefSource[];
  /** Matches after this page. */
  more: number;
  /** When nothing matched: what the fact base does cover. */
  suggestions?: Coverage;
}

export interface SourcesList {
  kind: 'sources';
  sources: BriefSource[];
  facts: number;
}
