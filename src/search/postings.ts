/**
 * Posting lists in one flat Int32Array (compressed sparse rows): no per-list or per-entry
 * objects, which is what keeps a million-fact index in a few hundred MB and quick to build.
 * Doc ids in each list are ascending. `weights`, parallel to the docs, holds what was added per
 * (doc, key) — the index turns term frequencies into BM25F impacts in place.
 */
export class Postings {
  constructor(
    readonly keys: readonly string[],
    private readonly ids: ReadonlyMap<string, number>,
    /** List `id` is docs[start[id]] … docs[start[id + 1] - 1]. Public for index-transfer.ts. */
    readonly start: Int32Array,
    readonly docs: Int32Array,
    readonly weights: Float32Array,
  ) {}

  /** Where list `id` starts in the flat arrays (its weights are weights[offset(id) + k]). */
  offset(id: number): number {
    return this.start[id]!;
  }

  id(key: string): number | undefined {
    return this.ids.get(key);
  }

  count(id: number): number {
    return this.start[id + 1]! - this.start[id]!;
  }

  countOf(key: string): number {
    const id = this.ids.get(key);
    return id === undefined ? 0 : this.count(id);
  }

  /** The docs of list `id` as a view (no copy). */
  list(id: number): Int32Array {
    return this.docs.subarray(this.start[id]!, this.start[id + 1]!);
  }

  listOf(key: string): Int32Array {
    const id = this.ids.get(key);
    return id === undefined ? new Int32Array(0) : this.list(id);
  }

  get bytes(): number {
    return this.start.byteLength + this.docs.byteLength + this.weights.byteLength;
  }
}

/** Pairs per storage block: the pairs grow a block at a time, never copied to a doubled array. */
const BLOCK_SHIFT = 16;
const BLOCK = 1 << BLOCK_SHIFT;
const MASK = BLOCK - 1;

/**
 * Collects (doc, key) pairs in ascending doc order, then lays them out as Postings. Pairs are kept
 * in fixed blocks with where each doc's pairs begin, not a doc per pair: at 1M generated facts
 * (~24M pairs) a doubling array of (doc, key, weight) held up to twice the pairs, and both the old
 * and the new arrays while it grew (~0.6 GB), beside the index being built from them.
 */
export class PostingsBuilder {
  private readonly ids = new Map<string, number>();
  private readonly keys: string[] = [];
  private readonly keyBlocks: Int32Array[] = [];
  private readonly weightBlocks: Float32Array[] = [];
  private length = 0;
  /** docFirst[d]: the first pair of doc d; for every doc up to the last one added, plus one past. */
  private docFirst = new Int32Array(1024);
  private docs = 0;
  private lastDoc = new Int32Array(256).fill(-1);
  private lastPair = new Int32Array(256);

  /** The key's id, creating it: lets hot loops cache ids instead of hashing strings twice. */
  keyId(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.keys.length;
      this.ids.set(key, id);
      this.keys.push(key);
      if (id >= this.lastDoc.length) {
        const grown = new Int32Array(this.lastDoc.length * 2).fill(-1);
        grown.set(this.lastDoc);
        this.lastDoc = grown;
        const pairs = new Int32Array(this.lastPair.length * 2);
        pairs.set(this.lastPair);
        this.lastPair = pairs;
      }
    }
    return id;
  }

  /**
   * Adds doc to list `id` with `weight`; a doc added twice to the same list is one entry whose
   * weights add up (a word said twice). Docs must not decrease.
   */
  add(doc: number, id: number, weight = 1): void {
    if (this.lastDoc[id] === doc) {
      const at = this.lastPair[id]!;
      this.weightBlocks[at >>> BLOCK_SHIFT]![at & MASK]! += weight;
      return;
    }
    this.lastDoc[id] = doc;
    this.reach(doc + 1);
    const at = this.length;
    if ((at & MASK) === 0) {
      this.keyBlocks.push(new Int32Array(BLOCK));
      this.weightBlocks.push(new Float32Array(BLOCK));
    }
    this.keyBlocks[at >>> BLOCK_SHIFT]![at & MASK] = id;
    this.weightBlocks[at >>> BLOCK_SHIFT]![at & MASK] = weight;
    this.lastPair[id] = at;
    this.length++;
    this.docFirst[this.docs] = this.length;
  }

  addKey(doc: number, key: string): void {
    this.add(doc, this.keyId(key));
  }

  /** Docs up to `count - 1` exist (those not added to have no pairs); docFirst[count] is the end. */
  private reach(count: number): void {
    if (count <= this.docs) return;
    if (count + 1 > this.docFirst.length) {
      const grown = new Int32Array(Math.max(count + 1, this.docFirst.length * 2));
      grown.set(this.docFirst);
      this.docFirst = grown;
    }
    for (let d = this.docs + 1; d <= count; d++) this.docFirst[d] = this.length;
    this.docs = count;
  }

  /**
   * The lists. `order` (doc → the number each doc was added under, a permutation): the pairs were
   * added under other numbers (a fact's position in the file, read in order, which is far quicker
   * at 1M facts than jumping through memory in importance order) and are renumbered to docs, each
   * list ascending again. The builder is spent.
   */
  build(order?: Int32Array): Postings {
    const keyCount = this.keys.length;
    const start = new Int32Array(keyCount + 1);
    for (let b = 0; b < this.keyBlocks.length; b++) {
      const block = this.keyBlocks[b]!;
      const used = Math.min(BLOCK, this.length - b * BLOCK);
      for (let j = 0; j < used; j++) start[block[j]! + 1]!++;
    }
    for (let k = 0; k < keyCount; k++) start[k + 1]! += start[k]!;
    const fill = start.slice(0, keyCount);
    const docs = new Int32Array(this.length);
    const weights = new Float32Array(this.length);
    const putDoc = (was: number, doc: number): void => {
      if (was >= this.docs) return;
      for (let i = this.docFirst[was]!, end = this.docFirst[was + 1]!; i < end; i++) {
        const b = i >>> BLOCK_SHIFT;
        const j = i & MASK;
        const at = fill[this.keyBlocks[b]![j]!]!++;
        docs[at] = doc;
        weights[at] = this.weightBlocks[b]![j]!;
      }
    };
    if (order === undefined) for (let doc = 0; doc < this.docs; doc++) putDoc(doc, doc);
    else for (let doc = 0; doc < order.length; doc++) putDoc(order[doc]!, doc);
    // Spent: the pairs go now, before the next list is laid out beside them.
    this.keyBlocks.length = 0;
    this.weightBlocks.length = 0;
    this.length = 0;
    this.docs = 0;
    return new Postings(this.keys, this.ids, start, docs, weights);
  }
}
