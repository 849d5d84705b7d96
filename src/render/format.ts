import type { Amount, FactDate, PublisherKind } from '../factbase/schema.js';
import { describeFilters } from '../search/filter-table.js';
import type { Understood } from '../search/types.js';

/**
 * Wording shared by every renderer (text, Block Kit, Adaptive Card), so a date or a source kind
 * reads the same in the terminal, Slack and Teams.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 2025-11-24 → "24 Nov 2025"; 2025-06 → "Jun 2025"; 2013 → "2013"; "about …" where approximate. */
export function formatFactDate(date: Pick<FactDate, 'value' | 'approximate'>): string {
  const text = formatIsoDate(date.value);
  return date.approximate ? `about ${text}` : text;
}

export function formatIsoDate(value: string): string {
  const [y, m, d] = value.split('-');
  const month = m === undefined ? undefined : MONTHS[Number(m) - 1];
  if (month === undefined) return y ?? value;
  if (d === undefined) return `${month} ${y}`;
  return `${Number(d)} ${month} ${y}`;
}

export function formatPublished(published: string, approximate: boolean): string {
  return formatFactDate({ value: published, approximate });
}

const KIND_LABELS: Record<PublisherKind, string> = {
  news: 'news site',
  newspaper: 'newspaper',
  wire: 'news wire',
  magazine: 'magazine',
  agency: 'news agency',
  forum: 'forum post',
  blog: 'blog',
  government: 'government',
  other: 'other source',
};

export function publisherKindLabel(kind: PublisherKind): string {
  return KIND_LABELS[kind];
}

/** "Reuters via Zawya" for syndicated stories, else the publisher. */
export function publisherLine(source: { publisher: string; via?: string }): string {
  return source.via === undefined ? source.publisher : `${source.publisher} via ${source.via}`;
}

export function sourcesCount(n: number): string {
  return n === 1 ? '1 source' : `${n} sources`;
}

/** How a measured unit reads after its number: "60,000 tonnes", "2,500 km". */
const UNIT_WORDS: Record<string, string> = { t: 'tonnes', km: 'km', mi: 'miles' };

/**
 * "MYR 5.7 billion (USD 1.37 billion, as reported)", "60,000 tonnes", "30%". Currency codes go
 * before the number as in finance writing; measured units after it, as people read them.
 * Figures keep the source's own precision.
 */
export function formatAmount(a: Amount): string {
  const main =
    a.kind === 'percent'
      ? `${trimNumber(a.value)}%`
      : a.kind === 'currency'
        ? `${a.unit} ${humanNumber(a.value)}`
        : `${humanNumber(a.value)} ${UNIT_WORDS[a.unit] ?? a.unit}`;
  if (a.usd === undefined || a.unit === 'USD') return main;
  const how = a.usd.source === 'article' ? 'as reported' : `converted at the ${a.usd.rateDate ?? 'dated'} rate`;
  return `${main} (USD ${humanNumber(a.usd.value)}, ${how})`;
}

