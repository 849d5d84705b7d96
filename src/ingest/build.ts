import { ingestReads } from './languages.js';
import { createHash } from 'node:crypto';
import type { Logger } from '../logger.js';
import {
  FACTBASE_FORMAT_VERSION,
  type Amount,
  type Citation,
  type ContextEntity,
  type Dateline,
  type Entity,
  type Fact,
  type FactBaseData,
  type FactDate,
} from '../factbase/schema.js';
import { readArticles, type Article } from './article.js';
import { extractAmounts } from './amounts.js';
import { compareClaims, type ClaimCandidate } from './corroborate.js';
import { loadGazetteer, loadRates, loadTopics, type Rates } from './data-files.js';
import { EntityMatcher, type EntityMention } from './entities.js';
import { ArticleDates, datelineRecord } from './event-dates.js';
import { citationUrl } from './fragment.js';
import { paragraphsOf, type DroppedLine } from './paragraphs.js';
import { relatedLinks } from './related.js';
import { sentencesOf } from './sentences.js';
import { caveatsFor } from './caveats.js';
import { ArticleAnnotator, type EntityReason } from './context/resolve.js';
import { ArticleNames } from './discover/article-names.js';
import { discoverNames } from './discover/discover.js';
import type { Gazetteer } from './data-files.js';
import { loadSynonyms } from './synonyms.js';
import { TopicTagger } from './topics.js';

export interface BuildOptions {
  dataDir: string;
  /** The fact base being replaced: ids and firstSeen carry over from it. */
  previous?: FactBaseData;
  /** The instant new facts are first seen at (injected so builds are reproducible). */
  now: Date;
  logger: Logger;
}

export interface BuildReport {
  data: FactBaseData;
  dropped: { articleId: string; line: number; text: string; rule: string }[];
  corroborated: number;
  /** Pairs of facts linked as reports of one event that differ. */
  linked: number;
  /** Per fact id: where each entity and the speaker came from (`ingest --explain`). */
  explained: Map<string, FactExplanation>;
  /** Names found in the articles that the gazetteer does not know, with the rules that found them. */
  discovered: { id: string; name: string; kind: string; articleId: string; rules: string[] }[];
}

export interface FactExplanation {
  entities: EntityReason[];
  speaker?: { id: string; how: string };
}

/** A sentence that will become (part of) a fact, before corroboration merges it. */
export interface Draft {
  id: string;
  text: string;
  entities: string[];
  topics: string[];
  date: FactDate;
  amounts: Amount[];
  speaker?: string;
  context: ContextEntity[];
  caveats: string[];
  explanation: FactExplanation;
  citation: Citation;
  published: string;
  publisher: string;
  /** The text with names blanked, for corroboration (see toCandidate). */
  claimText: string;
}

/** Facts shorter than this many words are fragments (labels, sign-offs), not claims. */
const MIN_FACT_WORDS = 5;

export function buildFactBase(opts: BuildOptions): FactBaseData {
  return buildFactBaseWithReport(opts).data;
}

