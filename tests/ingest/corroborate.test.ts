import { describe, expect, it } from 'vitest';
import { groupSameClaims, type ClaimCandidate } from '../../src/ingest/corroborate.js';

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
