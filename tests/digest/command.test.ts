import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDigestCommand } from '../../src/digest/command.js';
import { isBriefbotError } from '../../src/errors.js';

function codeOf(text: string): string | undefined {
  try {
    parseDigestCommand(text);
    return undefined;
  } catch (e) {
    return isBriefbotError(e) ? e.code : 'not a BriefbotError';
  }
}

describe('parseDigestCommand', () => {
  it('reads the documented forms', () => {
    expect(parseDigestCommand('daily 08:00 Africa/Nairobi kenya malaysia')).toEqual({
      kind: 'subscribe', schedule: 'daily', time: '08:00', zone: 'Africa/Nairobi', query: 'kenya malaysia', postWhenEmpty: false,
    });
    expect(parseDigestCommand('weekdays 7:30 kenya topic:tariffs')).toEqual({
      kind: 'subscribe', schedule: 'weekdays', time: '07:30', query: 'kenya topic:tariffs', postWhenEmpty: false,
    });
    expect(parseDigestCommand('daily 06:15 utc --always kenya')).toMatchObject({ zone: 'UTC', postWhenEmpty: true, query: 'kenya' });
    expect(parseDigestCommand('daily 06:15 europe/london kenya —always')).toMatchObject({ zone: 'Europe/London', postWhenEmpty: true });
    expect(parseDigestCommand('list')).toEqual({ kind: 'list' });
    expect(parseDigestCommand('preview')).toEqual({ kind: 'preview' });
    expect(parseDigestCommand('preview DABC23')).toEqual({ kind: 'preview', id: 'dabc23' });
    expect(parseDigestCommand('off all')).toEqual({ kind: 'off', target: 'all' });
    expect(parseDigestCommand('')).toEqual({ kind: 'help' });
  });

  it('names the problem for bad input', () => {
    expect(codeOf('daily 25:00 kenya')).toBe('DIGEST_BAD_TIME');
    expect(codeOf('daily 8am kenya')).toBe('DIGEST_BAD_TIME');
    expect(codeOf('daily 08:00 Mars/Olympus kenya')).toBe('DIGEST_BAD_ZONE');
    expect(codeOf('daily 08:00 Africa/Nairobi')).toBe('DIGEST_BAD_QUERY');
    expect(codeOf(`daily 08:00 ${'kenya '.repeat(100)}`)).toBe('DIGEST_BAD_QUERY');
    expect(codeOf('daily')).toBe('DIGEST_USAGE');
    expect(codeOf('off')).toBe('DIGEST_USAGE');
    expect(codeOf('monthly 08:00 kenya')).toBe('DIGEST_USAGE');
  });

  it('error messages list the accepted forms', () => {
    try {
      parseDigestCommand('daily 25:00 kenya');
    } catch (e) {
      expect((e as Error).message).toContain('"25:00" is not a time of day');
      expect((e as Error).message).toContain('/brief digest daily HH:MM [Zone] [--always] <query>');
    }
  });

  it('property: any text either parses or fails with a BriefbotError, never anything else', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        const code = codeOf(s);
        expect(code === undefined || code.startsWith('DIGEST_')).toBe(true);
      }),
    );
  });
});
