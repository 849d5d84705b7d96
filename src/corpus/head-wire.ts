import type { PackedSearchIndex } from '../search/index-transfer.js';
import type { CorpusRest } from './corpus-cache.js';

/**
 * The worker's "head" message as it crosses threads. A structured clone of tens of thousands of
 * small strings and pairs (a 100k-fact index has ~44k words, each a key and a surface pair, plus
 * 5,000 article records) is deserialized in one event-loop turn on the receiving side: measured
 * 32 ms for the word keys, 12 ms for the surface pairs and 6–24 ms for the rest, together one
 * ~50 ms stall with several scavenges in it. Sent instead as a few long strings (one copy each)
 * and typed arrays (moved), and split back on the main thread a step at a time.
 */
const POSTINGS = ['terms', 'entities', 'context', 'topics', 'articles'] as const;
type PostingName = (typeof POSTINGS)[number];
type PackedPostings = PackedSearchIndex[PostingName];

/** Words never hold U+0000, so it separates them. */
const SEP = '\u0000';
/** Surface pairs made per step (a few ms of work). */
const PAIR_SLICE = 5000;

interface WireList {
  text: string;
  count: number;
}

export type WirePostings = Omit<PackedPostings, 'keys'> & { keys: WireList };

export type WireIndex = Omit<PackedSearchIndex, PostingName | 'surface'> & { [K in PostingName]: WirePostings } & {
  surfaceWords: WireList;
  surfaceIds: Int32Array;
};

export interface WireHead {
  restJson: string;
  index: WireIndex;
  /** Buffers made for the wire (beside the index's own), to move with the message. */
  transfer: ArrayBuffer[];
}

const toList = (items: readonly string[]): WireList => ({ text: items.join(SEP), count: items.length });

function fromList(list: WireList): string[] {
  // ''.split(SEP) is [''], one empty key: the count tells the two apart.
  return list.count === 0 ? [] : list.text.split(SEP);
}

export function toWire(rest: CorpusRest, index: PackedSearchIndex): WireHead {
  const { surface, terms, entities, context, topics, articles, ...plain } = index;
  const wirePostings = (p: PackedPostings): WirePostings => ({ ...p, keys: toList(p.keys) });
  const surfaceIds = Int32Array.from(surface, ([, id]) => id);
  return {
    restJson: JSON.stringify(rest),
    index: {
      ...plain,
      terms: wirePostings(terms),
      entities: wirePostings(entities),
      context: wirePostings(context),
      topics: wirePostings(topics),
      articles: wirePostings(articles),
      surfaceWords: toList(surface.map(([w]) => w)),
      surfaceIds,
    },
    transfer: [surfaceIds.buffer as ArrayBuffer],
  };
}

/** The rest and the packed index again, one list per step; the caller may yield between steps. */
export function* fromWireSteps(head: Omit<WireHead, 'transfer'>): Generator<void, { rest: CorpusRest; index: PackedSearchIndex }> {
  const rest = JSON.parse(head.restJson) as CorpusRest;
  yield;
  const { surfaceWords, surfaceIds, terms, entities, context, topics, articles, ...plain } = head.index;
  const postings = {} as Record<PostingName, PackedPostings>;
  for (const [name, p] of [
    ['terms', terms],
    ['entities', entities],
    ['context', context],
    ['topics', topics],
    ['articles', articles],
  ] as const) {
    postings[name] = { ...p, keys: fromList(p.keys) };
    yield;
  }
  const words = fromList(surfaceWords);
  if (words.length !== surfaceIds.length) throw new RangeError(`surface: ${words.length} words but ${surfaceIds.length} ids`);
  yield;
  const surface: [string, number][] = [];
  for (let i = 0; i < words.length; i++) {
    surface.push([words[i]!, surfaceIds[i]!]);
    if ((i + 1) % PAIR_SLICE === 0) yield;
  }
  return { rest, index: { ...plain, ...postings, surface } };
}
