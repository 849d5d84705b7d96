import { normWords } from './text.js';

/**
 * The ids of a text's words, in order, as normWords would split them, without making a string
 * per word: an ASCII text is scanned by char code and each word looked up in a table keyed by its
 * bytes (a hash of the lower-cased codes, then the codes compared). Only a word not seen before
 * (once per distinct word) or one with an apostrophe becomes a string, for `idOf`. Profiled at 1M
 * generated facts (~30M words), normWords and a Map lookup per word were 29% of a load: 13 s.
 *
 * A text with any non-ASCII character goes through normWords (accents are folded, letters beyond
 * A–Z count): the ids are the same either way, which the property test checks.
 */
export class WordIds {
  /** The ids of the last `of`, up to the count it returned: read it after the call (a long text replaces the array), overwritten by the next. */
  ids = new Int32Array(256);
  /**
   * Open addressing, kept under half full; a slot is four ints side by side (hash, where the word's
   * bytes start + 1 or 0 when empty, length, id), so a probe reads one cache line: a table apart per
   * field cost a miss each, and with a big vocabulary the misses were most of the time.
   */
  private slots = new Int32Array(4 << 12);
  private mask = (1 << 12) - 1;
  private count = 0;
  /** The words' lower-cased bytes, one after another. */
  private bytes = new Uint8Array(1 << 14);
  private used = 0;

  /** `idOf(word)`: the id of a normalized word (as normWords gives it); called once per distinct word. */
  constructor(private readonly idOf: (word: string) => number) {}

  /** Fills `ids` with the ids of `text`'s words and returns how many there are. */
  of(text: string): number {
    if (!isAscii(text)) return this.ofWords(normWords(text));
    let n = 0;
    const len = text.length;
    let i = 0;
    while (i < len) {
      let c = text.charCodeAt(i);
      if (!isAlnum(c)) {
        i++;
        continue;
      }
      const start = i;
      let h = 0x811c9dc5 | 0;
      do {
        h = Math.imul(h ^ lower(c), 0x01000193);
        c = ++i < len ? text.charCodeAt(i) : 0;
      } while (isAlnum(c));
      let id: number;
      if (c === APOSTROPHE && i + 1 < len && isLetter(text.charCodeAt(i + 1))) {
        // "Kenya's", "don't": rare, so through the string path (normWords' own rules).
        do {
          i++;
          while (i < len && isLetter(text.charCodeAt(i))) i++;
        } while (i + 1 < len && text.charCodeAt(i) === APOSTROPHE && isLetter(text.charCodeAt(i + 1)));
        id = this.idOf(normWords(text.slice(start, i))[0]!);
      } else {
        id = this.lookup(text, start, i, h);
      }
      if (n === this.ids.length) this.ids = grow(this.ids, n * 2);
      this.ids[n++] = id;
    }
    return n;
  }

  private ofWords(words: string[]): number {
    if (words.length > this.ids.length) this.ids = new Int32Array(words.length * 2);
    for (let k = 0; k < words.length; k++) this.ids[k] = this.idOf(words[k]!);
    return words.length;
  }

  private lookup(text: string, start: number, end: number, h: number): number {
    const length = end - start;
    const slots = this.slots;
    let slot = h & this.mask;
    for (;;) {
      const at = slot << 2;
      const from = slots[at + 1]! - 1;
      if (from < 0) break;
      if (slots[at] === h && slots[at + 2] === length && this.same(from, length, text, start)) return slots[at + 3]!;
      slot = (slot + 1) & this.mask;
    }
    const id = this.idOf(text.slice(start, end).toLowerCase());
    this.insert(text, start, length, h, id);
    return id;
  }

  private same(from: number, length: number, text: string, start: number): boolean {
    const bytes = this.bytes;
    for (let k = 0; k < length; k++) if (bytes[from + k] !== lower(text.charCodeAt(start + k))) return false;
    return true;
  }

  private insert(text: string, start: number, length: number, h: number, id: number): void {
    if (this.used + length > this.bytes.length) {
      const bigger = new Uint8Array(Math.max(this.bytes.length * 2, this.used + length));
      bigger.set(this.bytes.subarray(0, this.used));
      this.bytes = bigger;
    }
    const from = this.used;
    for (let k = 0; k < length; k++) this.bytes[from + k] = lower(text.charCodeAt(start + k));
    this.used += length;
    if (++this.count * 2 > this.mask + 1) this.rehash();
    this.place(this.slots, this.mask, h, from, length, id);
  }

  private rehash(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    this.mask = (this.slots.length >> 2) - 1;
    for (let at = 0; at < old.length; at += 4) {
      if (old[at + 1] !== 0) this.place(this.slots, this.mask, old[at]!, old[at + 1]! - 1, old[at + 2]!, old[at + 3]!);
    }
  }

  private place(slots: Int32Array, mask: number, h: number, from: number, length: number, id: number): void {
    let slot = h & mask;
    while (slots[(slot << 2) + 1] !== 0) slot = (slot + 1) & mask;
    const at = slot << 2;
    slots[at] = h;
    slots[at + 1] = from + 1;
    slots[at + 2] = length;
    slots[at + 3] = id;
  }
}

const APOSTROPHE = 0x27;

// biome-ignore lint/suspicious/noControlCharactersInRegex: the whole ASCII range, control characters included, is the point.
const ASCII = /^[\x00-\x7f]*$/;

function isAscii(text: string): boolean {
  return ASCII.test(text);
}

/** 0-9, A-Z, a-z: in ASCII, exactly what normWords' \p{L}\p{N} matches. */
function isAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || isLetter(c);
}

function isLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

function lower(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c | 0x20 : c;
}

function grow(a: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}
