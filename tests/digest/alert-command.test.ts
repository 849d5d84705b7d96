import { describe, expect, it } from 'vitest';
import { parseAlertCommand } from '../../src/digest/alert-command.js';
import { isBriefbotError } from '../../src/errors.js';

describe('parseAlertCommand', () => {
  it.each([
    ['', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['list', { kind: 'list' }],
    ['off A2bcde', { kind: 'off', target: 'a2bcde' }],
    ['stop all', { kind: 'off', target: 'all' }],
    ['kenya malaysia', { kind: 'subscribe', query: 'kenya malaysia' }],
    // "list" followed by words is a query about lists, not the list command.
    ['list of tariffs', { kind: 'subscribe', query: 'list of tariffs' }],
  ])('%j → %j', (text, expected) => {
    expect(parseAlertCommand(text)).toEqual(expected);
  });

  it('a bad command says what is accepted', () => {
    let caught: unknown;
    try {
      parseAlertCommand('off', '/brief');
    } catch (err) {
      caught = err;
    }
    expect(isBriefbotError(caught, 'ALERT_USAGE')).toBe(true);
    expect((caught as Error).message).toContain('`/brief alert list`');
    expect(() => parseAlertCommand('x'.repeat(600))).toThrow(/limit/);
  });
});
