import { describe, expect, it } from 'vitest';
import { compareClaims, contentTerms, groupSameClaims, stanceOf, stem, type ClaimCandidate } from '../../src/ingest/corroborate.js';

const c = (articleId: string, text: string, entities: string[] = [], money: string[] = []): ClaimCandidate => ({ articleId, text, entities, money });

// Background sentences give the TF-IDF weights something to weigh against, as a real corpus does.
const background = [
  c('z', 'The ministry published its annual report on exports and imports.'),
  c('z', 'Officials discussed education, health and security cooperation.'),
  c('z', 'The central bank kept its policy rate unchanged this quarter.'),
  c('y', 'Investors expect the port expansion to finish within two years.'),
];
const merged = (items: ClaimCandidate[]): number[][] => groupSameClaims([...items, ...background]).filter((g) => g.length > 1);

describe('groupSameClaims', () => {
  it('merges one claim reported by two outlets', () => {
    const items = [
      c('a', 'Norway agreed to scrap tariffs on Ghanaian cocoa and cashew, opening new markets for farmers.', ['NOR', 'GHA']),
      c('b', 'The measures cover Ghanaian cocoa and cashew, which will open new markets for farmers, officials said.', ['GHA']),
    ];
    expect(merged(items)).toEqual([[0, 1]]);
  });

  it('does not merge different claims about the same people (names are not the claim)', () => {
    const items = [
      c('a', '                 and                    signed multiple agreements on trade and technology.', ['john-mahama', 'jonas-store']),
      c('b', '                    made an official visit to Accra at the invitation of                 .', ['john-mahama', 'jonas-store']),
    ];
    expect(merged(items)).toEqual([]);
  });

  it('does not merge sentences that share a few generic words', () => {
    const items = [
      c('a', 'Ghana has been a key partner with significant infrastructure projects like the new railway, underscoring its major role.'),
      c('b', 'Major engineering firms will find significant opportunities in infrastructure projects, he said, underscoring collaboration.'),
    ];
    expect(merged(items)).toEqual([]);
  });

  it('never merges two sentences of one article, nor claims whose amounts differ', () => {
    const same = 'Norway agreed to scrap tariffs on Ghanaian cocoa and cashew, opening new markets for farmers.';
    expect(merged([c('a', same), c('a', same)])).toEqual([]);
    expect(merged([c('a', same, [], ['USD:5000000']), c('b', same, [], ['USD:9000000'])])).toEqual([]);
    expect(merged([c('a', same, [], ['USD:5000000']), c('b', same, [], ['USD:5000000'])])).toEqual([[0, 1]]);
  });
});

describe('synonyms, stances and related reports', () => {
  const synonyms = [
    ['aviation', 'air services'],
    ['remove', 'scrap', 'eliminate'],
    ['memorandum of understanding', 'mou'],
  ];
  const all = (items: ClaimCandidate[]) => compareClaims([...items, ...background], { synonyms });

  it('normalises synonyms and inflections before comparing', () => {
    expect(contentTerms('They scrapped the MoU', synonyms)).toEqual(contentTerms('They removed the memorandum of understanding', synonyms));
    expect(stem('removing')).toBe(stem('remove'));
    expect(stem('scrapping')).toBe(stem('scrap'));
  });

  it('merges the same event told with synonyms and a shared run of words', () => {
    const items = [
      c('a', 'Both governments committed to removing tariff and non-tariff barriers that hinder trade.'),
      c('b', 'A highlight was the agreement to scrap tariffs and non-tariff barriers, expanding exports of cocoa.'),
    ];
    expect(all(items).groups.filter((g) => g.length > 1)).toEqual([[0, 1]]);
  });

  it('links, not merges, two reports whose stance differs', () => {
    const items = [
      c('a', 'Norway welcomed Ghana’s decision to scrap tariffs on processed cocoa and cashew for Norwegian buyers.'),
      c('b', 'Ghana committed to removing tariffs on processed cocoa and cashew for Norwegian buyers.'),
    ];
    const r = all(items);
    expect(r.groups.filter((g) => g.length > 1)).toEqual([]);
    expect(r.related).toEqual([expect.objectContaining({ i: 0, j: 1, verdict: expect.objectContaining({ differs: 'stance' }) })]);
    expect(stanceOf('funds are still sought for the extension')?.stance).toBe('pending');
    expect(stanceOf('the extension was agreed on Monday')?.stance).toBe('decision');
  });

  it('near misses stay apart: same words about different things', () => {
    // Names blanked, as the caller does.
    const items = [
      c('a', '      signed an air services agreement with        to expand direct flights.', ['GHA', 'NOR']),
      c('b', '      signed a fisheries agreement with        to expand coastal patrols.', ['GHA', 'NOR']),
      c('c', '        removed tariffs on imported rice to curb food prices.', ['SEN']),
      c('d', '        raised tariffs on imported cement to protect local plants.', ['SEN']),
    ];
    const r = all(items);
    expect(r.groups.filter((g) => g.length > 1)).toEqual([]);
  });
});
