import type { Corpus } from '../brief/corpus.js';
import type { Logger } from '../logger.js';
import { WatchedFactBase } from '../factbase/watch.js';
import { WorkerCorpusLoader, type WorkerLoadOptions } from './worker-loader.js';

export interface WatchedCorpusOptions extends WorkerLoadOptions {
  logger: Logger;
  debounceMs?: number;
  pollMs?: number;
}

/**
 * The composition of the two layers below it: factbase/watch.ts follows the file, this module
 * loads each version into a Corpus (fact base + search index) in a worker thread. The result is a
 * CorpusSource: `current()` is the last good corpus.
 */
export function openWatchedCorpus(file: string, options: WatchedCorpusOptions): Promise<WatchedFactBase<Corpus>> {
  const loader = new WorkerCorpusLoader({
    logger: options.logger,
    ...(options.chunkFacts === undefined ? {} : { chunkFacts: options.chunkFacts }),
    ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
  });
  return WatchedFactBase.open<Corpus>(file, {
    logger: options.logger,
    load: (f) => loader.load(f),
    dispose: () => void loader.close(),
    describe: (c) => ({ facts: c.fb.facts.length, articles: c.fb.articles.size }),
    ...(options.debounceMs === undefined ? {} : { debounceMs: options.debounceMs }),
    ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
  });
}
