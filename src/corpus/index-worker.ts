/**
 * Worker-thread entry (see workerIndexer in fact-indexer.ts): builds the search index of a load
 * from the frames of facts the reading thread sends, and sends the packed index back.
 */
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { transferListOf } from '../search/index-transfer.js';
import { threadIndexer } from './fact-indexer.js';
import type { FromIndexer, ToIndexer } from './index-worker-protocol.js';

const port = parentPort!;
// Per thread on Linux, as for the load worker: the serving thread gets the CPU first.
try {
  setPriority(19);
} catch {
  // Not permitted here: it indexes at normal priority.
}
const indexer = threadIndexer();
const send = (m: FromIndexer, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
const failed = (e: unknown) => send({ type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });

port.on('message', (m: ToIndexer) => {
  try {
    if (m.type === 'start') indexer.start(m.rest);
    else if (m.type === 'facts') {
      indexer.add({ json: () => m.json });
      send({ type: 'taken' });
    } else {
      indexer.finish().then((index) => send({ type: 'index', index }, transferListOf(index)), failed);
    }
  } catch (e) {
    failed(e);
  }
});
