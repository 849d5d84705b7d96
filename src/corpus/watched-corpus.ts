import type { Corpus } from '../brief/corpus.js';
import type { FactStore } from '../factbase/fact-store.js';
import type { Logger } from '../logger.js';
import { WatchedFactBase } from '../factbase/watch.js';
import { WorkerCorpusLoader, type WorkerLoadOptions } from './worker-loader.js';

export interface WatchedCorpusOptions extends WorkerLoadOptions {
  logger: Logger;
  debounceMs?: number;
  pollMs?: number;
}

/**
 * The composition of the two layers below it: factbase/watch.ts follows the fact store (file or
 * PostgreSQL), this module loads each version into a Corpus (fact base + search index) in a worker
 * thread, which opens the same store from its descriptor. The result is a
 * CorpusSource: `current()` is the last good corpus.
 */
export function openWatchedCorpus(store: FactStore, options: WatchedCorpusOptions): Promise<WatchedFactBase<Corpus>> {
  const loader = new WorkerCorpusLoader({
    logger: options.logger,
    ...(options.chunkFacts === undefined ? {} : { chunkFacts: options.chunkFacts }),
    ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
  });
  return WatchedFactBase.open<Corpus>(store, {
    logger: options.logger,
    load: async () => {
      const { corpus, version } = await loader.load(store.descriptor);
      return { value: corpus, version };
    },
    dispose: () => void loader.close(),
    describe: (c) => ({ facts: c.fb.facts.length, articles: c.fb.articles.size }),
    ...(options.debounceMs === undefined ? {} : { debounceMs: options.debounceMs }),
    ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
  });
}
