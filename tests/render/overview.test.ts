import { describe, expect, it } from 'vitest';
import type { Brief, BriefOverviewPoint } from '../../src/brief/model.js';
import { renderBriefSlack } from '../../src/render/slack.js';
import { SLACK_LIMITS } from '../../src/render/slack-blocks.js';
import { cardSize, renderBriefCard, TEAMS_LIMITS } from '../../src/render/teams.js';
import { checkMessage } from '../../src/sandbox/slack/block-kit.js';
import { sampleBrief } from '../fixtures/brief/sample-brief.js';
import { schemaErrors } from './teams-schema.js';

/** A brief whose overview is as large as it gets: five long points, each with disagreements and hostile text. */
function loudBrief(): Brief {
  const base = sampleBrief();
  const point = (i: number): BriefOverviewPoint => ({
    text: `<!channel> *bold* [link](https://evil.example) {{DATE(x)}} ${'a long clause about tariffs & trade '.repeat(55)}(${i})`,
    date: { value: `2025-0${i + 1}-1${i}`, precision: 'day', kind: i % 2 === 0 ? 'event' : 'published', approximate: i === 3 },
    factIds: ['f_0123456789abcdef'],
    sources: i + 1,
    publishers: ['Example Wire', 'Example Daily'],
    disagreements: [{ how: `"<@U123> agreed" vs "plans" ${'x '.repeat(200)}`, factIds: ['f_0123456789abcdef', 'f_aaaaaaaaaaaaaaaa'], publishers: ['A', 'B'] }],
    sourceNos: [1, 2],
  });
  return { ...base, overview: [0, 1, 2, 3, 4].map(point) };
}

describe('overview in Block Kit', () => {
  it('is one section right above the first fact (snapshot), and the message is valid', async () => {
    const msg = renderBriefSlack(sampleBrief());
    expect(checkMessage(msg)).toEqual({ ok: true, errors: [] });
    const i = msg.blocks.findIndex((b) => b.type === 'section' && b.text.text.startsWith('*Where things stand*'));
    expect(i).toBeGreaterThan(0);
    const next = msg.blocks[i + 1];
    expect(next?.type === 'section' && next.text.text.startsWith('*1.*')).toBe(true);
    await expect(JSON.stringify(msg.blocks[i], null, 2)).toMatchFileSnapshot('__snapshots__/slack-overview.json');
  });

  it('stays within 3000 characters and 50 blocks, escaped, however large the points are', () => {
    const msg = renderBriefSlack(loudBrief());
    expect(checkMessage(msg).ok).toBe(true);
    expect(msg.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
    const section = msg.blocks.find((b) => b.type === 'section' && b.text.text.startsWith('*Where things stand*'));
    expect(section?.type === 'section' && section.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    const json = JSON.stringify(msg.blocks.slice(1));
    expect(json).not.toContain('<!channel>');
    expect(json).not.toContain('<@U123>');
  });
});

describe('overview in the Adaptive Card', () => {
  it('is a container above the first fact (snapshot), valid Adaptive Card 1.5', () => {
    const card = renderBriefCard(sampleBrief());
    expect(schemaErrors(card)).toBe('');
    const i = card.body.findIndex((e) => e.type === 'Container' && e.items[0]?.type === 'TextBlock' && e.items[0].text === 'Where things stand');
    expect(i).toBeGreaterThan(0);
    const firstFact = card.body.findIndex((e) => e.type === 'Container' && e.items[0]?.type === 'TextBlock' && e.items[0].text.startsWith('**1.**'));
    expect(firstFact).toBeGreaterThan(i);
    expect(card.body[i]).toMatchSnapshot();
  });

  it('stays well under the size budget and valid, with hostile text neutralised', () => {
    const card = renderBriefCard(loudBrief());
    expect(schemaErrors(card)).toBe('');
    expect(cardSize(card)).toBeLessThanOrEqual(TEAMS_LIMITS.cardSize);
    const json = JSON.stringify(card.body);
    expect(json).not.toContain('[link](');
    expect(json).not.toContain('{{DATE');
  });
});
