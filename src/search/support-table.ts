import { gallop } from './list-ops.js';

/**
 * Per fact: how many of a query's context groups (its names, its whole words, each typo's
 * candidate readings) hold it. Built once per query in one pass over the groups' lists, so that
 * ranking a typo's candidates by context reads one counter per doc of the candidate's list instead
 * of galloping through every list of every other group for each doc (at 1M facts, four typos with
 * 48 readings each made that millions of searches a query).
 *
 * The buffers are shared by every query of one size (a search runs to completion before the next
 * starts); generation tags make stale counts read as zero, so nothing is cleared between queries.
 */
export class SupportTable {
  private readonly groupTag: Uint32Array;
  private readonly countTag: Uint32Array;
  private readonly counts: Uint8Array;
  private token = 0;
  private query = 0;
  /** Groups too long to count doc by doc (a common name, a frequent word): probed per doc instead. */
  private probed: readonly (readonly Int32Array[])[] = [];

  constructor(readonly size: number) {
    this.groupTag = new Uint32Array(size);
    this.countTag = new Uint32Array(size);
    this.counts = new Uint8Array(size);
  }

  /**
   * Counts `groups` afresh: a doc counts once per group, however many of the group's lists hold
   * it. A group that is one list longer than `probeAbove` docs is not walked but probed for each
   * doc best() reads, so the cost follows the candidates' lists, not a name in a quarter of the facts.
   */
  count(all: readonly (readonly Int32Array[])[], probeAbove: number): void {
    // Only a lone long list is probed: a group of many lists (a typo's readings) probed per doc
    // would cost a search per list per doc again, where counting it costs one pass.
    const probe = (g: readonly Int32Array[]): boolean => g.length === 1 && g[0]!.length > probeAbove;
    const groups = all.filter((g) => !probe(g));
    this.probed = all.filter(probe);
    if (this.token + groups.length + 2 >= 0xfffffff0) {
      this.groupTag.fill(0);
      this.countTag.fill(0);
      this.token = 0;
    }
    this.query = ++this.token;
    const { groupTag, countTag, counts, query } = this;
    for (const group of groups) {
      const tag = ++this.token;
      for (const list of group) {
        for (let k = 0; k < list.length; k++) {
          const doc = list[k]!;
          if (groupTag[doc] === tag) continue;
          groupTag[doc] = tag;
          if (countTag[doc] !== query) {
            countTag[doc] = query;
            counts[doc] = 0;
          }
          // Saturates: more than 255 groups is never asked for (8 ranked terms and 6 names).
          if (counts[doc]! < 255) counts[doc]!++;
        }
      }
    }
  }

  /** The most groups any doc of `list` is in, since the last count(). */
  best(list: Int32Array, cap: number): number {
    return this.bestOf(list, undefined, cap);
  }

  /**
   * The same for a list too long to walk: only its docs that one of `within`'s lists holds (a
   * small group every doc that counts for it must be in), found by galloping in `list`.
   */
  bestWithin(list: Int32Array, within: readonly Int32Array[], cap: number): number {
    let best = 0;
    for (const small of within) best = Math.max(best, this.bestOf(small, list, cap));
    return best;
  }

  private bestOf(docs: Int32Array, member: Int32Array | undefined, cap: number): number {
    const { countTag, counts, query, probed } = this;
    const cursors = probed.map((g) => g.map(() => 0));
    let from = 0;
    let best = 0;
    for (let k = 0; k < docs.length && best < cap; k++) {
      const doc = docs[k]!;
      if (member !== undefined) {
        from = gallop(member, doc, from);
        if (from >= member.length) break;
        if (member[from] !== doc) continue;
      }
      let got = countTag[doc] === query ? counts[doc]! : 0;
      for (let g = 0; g < probed.length; g++) {
        const lists = probed[g]!;
        let hit = false;
        for (let l = 0; l < lists.length; l++) {
          const at = gallop(lists[l]!, doc, cursors[g]![l]!);
          cursors[g]![l] = at;
          if (lists[l]![at] === doc) hit = true;
        }
        if (hit) got++;
      }
      if (got > best) best = got;
    }
    return best;
  }
}

let shared: SupportTable | undefined;

/** The table for an index of `size` facts (one kept: a process serves one corpus at a time, mostly). */
export function supportTable(size: number): SupportTable {
  if (shared?.size !== size) shared = new SupportTable(size);
  return shared;
}
