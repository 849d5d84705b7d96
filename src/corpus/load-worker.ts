/**
 * Worker-thread entry (see worker-loader.ts): reads, validates and indexes the fact store's
 * current version off the main thread - a file through the corpus cache, PostgreSQL streamed from
 * one snapshot (or, for a small fact base kept here, only what changed since the version last
 * loaded) - and hands it over in pieces the main thread can take without stalling: the facts as
 * frames of JSON while they are read (the main thread acks each, so at most FRAMES_IN_FLIGHT
 * wait), then the index as moved typed arrays with the rest of the fact base.
 */
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { isBriefbotError } from '../errors.js';
import { applyChanges } from '../factbase/changes.js';
import type { FactStore, FactStoreDescriptor, FactStoreSnapshot } from '../factbase/fact-store.js';
import { validateWithCheckedFacts } from '../factbase/load.js';
import { openFactStore } from '../factbase/open-store.js';
import { createFactInterner } from '../factbase/intern.js';
import type { Fact, FactBaseData } from '../factbase/schema.js';
import { buildCorpusParts, streamCorpusParts, streamStoreParts, type FactFrameSink, type StreamedParts } from './cached-load.js';
import type { CorpusRest } from './corpus-cache.js';
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
  if (m.type === 'load') void load(m.store, m.chunkFacts, m.keepFacts, m.cacheDir);
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
// last loaded, kept (up to the load's keepFacts, see WORKER_LOAD_DEFAULTS) so the next load applies only what changed since.
let opened: { key: string; store: FactStore } | undefined;
let last: FactStoreSnapshot | undefined;

async function load(descriptor: FactStoreDescriptor, chunk: number, keepFacts: number, cacheDir: string | undefined): Promise<void> {
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
      const changed = await changedSnapshot(store, keepFacts);
      if (changed) {
        version = changed.version;
        parts = await sendBuilt(changed.data, chunk);
      } else {
        const keep = keeper(keepFacts);
        const streamed = await streamStoreParts(store, keep.sink(toMainThread), { frameFacts: chunk });
        version = streamed.version;
        parts = streamed;
        last = keep.snapshot(version, streamed.rest);
      }
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

/**
 * The store's fact base as the snapshot kept here with what changed since applied (kept too, for
 * the next), or undefined when none is kept or the store cannot tell what changed: then it is
 * read whole.
 */
async function changedSnapshot(store: FactStore, keepFacts: number): Promise<FactStoreSnapshot | undefined> {
  if (!last) return undefined;
  const changes = await store.changesSince(last.version, keepFacts);
  if (!changes) {
    // Read whole instead: the snapshot kept here goes first, so it is never held beside the next.
    last = undefined;
    return undefined;
  }
  // Both sides were checked fact by fact as read: only the rest and the cross-references are checked again.
  last = { version: changes.to, data: revalidated(applyChanges(last.data, changes), store.location) };
  return last;
}

/** Indexes a fact base held whole (a kept snapshot with changes applied) here, and sends its facts over as frames of it. */
async function sendBuilt(data: FactBaseData, chunk: number): Promise<StreamedParts> {
  const { facts, ...built } = buildCorpusParts(data, 'off');
  for (let i = 0; i < facts.length; i += chunk) {
    const slice = facts.slice(i, i + chunk);
    toMainThread.frame({ facts: slice, json: () => JSON.stringify(slice) });
    await toMainThread.drain?.();
  }
  return { ...built, factCount: facts.length };
}

/**
 * Passes frames on to `sink` and keeps their facts (strings shared) while there are at most `max`:
 * the snapshot the next changes apply to, or none for a fact base too big to hold twice.
 */
function keeper(max: number) {
  const intern = createFactInterner();
  let kept: Fact[] | undefined = [];
  return {
    sink: (sink: FactFrameSink): FactFrameSink => ({
      frame(frame) {
        if (kept && frame.facts && kept.length + frame.facts.length <= max) for (const f of frame.facts) kept.push(intern(f));
        else kept = undefined;
        sink.frame(frame);
      },
      reset() {
        kept = [];
        sink.reset();
      },
      drain: () => sink.drain?.(),
    }),
    snapshot: (version: string, rest: CorpusRest): FactStoreSnapshot | undefined => (kept ? { version, data: { ...rest, facts: kept } } : undefined),
  };
}

function revalidated(data: FactBaseData, location: string): FactBaseData {
  const { facts, ...rest } = data;
  return validateWithCheckedFacts(rest, facts, location);
}
