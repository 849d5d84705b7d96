import { Worker } from 'node:worker_threads';
import { FactBase } from '../factbase/factbase.js';
import type { Fact } from '../factbase/schema.js';
import { resolveSearchConfig, type SearchConfig } from '../search/defaults.js';
import { SearchIndexBuilder } from '../search/index-builder.js';
import { packSearchIndex, type PackedSearchIndex } from '../search/index-transfer.js';
import { indexLookups, type SearchIndex } from '../search/search-index.js';
import { prebuiltSearcherParts } from '../search/searcher.js';
import type { CorpusRest } from './corpus-cache.js';
import { factsOfFrame } from './corpus-cache.js';
import { InFlight, workerEntryUrl } from './in-flight.js';
import type { FromIndexer, ToIndexer } from './index-worker-protocol.js';

/**
 * One slice of facts on its way out of a load, in file order, as JSON: made at most once, by
 * whichever asks first (the corpus cache, the index worker, the thread it is handed to). `facts`
 * is there when the load has them as objects (a build), not when it read the cache. JSON, not
 * v8.serialize: on 100k generated facts JSON.parse took 1.2 s where v8.deserialize took 1.7 s,
 * and its objects held 837 bytes of heap a fact where deserialized ones held 1,199.
 */
export interface FactFrame {
  json(): string;
  facts?: readonly Fact[];
}

/**
 * Where a streamed load's facts are indexed, a frame at a time in file order: on the thread that
 * reads them, or on a worker of its own while the reader goes on reading and validating. Either
 * gives the same index (the same builder, the same facts in the same order).
 */
export interface FactIndexer {
  /** A new index over `rest`'s articles, entities and topics: before the first frame, and again when the read starts over. */
  start(rest: CorpusRest): void;
  add(frame: FactFrame): void;
  /** Awaited between reads: holds the read back while the indexer is behind; rejects once it has failed. */
  drain(): Promise<void>;
  /** The packed index over the frames added since `start`. */
  finish(): Promise<PackedSearchIndex>;
  /** Lets go of what it holds; called on every path, after `finish` or instead of it. */
  close(): Promise<void>;
}

/** A built index packed to move to another thread, with the searcher's prebuilt tables: built where it is built, not on the serving thread. */
export function packBuilt(fb: FactBase, built: SearchIndex, config: SearchConfig): PackedSearchIndex {
  return { ...packSearchIndex(built).packed, searcher: prebuiltSearcherParts(fb, built, config) };
}

/** Indexes on the calling thread: a small fact base, where a worker's start-up would cost more than it saves. */
export function threadIndexer(): FactIndexer {
  const config = resolveSearchConfig();
  let fb: FactBase | undefined;
  let builder: SearchIndexBuilder | undefined;
  return {
    start(rest) {
      fb = new FactBase({ ...rest, facts: [] });
      builder = new SearchIndexBuilder(indexLookups(fb), config);
    },
    add(frame) {
      for (const f of frame.facts ?? factsOfFrame(frame.json())) builder!.add(f);
    },
    drain: () => Promise.resolve(),
    finish: () => Promise.resolve(packBuilt(fb!, builder!.build([]), config)),
    close() {
      fb = undefined;
      builder = undefined;
      return Promise.resolve();
    },
  };
}

/**
 * Frames sent to the index worker and not yet indexed before the read waits: enough that it never
 * waits for the next, few enough (~4 MB of JSON) that they do not pile up when it is behind.
 */
const FRAMES_IN_FLIGHT = 16;

/**
 * Indexes on a worker of its own (index-worker.ts), which parses each frame's JSON (the same JSON
 * that goes to the serving thread and the cache) and adds its facts, while this thread reads and
 * validates the next. On 2 cores that splits a load's two halves: profiled at 1M facts, reading,
 * JSON and zod were ~45% of the work and indexing ~40%.
 */
export function workerIndexer(): FactIndexer {
  const worker = new Worker(workerEntryUrl('index-worker', import.meta.url));
  const inFlight = new InFlight(FRAMES_IN_FLIGHT);
  let failure: Error | undefined;
  let built: { resolve: (index: PackedSearchIndex) => void; reject: (e: Error) => void } | undefined;
  const fail = (e: Error) => {
    failure ??= e;
    inFlight.fail(failure);
    built?.reject(failure);
  };
  const post = (m: ToIndexer) => worker.postMessage(m);
  worker.on('message', (m: FromIndexer) => {
    if (m.type === 'taken') inFlight.taken();
    else if (m.type === 'index') built?.resolve(m.index);
    else fail(new Error(`index worker failed: ${m.message}`));
  });
  worker.on('error', (e) => fail(e));
  worker.on('exit', (code) => fail(new Error(`index worker exited (code ${code}) before it finished`)));
  return {
    start(rest) {
      // Frames of a read that started over still in flight are indexed before this, then dropped: their acks still count.
      post({ type: 'start', rest });
    },
    add(frame) {
      inFlight.sent();
      post({ type: 'facts', json: frame.json() });
    },
    drain: () => inFlight.wait(),
    finish() {
      if (failure) return Promise.reject(failure);
      return new Promise<PackedSearchIndex>((resolve, reject) => {
        built = { resolve, reject };
        post({ type: 'finish' });
      });
    },
    async close() {
      // Its heap (the builder's pairs) goes with it; ending it joins its thread here, not on the serving thread.
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}
