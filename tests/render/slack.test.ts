import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerCommand, parseCommand } from '../../src/brief/command.js';
import { composeBrief, composeSourcesList } from '../../src/brief/compose.js';
import { helpContent } from '../../src/brief/help.js';
import type { Brief, BriefFact, BriefSource } from '../../src/brief/model.js';
import { decodeBriefAction, encodeBriefAction } from '../../src/render/slack-actions.js';
import { escapeMrkdwn, mrkdwnLink, truncateWords } from '../../src/render/slack-mrkdwn.js';
import { renderAnswerSlack, renderBriefSlack, renderErrorSlack, renderHelpSlack, renderSourcesSlack, type SlackMessage } from '../../src/render/slack.js';
import { checkMessage } from '../../src/sandbox/slack/block-kit.js';
import { fixtureCorpus, fixtureCorpusSource } from '../fixtures/slack/fixture-corpus.js';

const corpus = fixtureCorpus();
const brief = (q: string, limit?: number) => composeBrief(corpus.fb, corpus.searcher, q, limit ? { limit } : {});

/** Every mrkdwn string of a message, for checks that must hold everywhere. */
function mrkdwnTexts(m: SlackMessage): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === 'object' && v !== null) {
      const o = v as Record<string, unknown>;
      if (o['type'] === 'mrkdwn' && typeof o['text'] === 'string') out.push(o['text']);
      Object.values(o).forEach(walk);
    }
  };
  walk(m.blocks);
  return out;
}

function expectValid(m: SlackMessage): void {
  const check = checkMessage(m);
  expect(check.errors).toEqual([]);
  expect(check.ok).toBe(true);
}

