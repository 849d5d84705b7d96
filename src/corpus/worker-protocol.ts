import type { ErrorCode } from '../errors.js';
import type { FactBaseData } from '../factbase/schema.js';
import type { PackedSearchIndex } from '../search/index-transfer.js';

/**
 * chunkFacts: facts per message, small enough that parsing one slice on the main thread takes a
 * few ms. cacheDir: the corpus cache (corpus-cache.ts), or none.
 */
export type ToWorker = { type: 'load'; file: string; chunkFacts: number; cacheDir?: string } | { type: 'next' };

export type FromWorker =
  | { type: 'head'; rest: Omit<FactBaseData, 'facts'>; factCount: number; index: PackedSearchIndex; cache: string }
  /** The corpus cache could not be written (the load itself succeeded). */
  | { type: 'cache-error'; message: string }
  | { type: 'facts'; json: string }
  | { type: 'done' }
  | { type: 'error'; code: ErrorCode; params: unknown }
  | { type: 'error'; message: string };
