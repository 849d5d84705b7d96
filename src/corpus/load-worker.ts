/**
 * Worker-thread entry (see worker-loader.ts): reads, validates and indexes the fact store's
 * current version off the main thread (a store that can say what changed since the version the
 * worker last loaded, PostgreSQL, sends only that), then hands the result over in pieces the main thread can take without
 * stalling: the index as moved typed arrays, the facts as JSON slices it asks for one at a time.
 */
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { isBriefbotError } from '../errors.js';
import { applyChanges } from '../factbase/changes.js';
import { FactBase } from '../factbase/factbase.js';
import type { FactStore, FactStoreDescriptor, FactStoreSnapshot } from '../factbase/fact-store.js';
import { validateFactBase } from '../factbase/load.js';
import { openFactStore } from '../factbase/open-store.js';
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
  if (m.type === 'load') void load(m.store, m.chunkFacts);
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

async function load(descriptor: FactStoreDescriptor, chunk: number): Promise<void> {
  try {
    const { version, data } = await readStore(descriptor);
    const index = buildSearchIndex(new FactBase(data), resolveSearchConfig());
    const { packed, transfer } = packSearchIndex(index);
    const { facts: all, ...rest } = data;
    facts = all;
    next = 0;
    chunkFacts = chunk;
    send({ type: 'head', version, rest, factCount: all.length, index: packed }, transfer);
  } catch (err) {
    facts = [];
    send(
      isBriefbotError(err)
        ? { type: 'error', code: err.code, params: err.params }
        : { type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) },
    );
  }
}

async function readStore(descriptor: FactStoreDescriptor): Promise<FactStoreSnapshot> {
  const key = JSON.stringify(descriptor);
  if (opened?.key !== key) {
    await opened?.store.close();
    opened = undefined;
    last = undefined;
    opened = { key, store: await openFactStore(descriptor) };
  }
  const store = opened.store;
  const changes = last ? await store.changesSince(last.version) : undefined;
  const snapshot = changes && last ? { version: changes.to, data: validateFactBase(applyChanges(last.data, changes), store.location) } : await store.read();
  // The file store cannot say what changed: nothing to keep (its heap stays free between loads).
  last = store.kind === 'file' ? undefined : snapshot;
  return snapshot;
}