describe('renderBriefSlack', () => {
  it('renders a representative brief (snapshot)', async () => {
    const m = renderBriefSlack(brief('kenya malaysia'));
    expectValid(m);
    await expect(JSON.stringify(m, null, 2)).toMatchFileSnapshot('__snapshots__/slack-brief-kenya-malaysia.json');
  });

  it('renders a paged brief with More, and a shared copy without buttons (snapshot)', async () => {
    const paged = renderBriefSlack(brief('kenya', 2));
    expectValid(paged);
    await expect(JSON.stringify(paged, null, 2)).toMatchFileSnapshot('__snapshots__/slack-brief-kenya-page1.json');
    const shared = renderBriefSlack(brief('kenya', 2), { shared: { byUserId: 'U0SANDBOX1' } });
    expectValid(shared);
    expect(JSON.stringify(shared.blocks)).not.toContain('"actions"');
    expect(JSON.stringify(shared.blocks)).toContain('Shared by <@U0SANDBOX1>');
  });

  it('shows markers, quotes, publisher, kind, approximate dates, caveats and text-fragment links', () => {
    const texts = mrkdwnTexts(renderBriefSlack(brief('ruto'))).join('\n');
    expect(texts).toMatch(/\[1\]/);
    expect(texts).toContain('forum post');
    expect(texts).toContain('about 6 Aug 2025');
    expect(texts).toContain(':warning: A forum rewrite');
    expect(texts).toMatch(/<https:\/\/forum\.example\.net\/t\/ruto-trade#:~:text=[^|>]+\|open at quote — Example Forum>/);
    expect(texts).toContain('quote: William Ruto');
  });

  it('numbers corroborating sources [1][2] and escapes & in urls and titles', () => {
    const texts = mrkdwnTexts(renderBriefSlack(brief('malaysia'))).join('\n');
    expect(texts).toMatch(/MYR 5\.7 billion\. \[1\]\[2\]/);
    expect(texts).toContain('Trade · 2 sources');
    expect(texts).toContain('<https://example.org/news/kenya-malaysia?id=1&amp;lang=en|Kenya &amp; Malaysia &lt;deepen&gt; partnership>');
  });

  it('says how many matches are about all the named entities, escaped', () => {
    const base = brief('malaysia');
    const entities = [
      { id: 'KEN', name: 'Kenya', kind: 'country' as const, matched: 'kenya', exact: true },
      { id: 'x', name: '<!channel>', kind: 'other' as const, matched: 'x', exact: true },
    ];
    const b: Brief = { ...base, understood: { ...base.understood, entities }, total: 9, aboutAll: { count: 4, names: ['Kenya', '<!channel>'] } };
    expect(mrkdwnTexts(renderBriefSlack(b)).join('\n')).toContain(
      '4 facts about Kenya and &lt;!channel&gt;; 5 more mention only Kenya or only &lt;!channel&gt;',
    );
  });

  it('makes mentions and links in article text inert', () => {
    const texts = mrkdwnTexts(renderBriefSlack(brief('kenya china'))).join('\n');
    expect(texts).toContain('&lt;!channel&gt;');
    expect(texts).toContain('&lt;@U123&gt;');
    expect(texts).toContain('&lt;https://evil.example|click&gt;');
    expect(texts).not.toMatch(/<!channel>|<@U123>|<https:\/\/evil/);
  });

  it.each(['<!channel>', '<!everyone>', '<@U123>', '<https://evil|click>', 'kenya <!here> & <#C123>'])(
    'makes a query containing %s inert everywhere',
    (q) => {
      const m = renderAnswerSlack(answerCommand(parseCommand(q), fixtureCorpusSource()));
      expectValid(m);
      for (const t of mrkdwnTexts(m)) expect(t).not.toMatch(/<[!@#]|<https:\/\/evil/);
      expect(m.text).not.toMatch(/<[!@#]|<https:\/\/evil/);
      expect(mrkdwnTexts(m).join('\n')).toContain(escapeMrkdwn(q.split(' ').find((w) => w.startsWith('<'))!));
    },
  );

  it('answers unknown words with a suggestion and the coverage', () => {
    const m = renderAnswerSlack(answerCommand(parseCommand('kenya chinaa zzyzx'), fixtureCorpusSource()));
    expectValid(m);
    const texts = mrkdwnTexts(m).join('\n');
    expect(texts).toContain('Not in the fact base: *chinaa* (did you mean *China*?)');
    expect(texts).toContain('It covers: Kenya');
    expect(texts).toContain('/brief help');
  });

  it('says so when nothing matches (snapshot)', async () => {
    const m = renderBriefSlack(brief('zzyzx'));
    expectValid(m);
    await expect(JSON.stringify(m, null, 2)).toMatchFileSnapshot('__snapshots__/slack-brief-no-match.json');
  });

  it('keeps a huge brief inside every limit and ends with "N more — use More"', () => {
    const big = hugeBrief(400);
    const m = renderBriefSlack(big);
    expectValid(m);
    expect(m.blocks.length).toBeLessThanOrEqual(50);
    const texts = mrkdwnTexts(m);
    const last = texts.find((t) => /more — use More/.test(t));
    expect(last).toBeDefined();
    const shownFacts = texts.filter((t) => /^\*\d+\.\* /.test(t)).length;
    expect(shownFacts).toBeGreaterThan(0);
    expect(last).toContain(`${400 - shownFacts} more — use More`);
    const more = m.blocks.flatMap((b) => (b.type === 'actions' ? b.elements : [])).find((e) => e.action_id === 'brief_more');
    expect(decodeBriefAction(more?.value)).toEqual({ query: big.query, offset: shownFacts });
  });

  it('property: any brief renders as a message Slack accepts, with no cut words', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 120 }), fc.string({ maxLength: 500 }), fc.string({ minLength: 1, maxLength: 5000 }), (n, query, text) => {
        const b = hugeBrief(n, query.trim() === '' ? 'q' : query, text);
        const m = renderBriefSlack(b);
        const check = checkMessage(m);
        if (!check.ok) throw new Error(check.errors.join('; '));
        for (const t of mrkdwnTexts(m)) expect(t).not.toMatch(/&(?:a|am|l|g|lt|gt)?…/);
      }),
      { numRuns: 60 },
    );
  });
});

