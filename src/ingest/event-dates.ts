import type { Dateline as DatelineRecord, FactDate } from '../factbase/schema.js';
import { datelineDay, type Dateline } from './datelines.js';
import { extractDate, publishedDate, type DateOptions } from './dates.js';
import type { EntityMatcher } from './entities.js';

/** The dateline as the fact base keeps it: the printed parts, the day it names, the place's entity. */
export function datelineRecord(d: Dateline, published: string, matcher: EntityMatcher): DatelineRecord {
  const record: DatelineRecord = { place: d.place };
  // "KUALA LUMPUR" is printed in capitals; the gazetteer spells names in title case.
  const titled = d.place.toLowerCase().replace(/(^|[\s,'’-])(\p{L})/gu, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
  const entity = (matcher.find(titled)[0] ?? matcher.find(d.place)[0])?.entityId;
  if (entity !== undefined) record.entity = entity;
  if (d.dateText !== undefined) {
    record.dateText = d.dateText;
    const day = datelineDay(d.dateText, published);
    if (day !== undefined) record.date = day;
  }
  if (d.agency !== undefined) record.agency = d.agency;
  return record;
}

/**
 * Dates the sentences of one article in reading order. A sentence's own main clause wins; a
 * sentence of the lead paragraph with no date of its own takes the dateline's; a sentence with a
 * figure and no date takes the year the previous sentence of its paragraph states ("…in 2024.
 * Bilateral trade reached 5.7 billion ringgit" is a 2024 figure); else the publication date.
 */
export class ArticleDates {
  private previous: { paragraph: number; date: FactDate } | undefined;

  constructor(
    private readonly opts: DateOptions,
    private readonly dateline?: { record: DatelineRecord; paragraph: number },
  ) {}

  dateOf(sentence: string, where: { paragraph: number; hasFigure: boolean }): FactDate {
    const own = extractDate(sentence, this.opts);
    const date = own.kind === 'event' ? own : this.fromContext(where) ?? publishedDate(this.opts);
    this.previous = { paragraph: where.paragraph, date };
    return date;
  }

  private fromContext(where: { paragraph: number; hasFigure: boolean }): FactDate | undefined {
    const dl = this.dateline;
    if (dl !== undefined && dl.record.date !== undefined && where.paragraph === dl.paragraph) {
      return {
        value: dl.record.date,
        precision: 'day',
        kind: 'event',
        approximate: false,
        source: 'dateline',
        ...(dl.record.dateText !== undefined ? { phrase: dl.record.dateText } : {}),
      };
    }
    const prev = this.previous;
    if (where.hasFigure && prev !== undefined && prev.paragraph === where.paragraph && prev.date.source === 'sentence') {
      return {
        value: prev.date.value.slice(0, 4),
        precision: 'year',
        kind: 'event',
        approximate: prev.date.approximate,
        source: 'previous-sentence',
        ...(prev.date.phrase !== undefined ? { phrase: prev.date.phrase } : {}),
      };
    }
    return undefined;
  }
}
