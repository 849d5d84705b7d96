import { describe, expect, it } from 'vitest';
import { composeDigest } from '../../src/digest/compose.js';
import { renderDigestCard, renderDigestReplyCard } from '../../src/render/teams-digest.js';
import { TEAMS_LIMITS, cardSize } from '../../src/render/teams.js';
import { fixtureCorpora } from '../fixtures/teams/corpus.js';
import { schemaErrors } from './teams-schema.js';

const corpus = fixtureCorpora().current();
const subject = (over: Partial<Parameters<typeof composeDigest>[1]> = {}) => ({
  id: 'd7k3mq',
  query: 'ghana',
  schedule: { kind: 'daily' as const, time: '08:00', timeZone: 'Africa/Nairobi' },
  lastDigestAt: '2024-04-03T06:00:00.000Z',
  lastPostedAt: null,
  ...over,
});
const slot = new Date('2026-03-02T05:00:00Z');

describe('Teams digest cards', () => {
  const cards = {
    first: renderDigestCard(composeDigest(corpus, subject(), slot)),
    later: renderDigestCard(composeDigest(corpus, subject({ lastPostedAt: '2026-03-01T05:00:00Z' }), slot)),
    empty: renderDigestCard(composeDigest(corpus, subject({ lastDigestAt: '2030-01-01T00:00:00.000Z', lastPostedAt: '2026-03-01T05:00:00Z' }), slot)),
    preview: renderDigestReplyCard({ kind: 'preview', digest: composeDigest(corpus, subject(), slot), note: 'Preview, only to you.' }),
    notice: renderDigestReplyCard({ kind: 'notice', title: 'Digest d7k3mq set up for this channel', lines: ['"ghana", daily at 08:00 Africa/Nairobi.'] }),
    problem: renderDigestReplyCard({ kind: 'problem', message: '"25:00" is not a time of day (00:00 to 23:59).' }),
  };

  it('match their snapshots and the Adaptive Card 1.5 schema', () => {
    for (const [name, card] of Object.entries(cards)) {
      expect(card, name).toMatchSnapshot(name);
      expect(schemaErrors(card), name).toBe('');
      expect(cardSize(card)).toBeLessThanOrEqual(TEAMS_LIMITS.cardSize);
    }
  });

  it('the first digest opens with where things stand; later ones only with what is new', () => {
    const first = JSON.stringify(cards.first);
    expect(first).toContain('Where things stand');
    expect(first).toContain('Ghana hopes to double \\\\*\\\\*cocoa\\\\*\\\\* exports');
    const later = JSON.stringify(cards.later);
    expect(later).not.toContain('Where things stand');
    expect(later).toContain('2 new facts');
    expect(JSON.stringify(cards.empty)).toContain('No new developments');
  });
});
