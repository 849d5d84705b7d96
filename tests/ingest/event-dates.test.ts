import { describe, expect, it } from 'vitest';
import { mainClauseOf } from '../../src/ingest/clauses.js';
import { datelineDay, readDateline } from '../../src/ingest/datelines.js';
import { ArticleDates } from '../../src/ingest/event-dates.js';
import { extractDate } from '../../src/ingest/dates.js';

const opts = { published: '2024-03-15', publishedIsApprox: false };

describe('main clause dates', () => {
  it('a relative clause does not date the sentence', () => {
    const s = 'Mahama, who took office in January 2025, has promised to cut the deficit.';
    expect(mainClauseOf(s)).not.toMatch(/2025/);
    expect(extractDate(s, opts)).toMatchObject({ kind: 'published', source: 'published' });
  });
  it('an appositive with a participle does not date what it follows', () => {
    const s = 'Senators want to review Ghana’s status as a partner, a designation granted by Norway in June 2019.';
    expect(extractDate(s, opts).kind).toBe('published');
    const t = 'Ghana is a key cocoa supplier to the programme, launched in 2013 to extend processing.';
    expect(extractDate(t, opts).kind).toBe('published');
  });
  it('a date in the main clause still dates it', () => {
    expect(extractDate('Ghana and Norway signed the pact in June 2019, officials said.', opts)).toMatchObject({
      value: '2019-06',
      kind: 'event',
      source: 'sentence',
      phrase: 'June 2019',
    });
  });
});

describe('dates from context', () => {
  it('the dateline dates the lead paragraph only', () => {
    const d = new ArticleDates(opts, { record: { place: 'Accra', dateText: 'March 14', date: '2024-03-14' }, paragraph: 0 });
    expect(d.dateOf('Ghana and Norway signed a cocoa pact.', { paragraph: 0, hasFigure: false })).toMatchObject({
      value: '2024-03-14',
      source: 'dateline',
    });
    expect(d.dateOf('The talks were cordial, both sides said.', { paragraph: 1, hasFigure: false }).kind).toBe('published');
  });
  it('a figure takes the year the previous sentence of its paragraph states', () => {
    const d = new ArticleDates(opts);
    d.dateOf('Ghana was Norway’s largest cocoa supplier in 2022.', { paragraph: 3, hasFigure: false });
    expect(d.dateOf('Trade reached 2.1 billion kroner.', { paragraph: 3, hasFigure: true })).toMatchObject({
      value: '2022',
      precision: 'year',
      source: 'previous-sentence',
    });
    // Not across paragraphs, and not a sentence without a figure.
    expect(d.dateOf('Trade reached 2.1 billion kroner.', { paragraph: 4, hasFigure: true }).kind).toBe('published');
    d.dateOf('Ghana was Norway’s largest cocoa supplier in 2022.', { paragraph: 5, hasFigure: false });
    expect(d.dateOf('The ministers praised the farmers.', { paragraph: 5, hasFigure: false }).kind).toBe('published');
  });
});

describe('datelines', () => {
  it('reads the shapes wires print', () => {
    expect(readDateline('PARIS, March 3 (AFP) - France lent Senegal money.')?.dateline).toEqual({ place: 'PARIS', dateText: 'March 3', agency: 'AFP' });
    expect(readDateline('Accra — Ghana signed the pact.')?.dateline).toEqual({ place: 'Accra' });
    expect(readDateline('LAGOS, Nigeria, June 2 – Fuel rose.')?.dateline).toEqual({ place: 'LAGOS, Nigeria', dateText: 'June 2' });
    expect(readDateline('Ghana-Norway talks resumed on Monday.')).toBeUndefined();
    expect(readDateline('Update: the ministry revised the figures.')).toBeUndefined();
  });
  it('names the day against the publication date', () => {
    expect(datelineDay('March 3', '2024-03-15')).toBe('2024-03-03');
    expect(datelineDay('Dec. 30', '2024-01-02')).toBe('2023-12-30');
    expect(datelineDay('May 14, 2025', '2025-05-15')).toBe('2025-05-14');
    expect(datelineDay('Monday', '2024-03-15')).toBe('2024-03-11');
  });
});
