import { describe, expect, it } from 'vitest';
import { answerCommand, parseCommand, SUBCOMMANDS } from '../../src/brief/command.js';
import { helpContent, unknownWordHints } from '../../src/brief/help.js';
import { fixtureCorpusSource } from '../fixtures/slack/fixture-corpus.js';

describe('parseCommand', () => {
  it.each([
    ['', { kind: 'help' }],
    ['   ', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['Help me', { kind: 'help' }],
    ['?', { kind: 'help' }],
    ['sources', { kind: 'sources' }],
    ['SOURCES', { kind: 'sources' }],
    ['kenya malaysia', { kind: 'brief', query: 'kenya malaysia', offset: 0 }],
    ['  kenya   topic:trade ', { kind: 'brief', query: 'kenya   topic:trade', offset: 0 }],
    ['helpful kenya', { kind: 'brief', query: 'helpful kenya', offset: 0 }],
    ['constructor', { kind: 'brief', query: 'constructor', offset: 0 }],
    ['toString', { kind: 'brief', query: 'toString', offset: 0 }],
    ['add https://news.test/a', { kind: 'add', url: 'https://news.test/a' }],
    ['ADD', { kind: 'add', url: '' }],
    ['sources add https://news.test/rss.xml Some Name', { kind: 'sources-admin', rest: 'add https://news.test/rss.xml Some Name' }],
    ['sources remove s2abcd', { kind: 'sources-admin', rest: 'remove s2abcd' }],
    ['alert kenya  malaysia', { kind: 'alert', rest: 'kenya malaysia' }],
    ['alert', { kind: 'alert', rest: '' }],
  ])('%j → %j', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  it('takes new subcommands from the SUBCOMMANDS table', () => {
    expect(Object.keys(SUBCOMMANDS)).toEqual(expect.arrayContaining(['help', 'sources', 'add', 'alert']));
  });
});

describe('answerCommand', () => {
  const corpora = fixtureCorpusSource();

  it('answers a query with a brief', () => {
    const a = answerCommand(parseCommand('kenya malaysia'), corpora);
    expect(a.kind).toBe('brief');
    if (a.kind === 'brief') {
      expect(a.brief.total).toBeGreaterThan(0);
      expect(a.hints).toBeUndefined();
    }
  });

  it('adds hints with a suggestion for unknown words', () => {
    const a = answerCommand(parseCommand('kenya chinaa'), corpora);
    expect(a.kind === 'brief' && a.hints?.unknown).toEqual([{ word: 'chinaa', suggestion: 'China' }]);
  });

  it('answers an unusable query with help that says why', () => {
    const a = answerCommand(parseCommand('x'.repeat(600)), corpora);
    expect(a.kind).toBe('help');
    expect(a.kind === 'help' && a.help.problem).toContain('limit is 500');
  });

  it('lists sources and help', () => {
    expect(answerCommand({ kind: 'sources' }, corpora)).toMatchObject({ kind: 'sources', list: { facts: 9 } });
    expect(answerCommand({ kind: 'help' }, corpora, { invocation: '/brief-dev' })).toMatchObject({ kind: 'help', help: { invocation: '/brief-dev' } });
  });
});

describe('help', () => {
  it('documents every filter, with examples', () => {
    const h = helpContent();
    expect(h.filters.map((f) => f.name)).toEqual(['topic:', 'since:', 'until:', 'source:', 'country:']);
    expect(h.examples.length).toBeGreaterThan(2);
  });

  it('suggests nothing when no label is close', () => {
    const coverage = { entities: [{ id: 'KEN', label: 'Kenya', count: 1 }], topics: [], facts: 1, articles: 1 };
    expect(unknownWordHints(['qqqqqqqq'], coverage).unknown).toEqual([{ word: 'qqqqqqqq' }]);
  });
});

describe('help and the inflow commands', () => {
  it('help names every command form: add, sources, alert, digest', () => {
    const forms = helpContent('/brief').usage.map((u) => u.form);
    for (const f of ['/brief add <url>', '/brief sources', '/brief sources add <feed url> [name]', '/brief alert <words>']) expect(forms).toContain(f);
  });
  it('without the store, add and alert answer help with the reason, never silence', () => {
    const corpora = fixtureCorpusSource();
    for (const c of [parseCommand('add https://x.test/a'), parseCommand('alert kenya'), parseCommand('sources add https://x.test/r')]) {
      const a = answerCommand(c, corpora);
      expect(a.kind).toBe('help');
      expect(a.kind === 'help' && a.help.problem).toMatch(/not available here/);
    }
    expect(answerCommand(parseCommand('sources articles'), corpora).kind).toBe('sources');
  });
});
