import { describe, expect, it } from 'vitest';
import { composeBrief } from '../../src/brief/compose.js';
import { composeDigest, newestFirstSeen } from '../../src/digest/compose.js';
import { hasContent } from '../../src/digest/model.js';
import { renderDigestSlack } from '../../src/render/slack-digest.js';
import { renderDigestText } from '../../src/render/text-digest.js';
import { renderDigestCard } from '../../src/render/teams-digest.js';
import { checkMessage } from '../../src/sandbox/slack/block-kit.js';
import { schemaErrors } from '../render/teams-schema.js';
import type { Subscription } from '../../src/store/types.js';
import { storedSubscription } from '../fixtures/digest/subscription.js';
import { BASE_FIRST_SEEN, baseData, corpusOf, dataWithNewArticle, NEW_FIRST_SEEN } from '../fixtures/digest/corpus.js';

const SLOT = new Date('2025-12-03T05:00:00.000Z');
const sub = (over: Partial<Subscription> = {}): Subscription =>
  storedSubscription({ lastDigestAt: BASE_FIRST_SEEN, lastPostedAt: '2025-12-02T05:00:00.000Z', ...over });

describe('composeDigest', () => {
  it('after an ingest adds an article, the digest holds exactly its new matching facts, grouped', () => {
    const corpus = corpusOf(dataWithNewArticle());
    const d = composeDigest(corpus, sub(), SLOT);
    const ids = d.groups.flatMap((g) => g.facts.map((f) => f.id)).sort();
    // Kenya + Malaysia: the tariffs fact and the topic-less meeting fact; not the Kenya–China one.
    expect(ids).toEqual(['f_aaaaaaaaaaa1', 'f_aaaaaaaaaaa3']);
    expect(d.newCount).toBe(2);
    expect(d.overview).toEqual([]);
    expect(d.groups.map((g) => g.key)).toEqual(expect.arrayContaining(['topic:trade', 'pair:KEN+MYS']));
    const tariffs = d.groups.flatMap((g) => g.facts).find((f) => f.id === 'f_aaaaaaaaaaa1')!;
    expect(new Set(tariffs.citations.map((c) => c.articleId)).size).toBe(2);
    expect(d.cutoff).toBe(NEW_FIRST_SEEN);
  });

  it('with the cutoff moved to the newest fact, nothing is new', () => {
    const corpus = corpusOf(dataWithNewArticle());
    const d = composeDigest(corpus, sub({ lastDigestAt: newestFirstSeen(corpus.fb) }), SLOT);
    expect(d.shown).toBe(0);
    expect(hasContent(d)).toBe(false);
    expect(renderDigestText(d)).toContain('No new developments');
    expect(renderDigestSlack(d).blocks).toHaveLength(2);
  });

  it('the first digest opens with where things stand (the brief overview, matches of any age)', () => {
    const corpus = corpusOf(baseData());
    const d = composeDigest(corpus, sub({ lastPostedAt: null }), SLOT);
    expect(d.shown).toBe(0);
    expect(d.overview.length).toBeGreaterThan(0);
    expect(d.overview.length).toBeLessThanOrEqual(5);
    const ids = new Set(corpus.fb.facts.map((f) => f.id));
    for (const p of d.overview) for (const id of p.factIds) expect(ids.has(id)).toBe(true);
    const brief = composeBrief(corpus.fb, corpus.searcher, d.query);
    expect(d.overview.map((p) => p.text)).toEqual(brief.overview.map((p) => p.text));
    // Rendered for the channel: the overview section and its sources, inside every limit.
    const msg = renderDigestSlack(d);
    expect(checkMessage(msg)).toEqual({ ok: true, errors: [] });
    expect(JSON.stringify(msg.blocks)).toContain('*Where things stand*');
    expect(JSON.stringify(msg.blocks)).toContain('*Sources*');
    const card = renderDigestCard(d);
    expect(schemaErrors(card)).toBe('');
    expect(JSON.stringify(card)).toContain('Where things stand');
    expect(hasContent(d)).toBe(true);
    expect(renderDigestText(d)).toContain('Where things stand');
  });

  it('renders Block Kit inside Slack limits, escaped, with sources and corroboration', async () => {
    const d = composeDigest(corpusOf(dataWithNewArticle()), sub({ query: 'kenya <!channel> malaysia' }), SLOT);
    const msg = renderDigestSlack(d);
    expect(msg.blocks.length).toBeLessThanOrEqual(50);
    // Header text is plain_text (never parsed for mentions); everything mrkdwn must be escaped.
    const json = JSON.stringify({ text: msg.text, blocks: msg.blocks.slice(1) });
    expect(json).not.toContain('<!channel>');
    expect(json).toContain('&lt;b&gt;again&lt;/b&gt;');
    expect(json).toContain('Trade · 2 sources');
    await expect(JSON.stringify(msg, null, 2)).toMatchFileSnapshot('__snapshots__/digest-slack.json');
    await expect(renderDigestText(d)).toMatchFileSnapshot('__snapshots__/digest.txt');
  });

  it('a long digest stays within 50 blocks and ends with a "see more" pointer', () => {
    const data = dataWithNewArticle();
    const template = data.facts.find((f) => f.id === 'f_aaaaaaaaaaa1')!;
    for (let i = 0; i < 60; i++) {
      // Each a claim of its own (distinct content words), so none folds into another's line.
      const own = ['alpha', 'bravo', 'delta', 'gamma', 'kappa', 'sigma'].map((w) => `${w}${i}`).join(' ');
      data.facts.push({ ...template, id: `f_bbbbbbbb${String(i).padStart(4, '0')}`, text: `Kenya and Malaysia discussed ${own}.` });
    }
    const d = composeDigest(corpusOf(data), sub(), SLOT);
    expect(d.newCount).toBe(62); // 60 + the tariffs fact + the meeting fact
    const msg = renderDigestSlack(d);
    expect(msg.blocks.length).toBeLessThanOrEqual(50);
    const last = JSON.stringify(msg.blocks.at(-1));
    expect(last).toMatch(/\d+ more new facts — see more with `\/brief kenya malaysia`/);
  });

  it('folds the same claim told in other words into one line, "also reported", in every renderer', () => {
    const data = dataWithNewArticle();
    const url = 'https://daily.example.net/2025/12/02/tariff-cut';
    data.articles.push({
      id: 'daily-2025-12-02-tariff-cut',
      title: 'Tariff cut for palm oil and tea',
      publisher: 'Example Daily',
      publisherKind: 'newspaper',
      published: '2025-12-02',
      url,
      language: 'en',
    });
    const tariffs = data.facts.find((f) => f.id === 'f_aaaaaaaaaaa1')!;
    const reworded = 'Tariffs on tea and palm oil exports will be cut by half, Kenya and Malaysia agreed.';
    data.facts.push({
      ...tariffs,
      id: 'f_aaaaaaaaaaa4',
      text: reworded,
      citations: [{ articleId: 'daily-2025-12-02-tariff-cut', quote: reworded, start: 40, end: 40 + reworded.length, url }],
      related: [{ factId: 'f_aaaaaaaaaaa1', how: 'other wording', differs: 'wording' }],
    });
    const d = composeDigest(corpusOf(data), sub(), SLOT);
    const lines = d.groups.flatMap((g) => g.facts);
    // Three new matching facts, two lines: the tariff claim once, with the other report beside it.
    expect(d.newCount).toBe(3);
    expect(lines).toHaveLength(2);
    expect(d.shown).toBe(3);
    expect(d.more).toBe(0);
    const line = lines.find((f) => f.id === 'f_aaaaaaaaaaa1' || f.id === 'f_aaaaaaaaaaa4')!;
    expect(line.alsoReported?.map((f) => f.id)).toEqual([line.id === 'f_aaaaaaaaaaa1' ? 'f_aaaaaaaaaaa4' : 'f_aaaaaaaaaaa1']);
    expect(renderDigestText(d)).toContain('Also reported by Example Daily');
    const msg = renderDigestSlack(d);
    expect(checkMessage(msg)).toEqual({ ok: true, errors: [] });
    const slack = JSON.stringify(msg.blocks);
    expect(slack).toContain('also reported');
    // The folded report's source is listed, and nothing is left to "see more".
    expect(slack).toContain('Example Daily');
    expect(slack).toContain('Everything new is above');
    const card = renderDigestCard(d);
    expect(schemaErrors(card)).toBe('');
    expect(JSON.stringify(card)).toContain('Example Daily');
    expect(JSON.stringify(card)).not.toMatch(/\d+ more — ask/);
  });
});
