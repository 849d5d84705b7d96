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
    expect(text).toContain('7 facts match; showing 1–2.');
    expect(text).toContain('5 more — use --offset 2');
    expect(text).toContain('2 sources');
    expect(text).toContain('about Mar 2024');
    expect(text).toContain('Example Wire via Example Portal (news wire)');
  });

  it('says how many matches are about all the named entities when some are not', () => {
    const brief = { ...sampleBrief(), aboutAll: { count: 3, names: ['Ghana', 'Norway'] } };
    expect(renderBriefText(brief)).toContain('7 facts match (3 about all of Ghana + Norway); showing 1–2.');
    expect(renderBriefText({ ...brief, aboutAll: { count: 7, names: ['Ghana', 'Norway'] } })).toContain('7 facts match; showing 1–2.');
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
