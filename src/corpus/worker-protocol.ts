import type { ErrorCode } from '../errors.js';
import type { FactStoreDescriptor } from '../factbase/fact-store.js';
import type { WireHead } from './head-wire.js';

/**
 * store: which fact store to load (the worker opens it itself); chunkFacts: facts per message,
 * small enough that parsing one slice on the main thread takes a few ms; cacheDir: the corpus
 * cache (corpus-cache.ts, file store only), or none.
 */
export type ToWorker = { type: 'load'; store: FactStoreDescriptor; chunkFacts: number; cacheDir?: string } | { type: 'next' };

export type FromWorker =
  /** The fact base less its facts and the packed index, in their wire form (head-wire.ts). */
  | ({ type: 'head'; version: string; factCount: number; cache: string } & Omit<WireHead, 'transfer'>)
  /** The corpus cache could not be written (the load itself succeeded). */
  | { type: 'cache-error'; message: string }
  | { type: 'facts'; json: string }
  | { type: 'done' }
  | { type: 'error'; code: ErrorCode; params: unknown }
  | { type: 'error'; message: string };
