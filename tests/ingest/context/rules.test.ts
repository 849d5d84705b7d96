import { describe, expect, it } from 'vitest';
import { allIds, annotateAll, contextIds } from './helpers.js';

// Each rule on text written for the test (none of it from the seed articles).
describe('entities from context', () => {
  it('"he"/"she" → the last person named, of a fitting gender where the name tells', () => {
    const [, , a, b] = annotateAll('Peru and Japan open talks', [
      'Peru and Japan opened talks on copper in Lima on Monday, officials in both capitals said.',
      'Foreign Minister Paula Herrera met Trade Minister Kenji Sato at the palace.',
      'She said the talks had gone well.',
      'His delegation will return in May.',
    ]);
    expect(contextIds(a!)).toContain('paula-herrera');
    expect(contextIds(b!)).toContain('kenji-sato');
    expect(a!.context.find((c) => c.id === 'paula-herrera')).toMatchObject({ via: 'reference', phrase: 'She' });
  });

  it('"the President", "the senator", "the Head of State", "the Nigerian president" → the last person with that role', () => {
    const out = annotateAll('Nigeria and Canada sign a gas deal', [
      'Nigeria and Canada signed a gas deal in Abuja on Friday after two years of talks.',
      'President Adamu Bello hosted Senator Claire Dubois of Canada at the villa.',
      'The senator praised the deal.',
      'The Head of State said the first cargo would leave in March.',
      'The Nigerian president also met business leaders.',
    ]);
    expect(contextIds(out[2]!)).toContain('claire-dubois');
    expect(contextIds(out[3]!)).toContain('adamu-bello');
    expect(contextIds(out[4]!)).toContain('adamu-bello');
    // A title before a name is not a reference: the name is the mention.
    expect(contextIds(out[1]!)).not.toContain('adamu-bello');
  });

  it('"the two leaders" / "both leaders" → the two people', () => {
    const out = annotateAll('Chile and Korea agree on lithium', [
      'Chile and South Korea agreed on a lithium supply plan in Seoul on Tuesday, officials said.',
      'President Ana Castillo and Prime Minister Lee Jun-ho met for two hours.',
      'Both leaders called the plan a model for the region.',
    ]);
    expect(contextIds(out[2]!)).toEqual(expect.arrayContaining(['ana-castillo', 'lee-jun-ho']));
  });

  it('a sentence opening "Both <verb>" → the two people just named; with none, the two parties', () => {
    const out = annotateAll('Chile and Korea agree on lithium', [
      'Chile and South Korea agreed on a lithium supply plan in Seoul on Tuesday, officials said.',
      'President Ana Castillo and Prime Minister Lee Jun-ho met for two hours.',
      'Both emphasized the need for stable prices.',
      'Both copper and lithium were discussed at length by the delegations.',
      'Both banks cut their lending rates after the meeting.',
    ]);
    expect(contextIds(out[2]!)).toEqual(expect.arrayContaining(['ana-castillo', 'lee-jun-ho']));
    expect(out[2]!.context.find((c) => c.id === 'ana-castillo')).toMatchObject({ via: 'reference', phrase: 'Both' });
    // "Both copper and lithium": "Both" before a noun is not a reference to people.
    expect(contextIds(out[3]!)).not.toContain('ana-castillo');
    expect(contextIds(out[4]!)).not.toContain('ana-castillo');
    const parties = annotateAll('Egypt and Poland expand grain trade', [
      'Egypt and Poland agreed in Cairo on Sunday to expand grain and machinery trade over five years.',
      'Both pledged to publish the quotas by June.',
    ]);
    expect(parties[1]!.context.filter((c) => c.via === 'reference').map((c) => c.id).sort()).toEqual(['EGY', 'POL']);
  });

  it('"both sides", "the two governments", "the two nations" → the article\'s two parties', () => {
    const out = annotateAll('Egypt and Poland expand grain trade', [
      'Egypt and Poland agreed in Cairo on Sunday to expand grain and machinery trade over five years.',
      'Both sides will meet again in June.',
      'The two governments did not give figures.',
      'The two nations first traded grain in 1994.',
    ]);
    for (const a of out.slice(1)) {
      expect(contextIds(a)).toEqual(['EGY', 'POL']);
      expect(a.context.every((c) => c.via === 'reference')).toBe(true);
    }
  });

  it('"the country", "the east African nation", "the Asian nation" → the country the description fits', () => {
    const out = annotateAll('Thailand and Uganda discuss coffee', [
      'Thailand and Uganda discussed coffee processing in Kampala on Wednesday, both trade ministries said.',
      'The east African nation exports most of its coffee unroasted.',
      'The Asian nation wants to buy more of it.',
      'The country has also asked for training.',
    ]);
    expect(contextIds(out[1]!)).toEqual(['UGA']);
    expect(contextIds(out[2]!)).toEqual(['THA']);
    expect(out[1]!.entities).not.toContain('africa');
    expect(contextIds(out[3]!)).toHaveLength(1);
  });

  it('a bare "the country" means the previous sentence\'s subject country, not one named in passing', () => {
    const out = annotateAll('Zambia and Japan talk copper', [
      'Zambia and Japan resumed copper talks in Lusaka on Monday, both mining ministries said.',
      'Zambian officials want funds for a railway to the border with Angola.',
      'The country has struggled with debt since 2020.',
    ]);
    expect(contextIds(out[2]!)).toEqual(['ZMB']);
  });

  it('"the document", "the agreement", "the deal" → the instrument last named and who it is between', () => {
    const out = annotateAll('Kazakhstan and Turkey sign transport pact', [
      'Kazakhstan and Turkey signed the Middle Corridor Transit Agreement in Astana on Thursday, the two transport ministries said.',
      'The document sets freight targets for 2030.',
    ]);
    expect(contextIds(out[1]!)).toContain('middle-corridor-transit-agreement');
    expect(allIds(out[1]!)).toEqual(expect.arrayContaining(['KAZ', 'TUR']));
  });

  it('bullet items inherit their lead-in\'s entities', () => {
    const leadIn = 'Under the plan, the Norwegian embassy and the Tanzanian health ministry will:';
    const out = annotateAll('Aid plan for rural clinics', [
      'The aid plan for rural clinics was presented on Monday by officials from both governments in the capital.',
      ['train 300 nurses a year', leadIn],
      ['equip 40 clinics with solar power', leadIn],
    ]);
    for (const a of out.slice(1)) {
      expect(a.entities).toEqual([]);
      expect(a.context).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'NOR', via: 'lead-in' }), expect.objectContaining({ id: 'TZA', via: 'lead-in' })]));
    }
  });

  it('a fact naming no party inherits the story\'s main parties (headline + lead)', () => {
    const out = annotateAll('Vietnam and Mexico agree on a shrimp quota', [
      'Vietnam and Mexico agreed on Monday on a duty-free shrimp quota of 20,000 tonnes a year.',
      'Exporters welcomed the quota, which starts in January.',
    ]);
    expect(out[1]!.context).toEqual([
      { id: 'VNM', via: 'story' },
      { id: 'MEX', via: 'story' },
    ]);
  });

  it('context is disjoint from the mentions, and every entity has a reason', () => {
    const out = annotateAll('Ghana and Peru talk cocoa', [
      'Ghana and Peru held cocoa talks in Accra, both agriculture ministries said on Monday.',
      'Both countries want Ghana to share its grading system.',
    ]);
    for (const a of out) {
      for (const c of a.context) expect(a.entities).not.toContain(c.id);
      for (const id of allIds(a)) expect(a.reasons.some((r) => r.id === id)).toBe(true);
    }
  });
});
