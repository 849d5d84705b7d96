import type { ErrorCode } from '../errors.js';
import type { FactStoreDescriptor } from '../factbase/fact-store.js';
import type { FactBaseData } from '../factbase/schema.js';
import type { PackedSearchIndex } from '../search/index-transfer.js';

/**
 * store: which fact store to load (the worker opens it itself); chunkFacts: facts per message,
 * small enough that parsing one slice on the main thread takes a few ms; cacheDir: the corpus
 * cache (corpus-cache.ts, file store only), or none.
 */
export type ToWorker = { type: 'load'; store: FactStoreDescriptor; chunkFacts: number; cacheDir?: string } | { type: 'next' };

export type FromWorker =
  | { type: 'head'; version: string; rest: Omit<FactBaseData, 'facts'>; factCount: number; index: PackedSearchIndex; cache: string }
  /** The corpus cache could not be written (the load itself succeeded). */
  | { type: 'cache-error'; message: string }
  | { type: 'facts'; json: string }
  | { type: 'done' }
  | { type: 'error'; code: ErrorCode; params: unknown }
  | { type: 'error'; message: string };