function humanNumber(v: number): string {
  const abs = Math.abs(v);
  if (abs >= 1e12) return `${trimNumber(v / 1e12)} trillion`;
  if (abs >= 1e9) return `${trimNumber(v / 1e9)} billion`;
  if (abs >= 1e6) return `${trimNumber(v / 1e6)} million`;
  return v.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

function trimNumber(v: number): string {
  return String(Number(v.toPrecision(6)));
}

/** Markers as they appear after a fact: [1][3]. */
export function markers(sourceNos: readonly number[]): string {
  return [...new Set(sourceNos)].map((n) => `[${n}]`).join('');
}

/**
 * What a query was understood as, in words every renderer shows the same way. `esc` escapes user
 * text for the target markup; `strong` marks entity names up (Slack bolds them).
 */
export function understoodWords(
  u: Understood,
  esc: (s: string) => string = (s) => s,
  strong: (s: string) => string = (s) => s,
): { understood?: string; corrected?: string } {
  const parts: string[] = [];
  if (u.entities.length > 0) parts.push(u.entities.map((e) => strong(esc(e.name))).join(' + '));
  if (u.terms.length > 0) parts.push(`words: ${esc(u.terms.join(', '))}`);
  const f = u.filters;
  const filters = describeFilters(f);
  if (filters.length > 0) parts.push(`filters: ${esc(filters.join(', '))}`);
  const out: { understood?: string; corrected?: string } = {};
  if (parts.length > 0) out.understood = `Understood: ${parts.join(' · ')}`;
  if (u.corrections.length > 0) out.corrected = `Corrected: ${esc(u.corrections.map((c) => `${c.from} → ${c.to}`).join(', '))}`;
  return out;
}

/**
 * The date a fact line shows: the event date ("24 Nov 2025", "about 24 Nov 2025"), or, where the
 * fact has only its article's date, that it is a publication date ("published ~6 Aug 2025").
 */
export function factDateLabel(date: FactDate): string {
  if (date.kind === 'published') return `published ${date.approximate ? '~' : ''}${formatIsoDate(date.value)}`;
  return formatFactDate(date);
}

/** Quotes keep the article's raw text (offsets point into it); on screen, whitespace runs are one space. */
export function displayQuote(quote: string): string {
  return quote.replace(/\s+/g, ' ').trim();
}

const WEAK_KINDS: ReadonlySet<PublisherKind> = new Set(['forum', 'magazine', 'blog']);

interface MetaFact {
  date: FactDate;
  topics: readonly { name: string }[];
  citations: readonly { sourceNo: number }[];
  speaker?: { name: string };
  context: readonly { id: string; name: string; phrase?: string }[];
}

/**
 * What a reader needs to weigh a fact, in one line's parts: when (event or publication date),
 * topics, how many sources, the kind of source when it is a forum, magazine or blog, the speaker,
 * and which of the asked-for entities it carries only through context.
 */
export function factMeta(
  f: MetaFact,
  sources: readonly { no: number; publisherKind: PublisherKind }[],
  askedFor: readonly string[] = [],
): string[] {
  const nos = [...new Set(f.citations.map((c) => c.sourceNo))];
  const meta = [factDateLabel(f.date)];
  if (f.topics.length > 0) meta.push(f.topics.map((t) => t.name).join(', '));
  meta.push(sourcesCount(nos.length));
  const kinds = [...new Set(nos.map((n) => sources.find((s) => s.no === n)?.publisherKind).filter((k): k is PublisherKind => k !== undefined && WEAK_KINDS.has(k)))];
  if (kinds.length > 0) meta.push(kinds.map(publisherKindLabel).join(', '));
  if (f.speaker) meta.push(`quote: ${f.speaker.name}`);
  const asked = new Set(askedFor);
  for (const c of f.context) {
    if (asked.has(c.id)) meta.push(`${c.name} (from context${c.phrase ? `: “${c.phrase}”` : ''})`);
  }
  return meta;
}

/** "A vs B: how" for one disagreement of an overview point. */
export function disagreementText(d: { how: string; publishers: readonly string[] }): string {
  return d.publishers.length > 1 ? `${d.publishers.join(' vs ')}: ${d.how}` : d.how;
}

/**
 * The count line in a reader's words: "23 facts about Kenya and Malaysia" and what else partly
 * matched ("47 more mention only Kenya or only Malaysia"), never "70 facts match".
 */
export function countWords(brief: {
  total: number;
  aboutAll?: { count: number; names: string[] };
  understood: Pick<Understood, 'entities' | 'terms'>;
}): { main: string; partial?: string } {
  const u = brief.understood;
  const names = u.entities.map((e) => e.name);
  const words = u.terms.length > 0 ? `“${u.terms.join(' ')}”` : undefined;
  const full = brief.aboutAll?.count ?? brief.total;
  const facts = (n: number): string => `${n} ${n === 1 ? 'fact' : 'facts'}`;
  let main: string;
  if (names.length > 0) main = `${facts(full)} about ${andList(names)}${words ? `, best matches for ${words} first` : ''}`;
  else if (words) main = `${facts(full)} matching ${words}`;
  else main = facts(full);
  const rest = brief.total - full;
  if (rest <= 0) return { main };
  const partial =
    names.length === 2 && words === undefined
      ? `${rest} more mention only ${names[0]} or only ${names[1]}`
      : `${rest} more match only part of the query`;
  return { main, partial };
}

function andList(xs: readonly string[]): string {
  if (xs.length <= 1) return xs.join('');
  return `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}
