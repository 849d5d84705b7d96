import { describe, expect, it } from 'vitest';
import { DROP_RULES, PREFIX_RULES, judgeLine, type LineContext } from '../../src/ingest/furniture.js';

const ctx = (over: Partial<LineContext> = {}): LineContext => ({
  title: 'Ghana and Norway sign cocoa processing pact',
  storyCountries: new Set(['GHA', 'NOR']),
  lineCountries: [],
  afterStoryEnd: false,
  next: 'The ministers met in Accra on Tuesday.',
  beforeStory: false,
  beforeHeadline: false,
  inRelatedRun: false,
  ...over,
});

/** Each rule: lines it must drop (or strip) and story lines it must leave alone. */
const DROP_CASES: Record<string, { drops: [string, Partial<LineContext>?][]; keeps: [string, Partial<LineContext>?][] }> = {
  'headline-repeat': {
    drops: [['Ghana and Norway sign cocoa-processing pact']],
    keeps: [['Ghana and Norway signed a cocoa processing pact on Tuesday, officials said.']],
  },
  byline: {
    drops: [['By Ama Mensah | Mar 14, 2024'], ['Date: 2025-05-15'], ['By Jane Doe']],
    keeps: [['By the end of the year, exports had doubled to record levels across the region.']],
  },
  'photo-caption': {
    drops: [['The president at State House on November 24, 2025. [PCS]'], ['Ministers in Accra (Photo: AFP)'], ['The leaders at the signing in Accra. [HW/Reuters]']],
    keeps: [['The agreement covers [processed] cocoa and coffee exports to European markets.']],
  },
  'share-widget': {
    drops: [['Share this story'], ['Leave Your Comments'], ['.'], ['Follow us on X'], ['Quote']],
    keeps: [['Share prices of cocoa processors rose 4% on the news, traders said.']],
  },
  'related-block': {
    drops: [['RECOMMENDED NEWS'], ['Read more: Ghana\'s cocoa output falls for a third year'], ['Related stories']],
    keeps: [['Related talks on tariffs will continue in Oslo next month, the ministry said.']],
  },
  'credit-line': {
    drops: [['This article was initially published in French by Lydie Mobio'], ['Adapted in English by Ange Jason Quenum'], ['Reporting by Liz Lee; Writing by Farah Master']],
    keeps: [['The ministry said the report was published in French and English on Monday.']],
  },
  'newsletter-plug': {
    drops: [['📍 Stay tuned to Business Point Magazine for exclusive insights.'], ['Sign up for our morning newsletter to get the latest news.']],
    keeps: [['Farmers will be told about the new prices through radio programmes, she said.']],
  },
  'truncated-teaser': {
    drops: [['Togolese banks provided 16.2% of WAEMU cross-border credit by September 2025 Regional cross...'], ['Brazil\'s coffee exports hit a record as frost fears ease…']],
    keeps: [['“We will see… what happens next,” he said.'], ['Talks will resume in May.']],
  },
  'unrelated-tail': {
    drops: [['Argentina lifts beef export curbs ahead of the harvest season, officials said.', { afterStoryEnd: true, lineCountries: ['ARG'] }]],
    keeps: [
      ['Argentina lifts beef export curbs ahead of the harvest season, officials said.', { afterStoryEnd: false, lineCountries: ['ARG'] }],
      ['Ghana lifts beef export curbs ahead of the harvest season, officials said.', { afterStoryEnd: true, lineCountries: ['GHA'] }],
    ],
  },
  'related-run': {
    drops: [
      ['Ghana cocoa farmers count losses after floods', { inRelatedRun: true }],
      ['Norway and Ghana eye new shipping route', { inRelatedRun: true, lineCountries: ['GHA', 'NOR'] }],
    ],
    keeps: [
      ['The ministers also agreed to meet again in Oslo in June.', { inRelatedRun: true }],
      ['"We are ready," the minister said.', { inRelatedRun: true }],
      ['Ghana cocoa farmers count their losses after the worst floods in a decade', { inRelatedRun: false }],
    ],
  },
  'caption-uncredited': {
    drops: [
      ['Ghanaian President John Mahama speaks during a news conference in Accra, Ghana, March 14, 2024.', { beforeStory: true }],
      ['President John Mahama and Prime Minister Jonas Store at the Jubilee House in Accra on March 14, 2024.', { beforeStory: true }],
      ['Trade ministers (L-R) pose for a photo in Oslo', { beforeHeadline: true }],
    ],
    keeps: [
      ['Ghana exports to Norway rose by 4% in March, the statistics office said.', { beforeStory: true }],
      ['Ghanaian President John Mahama speaks during a news conference in Accra, Ghana, March 14, 2024.', { beforeStory: false }],
    ],
  },
  'section-label': {
    drops: [['INCREASED COOPERATION'], ['Looking Ahead'], ['news-banner'], ['Africa']],
    keeps: [
      ['The President also invited Malaysian firms to participate in partnerships across', { next: 'trade, technology and farming.' }],
      ['• Biannual reviews and shared innovation metrics'],
    ],
  },
};

