import * as chrono from 'chrono-node';
import type { FactDate } from '../factbase/schema.js';
import { mainClauseOf } from './clauses.js';

export interface DateOptions {
  /** The article's publication date, YYYY-MM-DD (or a coarser YYYY-MM / YYYY). */
  published: string;
  /** The publication date is an estimate: dates read relative to it are estimates too. */
  publishedIsApprox: boolean;
}

interface Found {
  index: number;
  value: string;
  precision: FactDate['precision'];
  /** Some part of the date came from the article date rather than the text. */
  implied: boolean;
  /** The words the date was read from. */
  text: string;
}

/** "3 years", "several months": a length of time, not a point in it. */
const DURATION = /\b(?:\d+|a few|few|several|many|two|three|four|five|six|seven|eight|nine|ten)\s+(?:years?|months?|weeks?|days?|decades?)\b/i;
const FUTURE = /\b(?:will|shall|is set to|are set to|is expected to|are expected to|is scheduled|are scheduled|next|upcoming|plans? to)\b/i;
// A bare year after a preposition ("in 2024", "by 2030"); chrono leaves these alone.
const BARE_YEAR = /(?<![\p{L}\p{N}])(?:in|since|by|during|from|until|through|before|after|of|for|early|late|mid-?)\s+((?:19|20)\d{2})(?![\p{L}\p{N}])/giu;

/**
 * The date a sentence is about: the first date its main clause mentions (clauses.ts: a relative
 * clause's or participle phrase's date is another event's), read against the article date ("on
 * Thursday" in a Thursday article is that day; "Nov. 23" in a November article is that year's),
 * or else the publication date, marked as such.
 */
export function extractDate(sentence: string, opts: DateOptions): FactDate {
  const ref = referenceOf(opts.published);
  const main = mainClauseOf(sentence);
  const candidates = [...fromChrono(main, ref), ...bareYears(main)].sort((a, b) => a.index - b.index);
  const first = candidates[0];
  if (first === undefined) return publishedDate(opts);
  return {
    value: first.value,
    precision: first.precision,
    kind: 'event',
    approximate: first.implied && opts.publishedIsApprox,
    source: 'sentence',
    phrase: first.text,
  };
}

/** The fallback: the article's publication date, marked as such. */
export function publishedDate(opts: DateOptions): FactDate {
  return {
    value: opts.published,
    precision: precisionOf(opts.published),
    kind: 'published',
    approximate: opts.publishedIsApprox,
    source: 'published',
  };
}

function referenceOf(published: string): { date: Date; day: string } {
  const [y = 1970, m = 1, d = 1] = published.split('-').map(Number);
  // Noon local time: chrono reads relative words in local time, and noon keeps every zone on the same day.
  return { date: new Date(y, m - 1, d, 12), day: published };
}

function fromChrono(sentence: string, ref: { date: Date; day: string }): Found[] {
  const out: Found[] = [];
  for (const r of chrono.en.parse(sentence, ref.date)) {
    if (DURATION.test(r.text)) continue;
    const c = r.start;
    const year = c.get('year');
    const month = c.get('month');
    const day = c.get('day');
    if (year === null || month === null || day === null || year < 1900 || year > 2100) continue;
    const weekdayOnly = c.isCertain('weekday') && !c.isCertain('day');
    let value: string;
    let precision: FactDate['precision'];
    if (c.isCertain('day') || weekdayOnly) {
      value = isoDay(year, month, day);
      // News reports the past: a bare weekday after the article date means the one before it.
      if (weekdayOnly && value > ref.day && !FUTURE.test(sentence)) value = shiftDays(value, -7);
      precision = 'day';
    } else if (c.isCertain('month')) {
      value = `${year}-${pad(month)}`;
      precision = 'month';
    } else if (c.isCertain('year')) {
      value = String(year);
      precision = 'year';
    } else {
      continue;
    }
    out.push({ index: r.index, value, precision, implied: !c.isCertain('year') || !/\d/.test(r.text), text: r.text });
  }
  return out;
}

function bareYears(sentence: string): Found[] {
  return [...sentence.matchAll(BARE_YEAR)].map((m) => ({
    index: m.index + m[0].length - m[1]!.length,
    value: m[1]!,
    precision: 'year' as const,
    implied: false,
    text: m[0],
  }));
}

function precisionOf(value: string): FactDate['precision'] {
  const parts = value.split('-').length;
  return parts >= 3 ? 'day' : parts === 2 ? 'month' : 'year';
}

const pad = (n: number): string => String(n).padStart(2, '0');
const isoDay = (y: number, m: number, d: number): string => `${y}-${pad(m)}-${pad(d)}`;

function shiftDays(day: string, by: number): string {
  const t = new Date(`${day}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + by);
  return t.toISOString().slice(0, 10);
}