export function buildFactBaseWithReport(opts: BuildOptions): BuildReport {
  const gazetteer = loadGazetteer(opts.dataDir);
  const topics = loadTopics(opts.dataDir);
  const rates = loadRates(opts.dataDir);
  const articles = readArticles(opts.dataDir);
  const synonyms = loadSynonyms(opts.dataDir);
  const matcher = new EntityMatcher(gazetteer);
  const tagger = new TopicTagger(topics);

  const drafts: Draft[] = [];
  const dropped: BuildReport['dropped'] = [];
  const discovered = new Map<string, Entity>();
  const discoveredReport: BuildReport['discovered'] = [];
  const datelines = new Map<string, Dateline>();
  for (const article of articles) {
    // Kept in the fact base's article list (it was added, in its language) but read for no facts.
    if (!ingestReads(article.meta.language)) continue;
    const out = draftsOf(article, matcher, gazetteer, tagger, rates);
    drafts.push(...out.drafts);
    dropped.push(...out.dropped.map((d: DroppedLine) => ({ articleId: article.meta.id, ...d })));
    for (const d of out.discovered) {
      discoveredReport.push({ id: d.entity.id, name: d.entity.name, kind: d.entity.kind, articleId: article.meta.id, rules: d.rules });
      discovered.set(d.entity.id, mergeDiscovered(discovered.get(d.entity.id), d.entity));
    }
    if (out.dateline) datelines.set(article.meta.id, out.dateline);
  }

  const { groups, related } = compareClaims(drafts.map(toCandidate), { synonyms });
  const previousIds = new Map((opts.previous?.facts ?? []).map((f) => [f.id, f]));
  const firstSeen = opts.now.toISOString();
  const facts = groups.map((g) => mergeDrafts(g.map((i) => drafts[i]!), previousIds, firstSeen));
  const explained = new Map<string, FactExplanation>();
  groups.forEach((g, i) => explained.set(facts[i]!.id, explainMerged(g.map((k) => drafts[k]!))));
  const factOfDraft = new Map(groups.flatMap((g, k) => g.map((i) => [i, facts[k]!] as const)));
  const links = relatedLinks(related, (i) => ({ factId: factOfDraft.get(i)!.id, publisher: drafts[i]!.publisher, text: drafts[i]!.text }));
  for (const f of facts) f.related = links.get(f.id) ?? [];
  const metas = articles.map((a) => {
    const dateline = datelines.get(a.meta.id);
    return dateline ? { ...a.meta, dateline } : a.meta;
  });
  const assembled = assembleFactBase({ articles: metas, facts, known: gazetteer.entities, discovered: discovered.values(), topics });
  const { corroborated, linked } = assembled;
  opts.logger.info({ articles: articles.length, facts: facts.length, corroborated, linked, dropped: dropped.length }, 'fact base built');
  return { ...assembled, dropped, explained, discovered: discoveredReport };
}

/**
 * The fact base in its one order (articles, entities and topics by id; facts by their first
 * citation's place), shared by the full and the incremental build so both write the same bytes.
 * Only discovered names some fact carries go in: the rest are noise for search.
 */
export function assembleFactBase(parts: {
  articles: readonly FactBaseData['articles'][number][];
  facts: Fact[];
  known: readonly Entity[];
  discovered: Iterable<Entity>;
  topics: Iterable<FactBaseData['topics'][number]>;
}): { data: FactBaseData; corroborated: number; linked: number } {
  const { facts } = parts;
  facts.sort((a, b) => a.citations[0]!.articleId.localeCompare(b.citations[0]!.articleId) || a.citations[0]!.start - b.citations[0]!.start);
  const used = new Set(facts.flatMap((f) => [...f.entities, ...f.context.map((c) => c.id), ...(f.speaker ? [f.speaker] : [])]));
  const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
  return {
    data: {
      formatVersion: FACTBASE_FORMAT_VERSION,
      articles: [...parts.articles].sort(byId),
      entities: [...parts.known, ...[...parts.discovered].filter((e) => used.has(e.id))].sort(byId),
      topics: [...parts.topics].sort(byId),
      facts,
    },
    corroborated: facts.filter((f) => f.citations.length > 1).length,
    linked: facts.reduce((n, f) => n + f.related.length, 0) / 2,
  };
}

/** The same discovered name in two articles is one entity: aliases add up, the first role and country stay. */
export function mergeDiscovered(prev: Entity | undefined, next: Entity): Entity {
  if (prev === undefined) return { ...next, aliases: [...next.aliases] };
  const out: Entity = { ...prev, aliases: [...new Set([...prev.aliases, ...next.aliases])].sort() };
  if (out.role === undefined && next.role !== undefined) out.role = next.role;
  if (out.country === undefined && next.country !== undefined) out.country = next.country;
  return out;
}

