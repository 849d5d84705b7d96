import type { ErrorCode } from '../errors.js';
import type { FactStoreDescriptor } from '../factbase/fact-store.js';
import type { WireHead } from './head-wire.js';

/**
 * store: which fact store to load (the worker opens it itself); chunkFacts: facts per frame,
 * few enough that deserializing one on the main thread takes a few ms; cacheDir: the corpus
 * cache (corpus-cache.ts, file store only), or none; keepFacts: a store that tells what changed
 * (PostgreSQL) is kept on the worker up to this many facts, so the next load reads only the
 * changes. `taken`: the main thread took one frame.
 */
export type ToWorker = { type: 'load'; store: FactStoreDescriptor; chunkFacts: number; keepFacts: number; cacheDir?: string } | { type: 'taken' };

export type FromWorker =
  /** A frame of facts (a JSON array), in file order, sent while the store is read. */
  | { type: 'facts'; json: string }
  /** Forget the frames sent so far: the load starts over (a corrupt cache, a file read again whole). */
  | { type: 'reset' }
  /** Last: the fact base less its facts and the packed index, in their wire form (head-wire.ts). */
  | ({ type: 'head'; version: string; factCount: number; cache: string } & Omit<WireHead, 'transfer'>)
  /** The corpus cache could not be written (the load itself succeeded). */
  | { type: 'cache-error'; message: string }
  | { type: 'error'; code: ErrorCode; params: unknown }
  | { type: 'error'; message: string };
