import type { ErrorCode } from '../errors.js';
import type { FactBaseData } from '../factbase/schema.js';
import type { PackedSearchIndex } from '../search/index-transfer.js';

/** What worker-loader.ts passes to load-worker.ts as workerData. */
export interface WorkerInput {
  file: string;
  /** Facts per message: small enough that parsing one slice on the main thread takes a few ms. */
  chunkFacts: number;
}

export type ToWorker = { type: 'next' };

export type FromWorker =
  | { type: 'head'; rest: Omit<FactBaseData, 'facts'>; factCount: number; index: PackedSearchIndex }
  | { type: 'facts'; json: string }
  | { type: 'done' }
  | { type: 'error'; code: ErrorCode; params: unknown }
  | { type: 'error'; message: string };
