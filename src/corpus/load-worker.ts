/**
 * Worker-thread entry (see worker-loader.ts): reads, validates and indexes one fact base file
 * off the main thread, then hands the result over in pieces the main thread can take without
 * stalling: the index as moved typed arrays, the facts as JSON slices it asks for one at a time.
 */
import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { BriefbotError, isBriefbotError } from '../errors.js';
import { FactBase } from '../factbase/factbase.js';
import { parseFactBase } from '../factbase/load.js';
import { packSearchIndex } from '../search/index-transfer.js';
import { buildSearchIndex } from '../search/search-index.js';
import type { FromWorker, ToWorker, WorkerInput } from './worker-protocol.js';

const port = parentPort!;
const { file, chunkFacts } = workerData as WorkerInput;
const send = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

try {
  const data = parseFactBase(await readFileOrExplain(file), file);
  const index = buildSearchIndex(new FactBase(data));
  const { packed, transfer } = packSearchIndex(index);
  const { facts, ...rest } = data;
  send({ type: 'head', rest, factCount: facts.length, index: packed }, transfer);
  let next = 0;
  port.on('message', (m: ToWorker) => {
    if (m.type !== 'next') return;
    const slice = facts.slice(next, next + chunkFacts);
    next += slice.length;
    send(slice.length === 0 ? { type: 'done' } : { type: 'facts', json: JSON.stringify(slice) });
    if (slice.length === 0) port.close();
  });
} catch (err) {
  send(
    isBriefbotError(err)
      ? { type: 'error', code: err.code, params: err.params }
      : { type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) },
  );
  port.close();
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
