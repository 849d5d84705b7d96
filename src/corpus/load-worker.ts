/**
 * Worker-thread entry (see worker-loader.ts): reads one fact base file through the corpus cache,
 * or streamed, validated and indexed, off the main thread (then writes the cache), then hands the result over in pieces the main thread can take without
 * stalling: the index as moved typed arrays, the facts as JSON slices it asks for one at a time.
 */
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { isBriefbotError } from '../errors.js';
import type { FactBaseData } from '../factbase/schema.js';
import { loadCorpusParts } from './cached-load.js';
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
  if (m.type === 'load') void load(m.file, m.chunkFacts, m.cacheDir);
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

async function load(file: string, chunk: number, cacheDir: string | undefined): Promise<void> {
  try {
    const parts = await loadCorpusParts(file, cacheDir);
    facts = parts.facts;
    next = 0;
    chunkFacts = chunk;
    send({ type: 'head', rest: parts.rest, factCount: parts.facts.length, index: parts.index, cache: parts.cache }, parts.transfer);
    // Written while the main thread takes the facts over; it holds its own reference to them.
    await parts.save?.().catch((e: unknown) => send({ type: 'cache-error', message: e instanceof Error ? e.message : String(e) }));
  } catch (err) {
    facts = [];
    send(
      isBriefbotError(err)
        ? { type: 'error', code: err.code, params: err.params }
        : { type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) },
    );
  }
}