export function explainMerged(drafts: Draft[]): FactExplanation {
  const entities: EntityReason[] = [];
  for (const d of drafts) for (const r of d.explanation.entities) if (!entities.some((e) => e.id === r.id && e.origin === r.origin)) entities.push(r);
  const withSpeaker = drafts.find((d) => d.explanation.speaker !== undefined);
  return withSpeaker?.explanation.speaker ? { entities, speaker: withSpeaker.explanation.speaker } : { entities };
}

/** Stable JSON: the same fact base always serializes to the same bytes. */
export function serializeFactBase(data: FactBaseData): string {
  return JSON.stringify(data, null, 2) + '\n';
}

/** The id a sentence keeps across rebuilds: a hash of its normalized words. */
export function factIdFor(text: string): string {
  const normal = text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  return `f_${createHash('sha256').update(normal).digest('hex').slice(0, 16)}`;
}

export function draftsOf(
  article: Article,
  matcher: EntityMatcher,
  gazetteer: Gazetteer,
  tagger: TopicTagger,
  rates: Rates,
): { drafts: Draft[]; dropped: DroppedLine[]; discovered: ReturnType<typeof discoverNames>; dateline?: Dateline } {
  const { meta, body } = article;
  const { paragraphs, dropped, dateline: foundDateline } = paragraphsOf(body, meta.title, matcher);
  const dateline = foundDateline && datelineRecord(foundDateline.dateline, meta.published, matcher);
  const dates = new ArticleDates(
    { published: meta.published, publishedIsApprox: meta.publishedIsApprox ?? false },
    ...(foundDateline && dateline ? [{ record: dateline, paragraph: foundDateline.paragraph }] : []),
  );
  const currencyHint = currencyOf(meta.url);
  const sentences = paragraphs.flatMap((p) => sentencesOf(p));
  const found = discoverNames([meta.title, ...sentences.map((s) => s.text)], matcher);
  const names = new ArticleNames(matcher, found.map((d) => d.entity));
  const lead = sentences.find((s) => s.text.split(/\s+/u).length > 12)?.text ?? '';
  const annotator = new ArticleAnnotator(names, gazetteer.regions, meta.title, lead);
  const drafts: Draft[] = [];
  const located = paragraphs.flatMap((paragraph, p) => sentencesOf(paragraph).map((s) => [s, p] as const));
  for (const [s, p] of located) {
    const text = s.leadIn !== undefined ? `${s.leadIn} ${s.text}` : s.text;
    // Annotate every sentence in order, short ones too: they name the people a later "he" means.
    const a = annotator.annotate(s.text, s.leadIn);
    const amounts = extractAmounts(s.text, { ...(currencyHint ? { currencyHint } : {}), rates });
    // Every sentence is dated, short ones too: the next sentence may take its year.
    const date = dates.dateOf(s.text, { paragraph: p, hasFigure: amounts.length > 0 });
    if (text.split(/\s+/u).length < MIN_FACT_WORDS) {
      dropped.push({ line: body.slice(0, s.start).split('\n').length, text, rule: 'short-sentence' });
      continue;
    }
    const quote = body.slice(s.start, s.end);
    // Names in the lead-in are the bullet's context, not its mentions; blank them all for corroboration.
    const mentions = names.find(text);
    const reasons = [...a.reasons];
    const context = [...a.context];
    // The dateline's place (and its country) is where the lead was reported from.
    if (foundDateline && dateline?.entity !== undefined && p === foundDateline.paragraph) {
      for (const id of matcher.withCountries([dateline.entity])) {
        if (a.entities.includes(id) || context.some((c) => c.id === id)) continue;
        context.push({ id, via: 'dateline', phrase: dateline.place });
        reasons.push({ id, origin: 'dateline', why: `the dateline "${dateline.place}"` });
      }
    }
    const carried = new Set([...a.entities, ...context.map((c) => c.id)]);
    const explanation: FactExplanation = { entities: reasons };
    if (a.speaker) explanation.speaker = { id: a.speaker.id, how: a.speaker.how };
    const draft: Draft = {
      id: factIdFor(text),
      text,
      entities: a.entities,
      context,
      caveats: caveatsFor(meta.caveats ?? [], carried, names),
      explanation,
      topics: tagger.tag(text, mentions),
      date,
      amounts,
      citation: { articleId: meta.id, quote, start: s.start, end: s.end, url: citationUrl(meta.url, quote) },
      published: meta.published,
      publisher: meta.publisher,
      claimText: blankMentions(text, mentions),
    };
    if (a.speaker !== undefined) draft.speaker = a.speaker.id;
    drafts.push(draft);
  }
  return dateline ? { drafts, dropped, discovered: found, dateline } : { drafts, dropped, discovered: found };
}

