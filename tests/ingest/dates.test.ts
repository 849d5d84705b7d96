import { describe, expect, it } from 'vitest';
import { extractDate } from '../../src/ingest/dates.js';

const on = (sentence: string, published: string, publishedIsApprox = false) => extractDate(sentence, { published, publishedIsApprox });

describe('extractDate', () => {
  it('reads a weekday against the article date, in the past unless the sentence looks ahead', () => {
    expect(on('China and Kenya upgraded ties on Thursday.', '2025-04-24')).toMatchObject({ value: '2025-04-24', precision: 'day', kind: 'event', approximate: false });
    expect(on('The ministers met on Thursday.', '2025-04-26')).toMatchObject({ value: '2025-04-24' });
    expect(on('The ministers met on Thursday.', '2025-04-21')).toMatchObject({ value: '2025-04-17' });
    expect(on('The ministers will meet on Thursday.', '2025-04-21')).toMatchObject({ value: '2025-04-24' });
  });

  it('takes the year of a month-day date from the article', () => {
    expect(on('He made an official visit on Nov. 23 and 24.', '2025-11-25')).toMatchObject({ value: '2025-11-23', precision: 'day', kind: 'event', approximate: false });
  });

  it('keeps the precision the text gives', () => {
    expect(on('A designation conferred by the US in June 2024.', '2025-08-06')).toMatchObject({ value: '2024-06', precision: 'month' });
    expect(on('Kenya was the main export destination in 2024.', '2025-11-25')).toMatchObject({ value: '2024', precision: 'year', kind: 'event' });
    expect(on('Trade grew last year.', '2025-11-25')).toMatchObject({ value: '2024', precision: 'year' });
  });

  it('takes the first date mentioned', () => {
    expect(on('Signed in March 2023, the deal took effect on 1 January 2024.', '2025-01-10')).toMatchObject({ value: '2023-03' });
  });

  it('does not read durations as dates', () => {
    expect(on('Trade should rise over the next 3 years after 60 years of relations.', '2025-05-15')).toMatchObject({
      value: '2025-05-15',
      precision: 'day',
      kind: 'published',
      approximate: false,
    });
  });

  it('marks dates read against an approximate article date as approximate', () => {
    expect(on('Both emphasised human rights.', '2025-05', true)).toMatchObject({ value: '2025-05', precision: 'month', kind: 'published', approximate: true });
    expect(on('They met yesterday.', '2025-05-15', true)).toMatchObject({ value: '2025-05-14', approximate: true });
    expect(on('They met on 3 May 2025.', '2025-05-15', true)).toMatchObject({ value: '2025-05-03', approximate: false });
  });
});
