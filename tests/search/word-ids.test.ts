import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normWords } from '../../src/search/text.js';
import { WordIds } from '../../src/search/word-ids.js';

/** An id per distinct word, in the order first met, and the words looked up (to count them). */
function dictionary() {
  const ids = new Map<string, number>();
  const asked: string[] = [];
  const idOf = (w: string) => {
    asked.push(w);
    let id = ids.get(w);
    if (id === undefined) {
      id = ids.size;
      ids.set(w, id);
    }
    return id;
  };
  return { ids, asked, idOf };
}

// \`ids\` read after \`of\`: a long text replaces the array.
const idsOf = (words: WordIds, text: string) => {
  const n = words.of(text);
  return [...words.ids.subarray(0, n)];
};

// Letters, digits, both apostrophes, accents, punctuation, spaces: what splits and folds words.
const piece = fc.constantFrom('a', 'B', 'z', 'Q', '0', '7', "'", '’', 's', 'S', ' ', '  ', '-', '.', ',', '“', '"', 'é', 'Ü', 'ß', 'İ', 'K', '\u212a', '\n');
const text = fc.array(fc.oneof(piece, fc.constantFrom('Kenya', "Kenya's", "don't", "rock'n'roll", 'KENYA', 'kenya', '2025', "o'", "'s")), { maxLength: 40 }).map((p) => p.join(''));

describe('WordIds', () => {
  it('gives the ids of exactly the words normWords splits, ASCII or not', () => {
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 20 }), (texts) => {
        // One table over all the texts, as the index builder keeps one: later texts hit what earlier ones put in.
        const fast = dictionary();
        const words = new WordIds(fast.idOf);
        const slow = dictionary();
        for (const t of texts) {
          expect(idsOf(words, t).map((id) => [...fast.ids.keys()][id])).toEqual(normWords(t));
          normWords(t).forEach(slow.idOf);
        }
        expect(new Set(fast.ids.keys())).toEqual(new Set(slow.ids.keys()));
      }),
      { numRuns: 300 },
    );
  });

  it('asks for a word once however often it comes, and in any case', () => {
    const d = dictionary();
    const words = new WordIds(d.idOf);
    const a = idsOf(words, 'Trade talks resumed. TRADE talks, trade Talks!');
    expect(a).toEqual([0, 1, 2, 0, 1, 0, 1]);
    expect(d.asked).toEqual(['trade', 'talks', 'resumed']);
  });

  it('keeps its answers right as its table grows past many rehashes', () => {
    const d = dictionary();
    const words = new WordIds(d.idOf);
    const vocabulary = Array.from({ length: 20_000 }, (_, i) => `w${i.toString(36)}x`);
    expect(idsOf(words, vocabulary.join(' '))).toEqual(vocabulary.map((_, i) => i));
    expect(idsOf(words, vocabulary.toReversed().join(' ').toUpperCase())).toEqual(vocabulary.map((_, i) => vocabulary.length - 1 - i));
    expect(d.asked).toHaveLength(vocabulary.length);
  });
});
