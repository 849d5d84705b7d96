/**
 * Worker-thread entry (see worker-loader.ts): reads, validates and indexes the fact store's
 * current version off the main thread - a file through the corpus cache, a store that can say
 * what changed since the version the worker last loaded (PostgreSQL) only that - and hands it
 * over in pieces the main thread can take without stalling: the facts as frames of JSON while
 * they are read (the main thread acks each, so at most FRAMES_IN_FLIGHT wait), then the index as
 * moved typed arrays with the rest of the fact base.
 */
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { isBriefbotError } from '../errors.js';
import { applyChanges } from '../factbase/changes.js';
import type { FactStore, FactStoreDescriptor, FactStoreSnapshot } from '../factbase/fact-store.js';
import { validateWithCheckedFacts } from '../factbase/load.js';
import type { FactBaseData } from '../factbase/schema.js';
import { openFactStore } from '../factbase/open-store.js';
import { buildCorpusParts, streamCorpusParts, type FactFrameSink, type StreamedParts } from './cached-load.js';
import { toWire } from './head-wire.js';
import { workerGarbageCollector } from './worker-gc.js';
import { InFlight } from './in-flight.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

const port = parentPort!;

/**
 * Frames sent and not yet taken by the main thread before the read waits: enough that the main
 * thread never waits for the next one, few enough (~4 MB of JSON) that a busy main thread does
 * not make them pile up.
 */
const FRAMES_IN_FLIGHT = 16;

// On Linux the nice value is per thread: this lowers only this worker, so on a busy machine the
// main thread (answering requests) gets the CPU first and the load simply takes longer.
try {
  setPriority(19);
} catch {
  // Not permitted or not supported here: the load still works, at normal priority.
}
const collectGarbage = workerGarbageCollector();
const send = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

const inFlight = new InFlight(FRAMES_IN_FLIGHT);

port.on('message', (m: ToWorker) => {
  if (m.type === 'load') void load(m.store, m.chunkFacts, m.cacheDir);
  else if (m.type === 'taken') inFlight.taken();
});

/** Sends each frame to the main thread and holds the load back while too many are not yet taken. */
const toMainThread: FactFrameSink = {
  frame(frame) {
    inFlight.sent();
    send({ type: 'facts', json: frame.json() });
  },
  reset() {
    send({ type: 'reset' });
  },
  drain: () => inFlight.wait(),
};

// The store this worker reads (opened once), and for a store that reports changes the version it
// last loaded, kept so the next load applies only what changed since.
let opened: { key: string; store: FactStore } | undefined;
let last: FactStoreSnapshot | undefined;

async function load(descriptor: FactStoreDescriptor, chunk: number, cacheDir: string | undefined): Promise<void> {
  // A load starts with none in flight: the main thread took every frame of the last one it did not give up on (then it ends this worker).
  inFlight.reset();
  try {
    const store = await storeFor(descriptor);
    let version: string;
    let parts: StreamedParts;
    if (descriptor.kind === 'file') {
      // Read before the file: a change during the load then shows as a newer version, and loads again.
      version = await store.version();
      parts = await streamCorpusParts(descriptor.file, cacheDir, toMainThread, { frameFacts: chunk });
    } else {
      const snapshot = await readChanges(store);
      version = snapshot.version;
      const { facts, ...built } = buildCorpusParts(snapshot.data, 'off');
      // The snapshot is kept (the next changes apply to it): its facts go over as frames of it.
      for (let i = 0; i < facts.length; i += chunk) {
        const slice = facts.slice(i, i + chunk);
        toMainThread.frame({ facts: slice, json: () => JSON.stringify(slice) });
        await toMainThread.drain?.();
      }
      parts = { ...built, factCount: facts.length };
    }
    // The cache is put in place before the new corpus serves (its head is the last ~1 s of
    // writing at 1M facts): a bot stopped right after a reload then starts from it.
    await parts
      .save?.()
      .catch((e: unknown) => send({ type: 'cache-error', message: e instanceof Error ? e.message : String(e) }));
    const { restJson, index, transfer } = toWire(parts.rest, parts.index);
    send({ type: 'head', version, restJson, index, factCount: parts.factCount, cache: parts.cache }, [...parts.transfer, ...transfer]);
  } catch (err) {
    send(
      isBriefbotError(err)
        ? { type: 'error', code: err.code, params: err.params }
        : { type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) },
    );
  } finally {
    // The index built and the facts passed through are garbage now; V8 kept such heap mapped
    // (resident) until a full collection, which an idle worker may never run on its own.
    collectGarbage?.();
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
