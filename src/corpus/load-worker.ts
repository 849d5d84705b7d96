/**
 * Worker-thread entry (see worker-loader.ts): reads, validates and indexes one fact base file
 * off the main thread, then hands the result over in pieces the main thread can take without
 * stalling: the index as moved typed arrays, the facts as JSON slices it asks for one at a time.
 */
import { readFile } from 'node:fs/promises';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { BriefbotError, isBriefbotError } from '../errors.js';
import { FactBase } from '../factbase/factbase.js';
import { parseFactBase } from '../factbase/load.js';
import { packSearchIndex } from '../search/index-transfer.js';
import { resolveSearchConfig } from '../search/defaults.js';
import { buildSearchIndex } from '../search/search-index.js';
import type { FactBaseData } from '../factbase/schema.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

const port = parentPort!;

// On Linux the nice value is per thread: this lowers only this worker, so on a busy machine the
// main thread (answering requests) gets the CPU first and the load simply takes longer.
try {
  setPriority(19);
} catch {
  // Not permitted or not supported here: the load still works, at normal priority.
}
const send = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

// One load at a time (the loader queues them). The facts of the load in progress, until handed over.
let facts: FactBaseData['facts'] = [];
let next = 0;
let chunkFacts = 250;

port.on('message', (m: ToWorker) => {
  if (m.type === 'load') void load(m.file, m.chunkFacts);
  else if (m.type === 'next') {
    const slice = facts.slice(next, next + chunkFacts);
    next += slice.length;
    if (slice.length === 0) {
      // Dropped here so the worker's heap is free again between loads.
      facts = [];
      send({ type: 'done' });
    } else send({ type: 'facts', json: JSON.stringify(slice) });
  }
});

async function load(file: string, chunk: number): Promise<void> {
  try {
    const data = parseFactBase(await readFileOrExplain(file), file);
    const index = buildSearchIndex(new FactBase(data), resolveSearchConfig());
    const { packed, transfer } = packSearchIndex(index);
    const { facts: all, ...rest } = data;
    facts = all;
    next = 0;
    chunkFacts = chunk;
    send({ type: 'head', rest, factCount: all.length, index: packed }, transfer);
  } catch (err) {
    facts = [];
    send(
      isBriefbotError(err)
        ? { type: 'error', code: err.code, params: err.params }
        : { type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) },
    );
  }
}

async function readFileOrExplain(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    // Same codes as loadFactBaseFile, so the log says the same thing on either path.
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new BriefbotError('FACTBASE_NOT_FOUND', { file: path });
    throw new BriefbotError('FACTBASE_UNREADABLE', { file: path, reason: (e as Error).message });
  }
}
