import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { helpContent, unknownWordHints } from '../../src/brief/help.js';
import type { Brief, BriefFact, SourcesList } from '../../src/brief/model.js';
import {
  TEAMS_LIMITS,
  cardSize,
  escapeTeamsMarkdown,
  renderBriefCard,
  renderHelpCard,
  renderNoticeCard,
  renderSourcesCard,
  renderTeamsAnswer,
} from '../../src/render/teams.js';
import { sampleBrief } from '../fixtures/brief/sample-brief.js';
import { schemaErrors } from './teams-schema.js';

const sources: SourcesList = { kind: 'sources', sources: sampleBrief().sources, facts: 42 };

function allCards() {
  const empty = sampleBrief({ total: 0, facts: [], sources: [], more: 0, suggestions: { entities: [{ id: 'GHA', label: 'Ghana', count: 3 }], topics: [{ id: 'trade', label: 'Trade', count: 2 }], facts: 3, articles: 2 } });
  return {
    brief: renderBriefCard(sampleBrief()),
    lastPage: renderBriefCard(sampleBrief({ offset: 5, total: 7, more: 0 })),
    empty: renderBriefCard(empty),
    hints: renderBriefCard(empty, unknownWordHints(['ghanna', 'zzzz'], empty.suggestions!)),
    sources: renderSourcesCard(sources),
    help: renderHelpCard(helpContent('@briefbot')),
    helpProblem: renderHelpCard({ ...helpContent('brief'), problem: 'Cannot read the filter "since:soon"' }),
    notice: renderNoticeCard('That [button](https://x.example) is *stale*.'),
  };
}

describe('Teams Adaptive Cards', () => {
  it('match their snapshots', () => {
    for (const [name, card] of Object.entries(allCards())) {
      expect(card, name).toMatchSnapshot(name);
    }
  });

  it('are valid Adaptive Card 1.5 per the official schema', () => {
    for (const [name, card] of Object.entries(allCards())) {
      expect(schemaErrors(card), name).toBe('');
      expect(card.version).toBe('1.5');
    }
  });

  it('the schema check can fail (a TextBlock without text, a Submit with non-object data)', () => {
    const bad1 = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', wrap: true }] };
    const bad2 = { type: 'AdaptiveCard', version: '1.5', actions: [{ type: 'Action.Submit', title: 'x', data: 3 }] };
    const bad3 = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'FactSet', facts: [{ title: 'a' }] }] };
    expect(schemaErrors(bad1)).not.toBe('');
    expect(schemaErrors(bad2)).not.toBe('');
    expect(schemaErrors(bad3)).not.toBe('');
  });

  it('link every citation to the quoted words and carry More as an object', () => {
    const card = renderBriefCard(sampleBrief());
    const json = JSON.stringify(card);
    for (const f of sampleBrief().facts) for (const c of f.citations) expect(json).toContain(JSON.stringify(c.url));
    expect(json).toContain('#:~:text=');
    expect(card.actions).toContainEqual({ type: 'Action.Submit', title: 'More (5)', data: { action: 'more', query: 'ghana norway cocoa', offset: 2 } });
  });

  it('show source details in FactSets, with "about" for approximate dates and the caveats', () => {
    const json = JSON.stringify(renderBriefCard(sampleBrief()));
    expect(json).toContain('{"title":"Published","value":"about 15 Mar 2024"}');
    expect(json).toContain('{"title":"Publisher","value":"Example Wire via Example Portal"}');
    expect(json).toContain('{"title":"Note","value":"A forum rewrite of news reports, not original reporting."}');
  });

  it('dispatch every kind of answer', () => {
    expect(renderTeamsAnswer({ kind: 'brief', brief: sampleBrief() })).toEqual(renderBriefCard(sampleBrief()));
    expect(renderTeamsAnswer({ kind: 'sources', list: sources })).toEqual(renderSourcesCard(sources));
    expect(renderTeamsAnswer({ kind: 'help', help: helpContent() })).toEqual(renderHelpCard(helpContent()));
  });
});

