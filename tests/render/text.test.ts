import { describe, expect, it } from 'vitest';
import { renderBriefText, renderSourcesText } from '../../src/render/text.js';
import { sampleBrief } from '../fixtures/brief/sample-brief.js';

describe('renderBriefText', () => {
  it('renders a brief with markers, corroboration, amounts and sources', () => {
    expect(renderBriefText(sampleBrief())).toMatchSnapshot();
  });

  it('shows what was corrected and how many more there are', () => {
    const text = renderBriefText(sampleBrief());
    expect(text).toContain('Corrected: norwey → Norway');
    expect(text).toContain('7 facts about Ghana and Norway, best matches for “cocoa” first. Showing 1–2.');
    expect(text).toContain('5 more — use --offset 2');
    expect(text).toContain('2 sources');
    // A publication-only date says so; the source line keeps "about" for an approximate date.
    expect(text).toContain('published ~Mar 2024 · 1 source · forum post · quote: Kwame Asante · Norway (from context: “both sides”)');
    expect(text).toContain('about 15 Mar 2024');
    expect(text).toContain('Example Wire via Example Portal (news wire)');
  });

  it('says how many matches are about all the named entities when some are not', () => {
    const brief = { ...sampleBrief(), aboutAll: { count: 3, names: ['Ghana', 'Norway'] } };
    expect(renderBriefText(brief)).toContain('3 facts about Ghana and Norway, best matches for “cocoa” first; 4 more match only part of the query.');
    expect(renderBriefText({ ...brief, aboutAll: { count: 7, names: ['Ghana', 'Norway'] } })).toContain(
      '7 facts about Ghana and Norway, best matches for “cocoa” first. Showing 1–2.',
    );
    const noWords = { ...brief, understood: { ...brief.understood, terms: [] } };
    expect(renderBriefText(noWords)).toContain('3 facts about Ghana and Norway; 4 more mention only Ghana or only Norway.');
  });

  it('shows the overview above the facts, each point dated, with sources and disagreements', () => {
    const text = renderBriefText(sampleBrief());
    const overview = text.indexOf('Where things stand');
    expect(overview).toBeGreaterThan(0);
    expect(overview).toBeLessThan(text.indexOf('1. Ghana and Norway'));
    expect(text).toContain('- 14 Mar 2024: Ghana and Norway agreed to cut tariffs');
    expect(text).toContain('Sources differ — Example Wire vs Example Daily: "agreed to cut" vs "plans to scrap"');
  });

  it('shows every citation’s quote with whitespace collapsed, caveats and the other reports in the slot', () => {
    const text = renderBriefText(sampleBrief());
    expect(text).toContain('[2] “tariffs on processed cocoa”');
    expect(text).toContain('Also reported by Example Daily [2]: Norway plans to scrap duties on Ghanaian cocoa.');
    expect(text).toContain('Note: A forum rewrite of news reports');
  });

  it('says so when nothing matches and suggests what the fact base covers', () => {
    const text = renderBriefText(
      sampleBrief({
        total: 0,
        facts: [],
        sources: [],
        more: 0,
        understood: { ...sampleBrief().understood, unknown: ['zebra'] },
        suggestions: {
          entities: [{ id: 'KEN', label: 'Kenya', count: 20 }],
          topics: [{ id: 'trade', label: 'Trade', count: 9 }],
          facts: 40,
          articles: 5,
        },
      }),
    );
    expect(text).toContain('No facts match.');
    expect(text).toContain('Not in the fact base: zebra.');
    expect(text).toContain('It covers: Kenya.');
    expect(text).toContain('Topics: Trade.');
  });
});

describe('renderSourcesText', () => {
  it('lists every source with kind, date and caveats', () => {
    const text = renderSourcesText({ kind: 'sources', sources: sampleBrief().sources, facts: 12 });
    expect(text).toContain('2 articles, 12 facts.');
    expect(text).toContain('Note: A forum rewrite of news reports, not original reporting.');
    expect(text).toContain('about 15 Mar 2024');
  });
});