describe('other messages', () => {
  it('renders help with grammar, examples and every filter (snapshot)', async () => {
    const m = renderHelpSlack(helpContent('/brief'));
    expectValid(m);
    const texts = mrkdwnTexts(m).join('\n');
    for (const f of ['topic:', 'since:', 'until:', 'source:', 'country:']) expect(texts).toContain(f);
    await expect(JSON.stringify(m, null, 2)).toMatchFileSnapshot('__snapshots__/slack-help.json');
  });

  it('renders the sources list, and stays inside the limits with many sources', async () => {
    const m = renderSourcesSlack(composeSourcesList(corpus.fb));
    expectValid(m);
    await expect(JSON.stringify(m, null, 2)).toMatchFileSnapshot('__snapshots__/slack-sources.json');
    const many = { kind: 'sources' as const, facts: 1, sources: Array.from({ length: 120 }, (_, i) => source(i + 1)) };
    const big = renderSourcesSlack(many);
    expectValid(big);
    expect(mrkdwnTexts(big).join('\n')).toMatch(/\d+ more not shown/);
  });

  it('escapes error text, in the blocks and in the notification text', () => {
    const m = renderErrorSlack('bad <!channel>');
    expect(mrkdwnTexts(m)).toEqual([':warning: bad &lt;!channel&gt;']);
    expect(m.text).toBe('bad &lt;!channel&gt;');
  });

  it('says when a page is past the end (a stale More button)', () => {
    const b = { ...brief('kenya'), offset: 50, facts: [], sources: [], more: 0 };
    expect(mrkdwnTexts(renderBriefSlack(b)).join('\n')).toContain('No more facts: all 9 have been shown.');
  });
});

describe('mrkdwn helpers', () => {
  it('escapes &, < and > and nothing else', () => {
    expect(escapeMrkdwn('a & b <c> *d*')).toBe('a &amp; b &lt;c&gt; *d*');
  });
  it('builds links whose url cannot end early', () => {
    expect(mrkdwnLink('https://x.test/a?b=1&c=|>', 'A <b> & c')).toBe('<https://x.test/a?b=1&amp;c=%7C&gt;|A &lt;b&gt; &amp; c>');
  });
  it('truncates at a word boundary, never inside an entity', () => {
    expect(truncateWords('one two three', 9)).toBe('one two…');
    expect(truncateWords('a&amp;b', 5)).toBe('a…');
    expect(truncateWords('aaaaaaaaaa', 5)).toBe('aaaa…');
    expect(truncateWords('short', 10)).toBe('short');
  });
  it('keeps button values within 2000 characters', () => {
    expect(encodeBriefAction({ query: 'x'.repeat(1990), offset: 5 })).toBeUndefined();
    const v = encodeBriefAction({ query: 'kenya "malaysia"', offset: 5, count: 3 })!;
    expect(decodeBriefAction(v)).toEqual({ query: 'kenya "malaysia"', offset: 5, count: 3 });
    expect(decodeBriefAction('{"q":1}')).toBeUndefined();
    expect(decodeBriefAction('not json')).toBeUndefined();
  });
});

function source(no: number): BriefSource {
  return {
    no,
    articleId: `a${no}`,
    publisher: `Publisher ${no} <!channel>`,
    publisherKind: 'news',
    title: `Title ${no} ${'long words '.repeat(40)}`,
    titleIsInferred: false,
    published: '2025-01-02',
    publishedIsApprox: no % 2 === 0,
    url: `https://example.com/${no}?a=1&b=2`,
    caveats: no % 3 === 0 ? ['caveat '.repeat(600)] : [],
  };
}

/** A brief larger than any message can hold: long texts, many citations, many sources. */
function hugeBrief(n: number, query = 'kenya '.repeat(80).trim(), text = 'A very long sentence & more '.repeat(200)): Brief {
  const facts: BriefFact[] = Array.from({ length: n }, (_, i) => ({
    id: `f_${String(i).padStart(12, '0')}`,
    text,
    date: { value: '2025-06', precision: 'month', kind: 'event', approximate: i % 2 === 0 },
    topics: [{ id: 'trade', name: 'Trade' }],
    entities: [{ id: 'KEN', name: 'Kenya' }],
    amounts: [],
    firstSeen: '2025-11-25T06:00:00.000Z',
    context: [],
    related: [],
    caveats: [],
    citations: Array.from({ length: 12 }, (_, j) => ({
      sourceNo: ((i * 12 + j) % 150) + 1,
      articleId: `a${((i * 12 + j) % 150) + 1}`,
      quote: text,
      url: `https://example.com/${j}#:~:text=${'abc%20'.repeat(100)}`,
    })),
  }));
  return {
    kind: 'brief',
    query,
    understood: { entities: [], terms: [], corrections: [], unknown: [], filters: { topics: [], sources: [], sourceNames: [], countries: [] } },
    total: n,
    overview: [],
    offset: 0,
    facts,
    sources: Array.from({ length: Math.min(150, n * 12) }, (_, i) => source(i + 1)),
    more: 0,
  };
}