const PREFIX_CASES: Record<string, [string, string][]> = {
  'capture-date-residue': [[' date 2025-04-24 BEIJING: China and Kenya met on Thursday.', 'China and Kenya met on Thursday.']],
  dateline: [
    ['ACCRA, March 14 (Harbour Wire) - Ghana and Norway signed the pact.', 'Ghana and Norway signed the pact.'],
    ['BEIJING: China and Kenya announced they had upgraded ties.', 'China and Kenya announced they had upgraded ties.'],
    ['Kuala Lumpur, May 14, 2025 — In a landmark move, both signed.', 'In a landmark move, both signed.'],
    ['PARIS, March 3 (AFP) - France and Senegal agreed on a loan.', 'France and Senegal agreed on a loan.'],
    ['LAGOS, Nigeria, June 2 – Nigeria raised its fuel price again.', 'Nigeria raised its fuel price again.'],
    ['NAIROBI, Dec. 1 (Xinhua) -- Kenya opened a new rail terminal.', 'Kenya opened a new rail terminal.'],
    ['Ghana-Norway talks resumed in Accra on Monday, officials said.', 'Ghana-Norway talks resumed in Accra on Monday, officials said.'],
    ['Note: the figures were revised on Monday by the ministry.', 'Note: the figures were revised on Monday by the ministry.'],
  ],
};

describe('furniture drop rules', () => {
  it('every rule has cases here', () => {
    expect(Object.keys(DROP_CASES).sort()).toEqual(DROP_RULES.map((r) => r.id).sort());
    expect(Object.keys(PREFIX_CASES).sort()).toEqual(PREFIX_RULES.map((r) => r.id).sort());
  });

  for (const [id, cases] of Object.entries(DROP_CASES)) {
    describe(id, () => {
      for (const [line, over] of cases.drops) {
        it(`drops ${JSON.stringify(line)}`, () => expect(judgeLine(line, ctx(over)).drop?.id).toBe(id));
      }
      for (const [line, over] of cases.keeps) {
        it(`keeps ${JSON.stringify(line)}`, () => expect(judgeLine(line, ctx(over)).drop).toBeUndefined());
      }
    });
  }
});

describe('furniture prefix rules', () => {
  it('strips a title-case dateline only before the story starts', () => {
    const line = 'Accra — Ghana and Norway signed a cocoa pact on Tuesday.';
    const before = judgeLine(line, ctx({ beforeStory: true }));
    expect(line.slice(before.stripped)).toBe('Ghana and Norway signed a cocoa pact on Tuesday.');
    expect(before.dateline).toEqual({ place: 'Accra' });
    expect(judgeLine(line, ctx({ beforeStory: false })).stripped).toBe(0);
  });

  it('keeps the dateline as data', () => {
    expect(judgeLine('LAGOS, Nigeria, June 2 (Reuters) – Nigeria raised its fuel price again.', ctx({ beforeStory: true })).dateline).toEqual({
      place: 'LAGOS, Nigeria',
      dateText: 'June 2',
      agency: 'Reuters',
    });
  });

  for (const [id, cases] of Object.entries(PREFIX_CASES)) {
    for (const [line, rest] of cases) {
      it(`${id}: ${JSON.stringify(line)}`, () => {
        const v = judgeLine(line, ctx({ beforeStory: true }));
        expect(line.slice(v.stripped)).toBe(rest);
      });
    }
  }
});
