import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { citationUrl, decodeFragmentText, encodeFragmentText, parseTextDirective, textDirective } from '../../src/ingest/fragment.js';

describe('text fragments', () => {
  it('percent-encodes the directive syntax characters', () => {
    expect(encodeFragmentText('non-tariff, a & b')).toBe('non%2Dtariff%2C%20a%20%26%20b');
  });

  it('uses the whole text for a short quote and start,end for a long one', () => {
    expect(textDirective('Talks went well.')).toBe('text=Talks%20went%20well.');
    expect(parseTextDirective(`#:~:${textDirective('one two three four five six seven eight nine ten')}`)).toEqual({
      start: 'one two three four',
      end: 'seven eight nine ten',
    });
  });

  it('takes start and end words from each side of a paragraph break', () => {
    const d = parseTextDirective(`#:~:${textDirective('deepening ties across\n\ntrade, technology and farming.')}`);
    expect(d).toEqual({ start: 'deepening ties across', end: 'trade, technology and farming.' });
  });

  it('replaces an existing fragment on the article url', () => {
    expect(citationUrl('https://x.example/a#top', 'Talks went well.')).toBe('https://x.example/a#:~:text=Talks%20went%20well.');
  });

  it('property: any text round-trips and the encoding has no bare syntax characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const e = encodeFragmentText(s);
        expect(decodeFragmentText(e)).toBe(s);
        expect(e).not.toMatch(/[-,&#]/);
      }),
    );
  });
});
