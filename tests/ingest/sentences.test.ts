import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Paragraph } from '../../src/ingest/paragraphs.js';
import { sentencesOf } from '../../src/ingest/sentences.js';

const para = (text: string): Paragraph => ({ segments: [{ start: 0, end: text.length, text }], bullet: false });
const texts = (text: string): string[] => sentencesOf(para(text)).map((s) => s.text);

describe('sentencesOf', () => {
  it('does not split after abbreviations, initials or decimals', () => {
    expect(texts('He visited on Nov. 23 and 24. Talks went well.')).toEqual(['He visited on Nov. 23 and 24.', 'Talks went well.']);
    expect(texts('said Ts. Mahadhir Aziz, CEO of MDEC. Next one.')).toEqual(['said Ts. Mahadhir Aziz, CEO of MDEC.', 'Next one.']);
    expect(texts('The U.S. Embassy helped. Dr. Banda agreed.')).toEqual(['The U.S. Embassy helped.', 'Dr. Banda agreed.']);
    expect(texts('Banks provided 16.2% of credit. Deposits rose.')).toEqual(['Banks provided 16.2% of credit.', 'Deposits rose.']);
  });

  it('ends a sentence after a stop inside closing quotes', () => {
    expect(texts('“This marks the beginning,” Ruto said. The talks ended.')).toEqual([
      '“This marks the beginning,” Ruto said.',
      'The talks ended.',
    ]);
    expect(texts('It was "actively explored". Then they left.')).toEqual(['It was "actively explored".', 'Then they left.']);
  });

  it('keeps a quoted speech of several sentences with its attribution', () => {
    expect(texts('“We agreed. It is a breakthrough,” Ruto stated. Next.')).toEqual([
      '“We agreed. It is a breakthrough,” Ruto stated.',
      'Next.',
    ]);
  });

  it('joins a sentence wrapped across segments and maps it back to the body', () => {
    const body = 'They signed deals across\n\ntrade and farming. Then left.';
    const p: Paragraph = {
      segments: [
        { start: 0, end: 24, text: 'They signed deals across' },
        { start: 26, end: body.length, text: 'trade and farming. Then left.' },
      ],
      bullet: false,
    };
    const [first, second] = sentencesOf(p);
    expect(first!.text).toBe('They signed deals across trade and farming.');
    expect(body.slice(first!.start, first!.end)).toBe('They signed deals across\n\ntrade and farming.');
    expect(body.slice(second!.start, second!.end)).toBe('Then left.');
  });

  it('property: every sentence sits at its offsets, in order, covering all words', () => {
    const word = fc.constantFrom('Kenya', 'signed', 'U.S.', 'Dr.', '16.2%', '“We', 'agreed.”', 'deals.', 'Why?', 'yes!', 'and', '"new', 'level"');
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 30 }), (words) => {
        const text = words.join(' ');
        const sentences = sentencesOf(para(text));
        let last = 0;
        for (const s of sentences) {
          expect(text.slice(s.start, s.end)).toBe(s.text);
          expect(s.start).toBeGreaterThanOrEqual(last);
          last = s.end;
        }
        expect(sentences.map((s) => s.text).join(' ')).toBe(text);
      }),
    );
  });
});