describe('size', () => {
  function bigBrief(n: number): Brief {
    const base = sampleBrief();
    const fact = base.facts[0]!;
    const facts: BriefFact[] = Array.from({ length: n }, (_, i) => ({
      ...fact,
      id: `f_${i.toString(16).padStart(16, '0')}`,
      text: `${'Long sentence about cocoa and trade. '.repeat(60)} (${i})`,
    }));
    return { ...base, facts, total: n + 100, more: 100 };
  }

  it('stays under the budget, dropping facts from the end and pointing More at the first one left out', () => {
    const brief = bigBrief(40);
    const card = renderBriefCard(brief);
    expect(cardSize(card)).toBeLessThanOrEqual(TEAMS_LIMITS.cardSize);
    const shown = (JSON.stringify(card).match(/\*\*\d+\.\*\*/g) ?? []).length;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(40);
    const more = card.actions?.find((a) => a.type === 'Action.Submit' && a.data.action === 'more');
    // Each dropped slot holds its fact and the one other report beside it: both are still to come.
    expect(more).toMatchObject({ data: { offset: shown }, title: `More (${100 + (40 - shown) * 2})` });
    expect(schemaErrors(card)).toBe('');
  });

  it('measures a card in UTF-16 code units, as Teams does: a non-BMP character is two, a CJK one one', () => {
    const empty = cardSize(renderNoticeCard('n'));
    // U+1D4D0 (4 UTF-8 bytes, 2 UTF-16 units) and 中 (3 UTF-8 bytes, 1 UTF-16 unit).
    // The text appears in the body and in the fallback text: each copy counts.
    const copies = (JSON.stringify(renderNoticeCard('nQ')).match(/nQ/g) ?? []).length;
    expect(copies).toBeGreaterThan(0);
    expect(cardSize(renderNoticeCard('n\u{1D4D0}')) - empty).toBe(2 * copies);
    expect(cardSize(renderNoticeCard('n中')) - empty).toBe(copies);
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (line) => {
        const c = renderNoticeCard(line);
        expect(cardSize(c)).toBe(JSON.stringify(c).length);
      }),
    );
  });

  it('fits a brief in non-BMP script by UTF-16 units: more than a UTF-8 count would allow, never over', () => {
    const base = sampleBrief();
    const fact = base.facts[0]!;
    // Each fact ~1,200 code units of CJK (3,600 UTF-8 bytes) and a few mathematical letters.
    const facts: BriefFact[] = Array.from({ length: 40 }, (_, i) => ({
      ...fact,
      id: `f_${i.toString(16).padStart(16, '0')}`,
      text: `${'加纳与挪威同意降低加工可可的关税。'.repeat(70)} \u{1D4D0}\u{1D4D1} (${i})`,
    }));
    const card = renderBriefCard({ ...base, facts, total: 40, more: 0 });
    expect(cardSize(card)).toBeLessThanOrEqual(TEAMS_LIMITS.cardSize);
    const shown = (JSON.stringify(card).match(/\*\*\d+\.\*\*/g) ?? []).length;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(40);
    // Measured in UTF-8 bytes the same card would look far bigger than the budget allows.
    expect(Buffer.byteLength(JSON.stringify(card), 'utf8')).toBeGreaterThan(TEAMS_LIMITS.cardSize);
    expect(schemaErrors(card)).toBe('');
  });

  it('keeps a sources list under the budget with a pointer to the rest', () => {
    const one = sources.sources[0]!;
    const many: SourcesList = {
      kind: 'sources',
      facts: 9999,
      sources: Array.from({ length: 400 }, (_, i) => ({ ...one, no: i + 1, articleId: `a-${i}`, title: `${one.title} ${'x'.repeat(200)} ${i}` })),
    };
    const card = renderSourcesCard(many);
    expect(cardSize(card)).toBeLessThanOrEqual(TEAMS_LIMITS.cardSize);
    expect(JSON.stringify(card)).toMatch(/\d+ more not shown/);
    expect(schemaErrors(card)).toBe('');
  });
});

describe('escapeTeamsMarkdown', () => {
  const md = new MarkdownIt({ linkify: false, html: false });
  const decode = (html: string): string =>
    html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

  it('neutralises links, emphasis, lists, headings and templating in article text', () => {
    for (const s of ['[click](https://evil.example)', '**bold** _it_ ~~s~~', '- item', '1. first', '# Heading', '> quote', '{{DATE(2017-02-14T06:00:00Z, SHORT)}}', '`code`', '![img](x.png)', '<at>everyone</at>']) {
      const html = md.render(escapeTeamsMarkdown(s));
      expect(html, s).toBe(`<p>${md.utils.escapeHtml(s)}</p>\n`);
    }
  });

  it('for any single line, CommonMark renders exactly the original text as one plain paragraph', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 80 }), (raw) => {
        const s = raw.replace(/[\r\n]/g, ' ');
        fc.pre(s.trim() !== '' && s === s.trim());
        const html = md.render(escapeTeamsMarkdown(s));
        expect(html.startsWith('<p>') && html.endsWith('</p>\n')).toBe(true);
        expect(decode(html.slice(3, -5))).toBe(s);
      }),
      { numRuns: 500 },
    );
  });
});
