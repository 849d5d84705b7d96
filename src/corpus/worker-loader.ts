import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import type { Corpus } from '../brief/corpus.js';
import type { Logger } from '../logger.js';
import { BriefbotError } from '../errors.js';
import type { FactStoreDescriptor } from '../factbase/fact-store.js';
import { createFactInterner } from '../factbase/intern.js';
import type { Fact } from '../factbase/schema.js';
import { runStepsPaced } from '../search/searcher.js';
import { corpusOfPartsPaced, STREAM_DEFAULTS } from './cached-load.js';
import { factsOfFrame } from './corpus-cache.js';
import { fromWireSteps } from './head-wire.js';
import { workerEntryUrl } from './in-flight.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

export const WORKER_LOAD_DEFAULTS = {
  /**
   * Facts per frame. Parsing 250 facts' JSON takes a few ms on a shared 2-core machine, so the
   * main thread keeps answering between frames; one structured clone of 100k facts took 2.3 s.
   */
  chunkFacts: STREAM_DEFAULTS.frameFacts,
  /**
   * A fact base of at most this many facts (PostgreSQL) is kept on the worker after a load, so the
   * next load reads only what changed and applies it; a bigger one is streamed whole again on each
   * change, never held on the worker beside the serving thread's copy (at 1M facts the kept copy
   * took the process past 2 GB). 150k facts held are ~140 MB.
   */
  keepFacts: 150_000,
} as const;

export interface LoadedCorpus {
  corpus: Corpus;
  version: string;
}

export interface WorkerLoadOptions {
  chunkFacts?: number;
  keepFacts?: number;
  /** The corpus cache directory (see corpus-cache.ts); unset: every load builds from the file. */
  cacheDir?: string;
  /** Told whether each load came from the cache, and when the cache could not be written. */
  logger?: Logger;
}

/**
 * Loads the fact store's current version into Corpora with the slow parts in a worker thread: reading, JSON
 * parsing, zod validation and building the search index (seconds at 100k facts). The worker
 * sends the facts in frames of JSON as it reads them and keeps none (see SearchIndexBuilder);
 * the main thread parses one frame per event-loop turn, so requests keep being answered, and
 * takes the index over a step at a time once the last frame is in. No thread holds the facts
 * twice. A load of a file that does not validate rejects with the worker's BriefbotError
 * (FACTBASE_*), and the frames taken so far are dropped.
 *
 * The worker lives as long as the loader: ending a worker joins its thread on the main thread,
 * and tearing down a heap that just held 100k facts blocked the event loop ~165 ms (measured).
 */
export class WorkerCorpusLoader {
  private worker: Worker | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: WorkerLoadOptions = {}) {}

  /** Loads run one after another. The result says which store version it is of. */
  load(store: FactStoreDescriptor): Promise<LoadedCorpus> {
    const run = this.queue.then(
      () => this.run(store),
      () => this.run(store),
    );
    this.queue = run.catch(() => undefined);
    return run;
  }

  close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    return w ? w.terminate().then(() => undefined) : Promise.resolve();
  }

  private spawn(): Worker {
    const w = new Worker(workerEntryUrl('load-worker', import.meta.url));
    // Idle between loads: it must not keep the process alive.
    w.unref();
    w.on('exit', () => {
      if (this.worker === w) this.worker = undefined;
    });
    this.worker = w;
    return w;
  }

  private run(store: FactStoreDescriptor): Promise<LoadedCorpus> {
    const worker = this.worker ?? this.spawn();
    const chunkFacts = this.options.chunkFacts ?? WORKER_LOAD_DEFAULTS.chunkFacts;
    return new Promise<LoadedCorpus>((resolve, reject) => {
      let facts: Fact[] = [];
      let byId = new Map<string, Fact>();
      let intern = createFactInterner();
      let taking = true;
      const post = (m: ToWorker) => worker.postMessage(m);
      const finish = (err: Error | undefined, corpus?: LoadedCorpus) => {
        taking = false;
        worker.unref();
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (err) reject(err);
        else resolve(corpus!);
      };
      /** This side failed mid-load: the worker may still be sending frames nobody takes, so it goes. */
      const abandon = (err: Error) => {
        if (this.worker === worker) this.worker = undefined;
        void worker.terminate();
        finish(err);
      };
      const onError = (err: Error) => abandon(err);
      const onExit = (code: number) => finish(new Error(`fact base worker exited (code ${code}) before it finished`));
      const onMessage = (m: FromWorker) => {
        if (!taking) return;
        try {
          if (m.type === 'error') {
            finish('code' in m ? new BriefbotError(m.code, m.params as never) : new Error(`fact base worker failed: ${m.message}`));
          } else if (m.type === 'cache-error') {
            this.options.logger?.warn({ store: store.kind, err: m.message }, 'corpus cache not written');
          } else if (m.type === 'facts') {
            // Each frame is its own message event, so requests run between two frames.
            for (const read of factsOfFrame(m.json)) {
              const f = intern(read);
              facts.push(f);
              byId.set(f.id, f);
            }
            post({ type: 'taken' });
          } else if (m.type === 'reset') {
            facts = [];
            byId = new Map();
            intern = createFactInterner();
          } else {
            taking = false;
            this.options.logger?.info({ store: store.kind, cache: m.cache }, m.cache === 'hit' ? 'fact base loaded from the corpus cache' : 'fact base loaded from the store');
            if (facts.length !== m.factCount) throw new Error(`fact base worker sent ${facts.length} of ${m.factCount} facts`);
            // Taken over a step at a time: requests run between the steps.
            const pause = () => yieldToEventLoop();
            runStepsPaced(fromWireSteps(m), pause)
              .then(({ rest, index }) => corpusOfPartsPaced(rest, facts, index, byId, pause))
              .then(
                (corpus) => finish(undefined, { corpus, version: m.version }),
                (err: unknown) => finish(err instanceof Error ? err : new Error(String(err))),
              );
          }
        } catch (err) {
          abandon(err instanceof Error ? err : new Error(String(err)));
        }
      };
      // Held while a load runs (a pending promise alone would let the process exit mid-load).
      worker.ref();
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      post({ type: 'load', store, chunkFacts, keepFacts: this.options.keepFacts ?? WORKER_LOAD_DEFAULTS.keepFacts, ...(this.options.cacheDir === undefined ? {} : { cacheDir: this.options.cacheDir }) });
    });
  }
}
