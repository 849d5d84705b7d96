import type { PackedSearchIndex } from '../search/index-transfer.js';
import type { CorpusRest } from './corpus-cache.js';

/** start: a new index over the rest (articles, entities, topics); facts: a frame (a JSON array) in file order; finish: build it. */
export type ToIndexer = { type: 'start'; rest: CorpusRest } | { type: 'facts'; json: string } | { type: 'finish' };

/** taken: one frame indexed; index: the packed index, its buffers moved. */
export type FromIndexer = { type: 'taken' } | { type: 'index'; index: PackedSearchIndex } | { type: 'error'; message: string };