/**
 * The currency a bare "Sh" means: the local one of the publisher's country, read from the
 * article address's country-code domain (.ke → KES, .ug → UGX, .tz → TZS).
 */
function currencyOf(url: string): string | undefined {
  const tld = /^https?:\/\/[^/]+\.([a-z]{2})(?:[:/]|$)/i.exec(url)?.[1]?.toLowerCase();
  return tld === undefined ? undefined : TLD_CURRENCY[tld];
}

const TLD_CURRENCY: Record<string, string> = {
  ke: 'KES',
  ug: 'UGX',
  tz: 'TZS',
  so: 'SOS',
  my: 'MYR',
  ng: 'NGN',
  za: 'ZAR',
  in: 'INR',
  cn: 'CNY',
  uk: 'GBP',
};

/**
 * Names are blanked from the words compared: two sentences about the same people are not the same
 * claim unless they say the same thing about them (the entity ids still count, as entities).
 */
function blankMentions(text: string, mentions: readonly EntityMention[]): string {
  let out = text;
  for (const m of mentions) out = out.slice(0, m.start) + ' '.repeat(m.end - m.start) + out.slice(m.end);
  return out;
}

export function toCandidate(d: Draft): ClaimCandidate {
  return {
    articleId: d.citation.articleId,
    text: d.claimText,
    // What a sentence refers to counts like what it names: "the South American country" is not "the North African kingdom".
    entities: [...d.entities, ...d.context.map((c) => c.id)],
    money: d.amounts.filter((a) => a.kind === 'currency').map((a) => `${a.unit}:${a.value}`),
  };
}

/**
 * One fact from the drafts of one claim. The earliest-published report supplies the text, date
 * and speaker; entities, topics and amounts are the union. The id is one the previous fact base
 * already used for any member (so merging never renames a fact people have seen), else the lead's.
 */
export function mergeDrafts(drafts: Draft[], previous: ReadonlyMap<string, Fact>, now: string): Fact {
  const ordered = [...drafts].sort(
    (a, b) =>
      a.published.localeCompare(b.published) ||
      a.citation.articleId.localeCompare(b.citation.articleId) ||
      a.citation.start - b.citation.start,
  );
  const lead = ordered[0]!;
  const known = ordered.find((d) => previous.has(d.id));
  const id = known?.id ?? lead.id;
  const amounts = new Map<string, Amount>();
  for (const d of ordered) for (const a of d.amounts) if (!amounts.has(`${a.unit}:${a.value}`)) amounts.set(`${a.unit}:${a.value}`, a);
  const entities = [...new Set(ordered.flatMap((d) => d.entities))].sort();
  // First report's order (mentions of the lead first), each entity once, never one it names.
  const context: ContextEntity[] = [];
  for (const d of ordered) for (const c of d.context) if (!entities.includes(c.id) && !context.some((x) => x.id === c.id)) context.push(c);
  const fact: Fact = {
    id,
    text: lead.text,
    entities,
    topics: [...new Set(ordered.flatMap((d) => d.topics))].sort(),
    // One report may say when it happened where another only has its publication date.
    date: ordered.find((d) => d.date.kind === 'event')?.date ?? lead.date,
    amounts: [...amounts.values()],
    firstSeen: previous.get(id)?.firstSeen ?? now,
    citations: ordered.map((d) => d.citation),
    context,
    related: [],
    caveats: [...new Set(ordered.flatMap((d) => d.caveats))],
  };
  if (lead.speaker !== undefined) fact.speaker = lead.speaker;
  return fact;
}
