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

/** Collects (doc, key) pairs in ascending doc order, then lays them out as Postings. */
export class PostingsBuilder {
  private readonly ids = new Map<string, number>();
  private readonly keys: string[] = [];
  private pairsDoc = new Int32Array(1024);
  private pairsKey = new Int32Array(1024);
  private pairsWeight = new Float32Array(1024);
  private length = 0;
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
      this.pairsWeight[this.lastPair[id]!]! += weight;
      return;
    }
    this.lastDoc[id] = doc;
    if (this.length === this.pairsDoc.length) {
      const d = new Int32Array(this.length * 2);
      d.set(this.pairsDoc);
      this.pairsDoc = d;
      const k = new Int32Array(this.length * 2);
      k.set(this.pairsKey);
      this.pairsKey = k;
      const w = new Float32Array(this.length * 2);
      w.set(this.pairsWeight);
      this.pairsWeight = w;
    }
    this.pairsDoc[this.length] = doc;
    this.pairsKey[this.length] = id;
    this.pairsWeight[this.length] = weight;
    this.lastPair[id] = this.length;
    this.length++;
  }

  addKey(doc: number, key: string): void {
    this.add(doc, this.keyId(key));
  }

  /**
   * The lists. `order` (doc → the number each doc was added under, a permutation): the pairs were
   * added under other numbers (a fact's position in the file, read in order, which is far quicker
   * at 1M facts than jumping through memory in importance order) and are renumbered to docs, each
   * list ascending again.
   */
  build(order?: Int32Array): Postings {
    const start = new Int32Array(this.keys.length + 1);
    for (let i = 0; i < this.length; i++) start[this.pairsKey[i]! + 1]!++;
    for (let k = 0; k < this.keys.length; k++) start[k + 1]! += start[k]!;
    const fill = start.slice(0, this.keys.length);
    const docs = new Int32Array(this.length);
    const weights = new Float32Array(this.length);
    const put = (i: number, doc: number): void => {
      const at = fill[this.pairsKey[i]!]!++;
      docs[at] = doc;
      weights[at] = this.pairsWeight[i]!;
    };
    if (order === undefined) {
      for (let i = 0; i < this.length; i++) put(i, this.pairsDoc[i]!);
    } else {
      // Where each added number's pairs start (they were added in ascending order).
      const first = new Int32Array(order.length + 1);
      for (let i = 0; i < this.length; i++) first[this.pairsDoc[i]! + 1]!++;
      for (let k = 0; k < order.length; k++) first[k + 1]! += first[k]!;
      for (let doc = 0; doc < order.length; doc++) {
        const was = order[doc]!;
        for (let i = first[was]!; i < first[was + 1]!; i++) put(i, doc);
      }
    }
    return new Postings(this.keys, this.ids, start, docs, weights);
  }
}
