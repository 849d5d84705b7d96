import { osaDistance } from './edit-distance.js';

export interface FuzzyMatch {
  /** Index of the matched entry in the word list the dictionary was built from. */
  index: number;
  distance: number;
}

const INDEX_BITS = 23;
const INDEX_SPAN = 2 ** INDEX_BITS;
const HASH_MASK = 0x3fffffff;

/**
 * Typo lookup over a word list by symmetric deletion (the SymSpell idea): every entry is indexed
 * under the hashes of all strings made by deleting up to `maxDistance` characters from its first
 * `prefixLength` characters; a query generates its own deletions and looks them up, then each
 * candidate is verified with a real edit distance. Cost per lookup is a few dozen binary
 * searches, independent of the vocabulary size, where a scan (fuse.js, or edit distance against
 * every word) grows with it.
 *
 * Memory: one Float64Array of (hash << 23 | entry) keys, sorted, so a 100k-word vocabulary costs
 * a few tens of MB and no per-entry objects.
 */
export class FuzzyDictionary {
  private readonly keys: Float64Array;

  constructor(
    private readonly words: readonly string[],
    private readonly maxDistance = 2,
    private readonly prefixLength = 10,
    include: (word: string, index: number) => boolean = () => true,
    prebuilt?: Float64Array,
  ) {
    if (words.length >= INDEX_SPAN) throw new RangeError(`FuzzyDictionary holds at most ${INDEX_SPAN - 1} words`);
    if (prebuilt) {
      this.keys = prebuilt;
      return;
    }
    let count = 0;
    for (let i = 0; i < words.length; i++) {
      if (include(words[i]!, i)) count += deletionCount(Math.min(words[i]!.length, prefixLength), maxDistance);
    }
    const keys = new Float64Array(count);
    let n = 0;
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      if (!include(w, i)) continue;
      forEachDeletionHash(w.slice(0, prefixLength), maxDistance, (h) => {
        keys[n++] = h * INDEX_SPAN + i;
      });
    }
    keys.sort();
    // Deleting either of two equal neighbours ("aab") gives the same string: keep one key.
    let m = 0;
    for (let k = 0; k < n; k++) if (m === 0 || keys[k] !== keys[m - 1]) keys[m++] = keys[k]!;
    this.keys = keys.slice(0, m);
  }

  /** The sorted key table, to rebuild the dictionary elsewhere with fromKeys (index-transfer.ts). */
  get keyTable(): Float64Array {
    return this.keys;
  }

  /** A dictionary over `words` from a key table built by another instance with the same settings. */
  static fromKeys(words: readonly string[], keys: Float64Array, maxDistance: number, prefixLength: number): FuzzyDictionary {
    return new FuzzyDictionary(words, maxDistance, prefixLength, () => true, keys);
  }

  get size(): number {
    return this.keys.length;
  }

  /** Entries within `maxDistance` edits of `query` (≤ the distance built for), nearest first. */
  lookup(query: string, maxDistance: number): FuzzyMatch[] {
    const max = Math.min(maxDistance, this.maxDistance);
    const hashes = new Set<number>();
    forEachDeletionHash(query.slice(0, this.prefixLength), max, (h) => hashes.add(h));
    const seen = new Set<number>();
    const out: FuzzyMatch[] = [];
    for (const h of hashes) {
      const lo = h * INDEX_SPAN;
      for (let k = lowerBound(this.keys, lo); k < this.keys.length && this.keys[k]! < lo + INDEX_SPAN; k++) {
        const index = this.keys[k]! - lo;
        if (seen.has(index)) continue;
        seen.add(index);
        const distance = osaDistance(query, this.words[index]!, max);
        if (distance <= max) out.push({ index, distance });
      }
    }
    return out.sort((a, b) => a.distance - b.distance || a.index - b.index);
  }
}

function deletionCount(length: number, maxDistance: number): number {
  let total = 1;
  if (maxDistance >= 1) total += length;
  if (maxDistance >= 2) total += (length * (length - 1)) / 2;
  return total;
}

/** FNV-1a over the string with the characters at positions skipA and skipB left out. */
function hashWithout(s: string, skipA: number, skipB: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    if (i === skipA || i === skipB) continue;
    h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  }
  return (h >>> 0) & HASH_MASK;
}

function forEachDeletionHash(s: string, maxDistance: number, emit: (hash: number) => void): void {
  const n = s.length;
  emit(hashWithout(s, -1, -1));
  if (maxDistance < 1) return;
  for (let j = 0; j < n; j++) emit(hashWithout(s, j, -1));
  if (maxDistance < 2) return;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) emit(hashWithout(s, i, j));
}

function lowerBound(a: Float64Array, value: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
