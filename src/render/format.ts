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

/** "MYR 5.7 billion (USD 1.37 billion, as reported)". Figures keep the source's own precision. */
export function formatAmount(a: Amount): string {
  const main = a.kind === 'percent' ? `${trimNumber(a.value)}%` : `${a.unit} ${humanNumber(a.value)}`;
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
 * "12 about all of Kenya + Malaysia": said when a query names several entities, because the other
 * matches mention only some of them. Undefined when there is nothing to add.
 */
export function aboutAllNote(brief: { total: number; aboutAll?: { count: number; names: string[] } }, esc: (s: string) => string = (s) => s): string | undefined {
  const a = brief.aboutAll;
  if (a === undefined || a.count === brief.total) return undefined;
  return `${a.count} about all of ${esc(a.names.join(' + '))}`;
}
