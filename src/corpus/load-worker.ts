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
import { validateFactBase } from '../factbase/load.js';
import { openFactStore } from '../factbase/open-store.js';
import type { FactBaseData } from '../factbase/schema.js';
import { buildCorpusParts, loadCorpusParts, type CorpusParts } from './cached-load.js';
import { toWire } from './head-wire.js';
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
  if (m.type === 'load') void load(m.store, m.chunkFacts, m.cacheDir);
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
    facts = parts.facts;
    next = 0;
    chunkFacts = chunk;
    const { restJson, index, transfer } = toWire(parts.rest, parts.index);
    send({ type: 'head', version, restJson, index, factCount: parts.facts.length, cache: parts.cache }, [...parts.transfer, ...transfer]);
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
  const snapshot = changes && last ? { version: changes.to, data: validateFactBase(applyChanges(last.data, changes), store.location) } : await store.read();
  last = snapshot;
  return snapshot;
}
