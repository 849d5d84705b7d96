/**
 * Worker-thread entry (see worker-loader.ts): reads, validates and indexes the fact store's
 * current version off the main thread - a file through the corpus cache (then writes the cache), a
 * store that can say what changed since the version the worker last loaded (PostgreSQL) only that -
 * then hands the result over in pieces the main thread can take without
 * stalling: the index as moved typed arrays, the facts as JSON slices it asks for one at a time.
 */
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { isBriefbotError } from '../errors.js';
import { applyChanges } from '../factbase/changes.js';
import type { FactStore, FactStoreDescriptor, FactStoreSnapshot } from '../factbase/fact-store.js';
import { validateWithCheckedFacts } from '../factbase/load.js';
import type { FactBaseData } from '../factbase/schema.js';
import { openFactStore } from '../factbase/open-store.js';
import { buildCorpusParts, loadCorpusParts, type CorpusParts } from './cached-load.js';
import { Handover } from './handover.js';
import { toWire } from './head-wire.js';
import { workerGarbageCollector } from './worker-gc.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

const port = parentPort!;

// On Linux the nice value is per thread: this lowers only this worker, so on a busy machine the
// main thread (answering requests) gets the CPU first and the load simply takes longer.
try {
  setPriority(19);
} catch {
  // Not permitted or not supported here: the load still works, at normal priority.
}
const collectGarbage = workerGarbageCollector();
const send = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

// One load at a time (the loader queues them); a cache write may outlast its hand-over.
let handover: Handover | undefined;
let chunkFacts = 250;

port.on('message', (m: ToWorker) => {
  if (m.type === 'load') void load(m.store, m.chunkFacts, m.cacheDir);
  else if (m.type === 'next') {
    const json = handover?.take(chunkFacts);
    if (json === undefined) {
      handover = undefined;
      send({ type: 'done' });
    } else send({ type: 'facts', json });
  }
});

// The store this worker reads (opened once), and for a store that reports changes the version it
// last loaded, kept so the next load applies only what changed since.
let opened: { key: string; store: FactStore } | undefined;
let last: FactStoreSnapshot | undefined;

async function load(descriptor: FactStoreDescriptor, chunk: number, cacheDir: string | undefined): Promise<void> {
  try {
    const store = await storeFor(descriptor);
    let version: string;
    let parts: CorpusParts;
    if (descriptor.kind === 'file') {
      // Read before the file: a change during the load then shows as a newer version, and loads again.
      version = await store.version();
      parts = await loadCorpusParts(descriptor.file, cacheDir);
    } else {
      const snapshot = await readChanges(store);
      version = snapshot.version;
      parts = buildCorpusParts(snapshot.data, 'off');
    }
    const h = new Handover(parts.facts, parts.save !== undefined, collectGarbage, descriptor.kind !== 'file');
    handover = h;
    chunkFacts = chunk;
    const { restJson, index, transfer } = toWire(parts.rest, parts.index);
    send({ type: 'head', version, restJson, index, factCount: parts.facts.length, cache: parts.cache }, [...parts.transfer, ...transfer]);
    // Written while the main thread takes the facts over; the hand-over lets go of each fact once
    // both have passed it.
    await parts
      .save?.((n) => h.written(n))
      .catch((e: unknown) => send({ type: 'cache-error', message: e instanceof Error ? e.message : String(e) }))
      .finally(() => h.written(Number.POSITIVE_INFINITY));
  } catch (err) {
    handover = undefined;
    send(
      isBriefbotError(err)
        ? { type: 'error', code: err.code, params: err.params }
        : { type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) },
    );
  }
}

async function storeFor(descriptor: FactStoreDescriptor): Promise<FactStore> {
  const key = JSON.stringify(descriptor);
  if (opened?.key !== key) {
    await opened?.store.close();
    opened = undefined;
    last = undefined;
    opened = { key, store: await openFactStore(descriptor) };
  }
  return opened.store;
}

async function readChanges(store: FactStore): Promise<FactStoreSnapshot> {
  const changes = last ? await store.changesSince(last.version) : undefined;
  // Both sides were checked fact by fact as read: only the rest and the cross-references are checked again.
  const snapshot = changes && last ? { version: changes.to, data: revalidated(applyChanges(last.data, changes), store.location) } : await store.read();
  last = snapshot;
  return snapshot;
}

function revalidated(data: FactBaseData, location: string): FactBaseData {
  const { facts, ...rest } = data;
  return validateWithCheckedFacts(rest, facts, location);
}
