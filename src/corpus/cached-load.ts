import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Corpus } from '../brief/corpus.js';
import { FactBase } from '../factbase/factbase.js';
import { createFactInterner } from '../factbase/intern.js';
import type { FactSink, FactStore } from '../factbase/fact-store.js';
import type { Fact, FactBaseData } from '../factbase/schema.js';
import { streamFactBaseFile } from '../factbase/streamed-load.js';
import { resolveSearchConfig } from '../search/defaults.js';
import { transferListOf, unpackSearchIndex, unpackSteps, type PackedSearchIndex } from '../search/index-transfer.js';
import { buildSearchIndex } from '../search/search-index.js';
import { runStepsPaced, searcherOverIndex, searcherOverIndexPaced } from '../search/searcher.js';
import { CorpusCacheWriter, corpusCacheKey, corpusCachePath, corpusHeadFrame, factsOfFrame, readCorpusCache, type CorpusRest } from './corpus-cache.js';
import { type FactFrame, type FactIndexer, packBuilt, threadIndexer, workerIndexer } from './fact-indexer.js';

export type { FactFrame };

/** The configured cache directory: CACHE_DIR, else VAR_DIR/cache; undefined when CACHE_DIR is `off`. */
export function corpusCacheDir(config: { CACHE_DIR?: string | undefined; VAR_DIR: string }): string | undefined {
  if (config.CACHE_DIR === 'off') return undefined;
  return config.CACHE_DIR ?? join(config.VAR_DIR, 'cache');
}

/** A fact base and its packed index, from the cache or built from the file. */
export interface CorpusParts {
  rest: CorpusRest;
  facts: FactBaseData['facts'];
  index: PackedSearchIndex;
  /** The index's buffers, to move (not copy) to another thread. */
  transfer: ArrayBuffer[];
  /** "hit", "off", or why the cache was not used ("absent", "stale", "corrupt: …"). */
  cache: string;
  /** After a miss: puts the cache written during the read in place (or says why it could not be written). */
  save?: () => Promise<void>;
  /** After a miss, instead of save: drops the cache being written (its temporary file). */
  discard?: () => Promise<void>;
}

/** CorpusParts less the facts, which went to a FactFrameSink as read. */
export type StreamedParts = Omit<CorpusParts, 'facts'> & { factCount: number };

export interface FactFrameSink {
  frame(frame: FactFrame): void;
  /** Drop the frames so far: the load starts over (a cache found corrupt at its end, a file re-read whole). */
  reset(): void;
  /** Awaited between reads: hold the load back while the frames handed on are taken. */
  drain?(): Promise<void> | undefined;
}

export const STREAM_DEFAULTS = {
  /** Facts per frame: one frame is parsed in a few ms, so a thread taking frames keeps answering between them. */
  frameFacts: 250,
  /** Frames waiting for the cache's disk before the read is held back (~10 MB). */
  writeQueueFrames: 32,
  /**
   * A fact base file at least this big is indexed on a worker of its own while it is read (see
   * workerIndexer); a smaller one on the reading thread, where the worker's start (~0.1 s) would
   * cost more than it saves. 16 MB is ~13k generated facts.
   */
  indexWorkerBytes: 16 * 1024 * 1024,
  /** The same for a store that counts its facts before it reads them (PostgreSQL). */
  indexWorkerFacts: 13_000,
} as const;

/** How a streamed load runs: facts per frame, and where it indexes (`auto`: by a file's size or a store's fact count, see indexWorkerBytes and indexWorkerFacts). */
export interface StreamOptions {
  frameFacts?: number;
  indexer?: 'thread' | 'worker' | 'auto';
}

/**
 * Loads `file` through the corpus cache in `cacheDir` (see corpus-cache.ts), handing its facts to
 * `sink` a frame at a time as they are read, never holding them: from the cache (its frames as
 * stored), or built (the streamed read, zod record by record, each fact added to the search index
 * and written to the new cache as it passes). What stays is the rest of the fact base and the
 * packed index. Without `cacheDir` it always builds.
 */
export async function streamCorpusParts(file: string, cacheDir: string | undefined, sink: FactFrameSink, options: StreamOptions = {}): Promise<StreamedParts> {
  const frameFacts = options.frameFacts ?? STREAM_DEFAULTS.frameFacts;
  const path = cacheDir === undefined ? undefined : corpusCachePath(cacheDir, file);
  let key: string | undefined;
  let cache = 'off';
  if (path !== undefined) {
    // A fact base that is not there is reported by the read below, with its own error.
    key = await corpusCacheKey(file).catch(() => undefined);
    const cached =
      key === undefined
        ? { miss: 'no fact base', handedOn: false }
        : await readCorpusCache(path, key, async (json) => {
            sink.frame({ json: () => json });
            await sink.drain?.();
          });
    if (!('miss' in cached)) return { rest: cached.rest, index: cached.index, factCount: cached.factCount, transfer: transferListOf(cached.index), cache: 'hit' };
    if (cached.handedOn) sink.reset();
    cache = cached.miss;
  }
  let writer: CorpusCacheWriter | undefined;
  let writeError: unknown;
  if (path !== undefined && key !== undefined) {
    writer = await CorpusCacheWriter.create(path, key).catch((e: unknown) => {
      writeError = e;
      return undefined;
    });
  }
  const bigFile = await fileAtLeast(file, STREAM_DEFAULTS.indexWorkerBytes);
  let built: Awaited<ReturnType<typeof indexAsRead>>;
  try {
    built = await indexAsRead((into) => streamFactBaseFile(file, into), sink, {
      frameFacts,
      // A file's size is known before its facts are counted.
      indexOnWorker: () => onWorker(options.indexer, bigFile),
      passed: (frame) => writer?.facts(frame.json()),
      restart() {
        // Read again whole (off the streamed layout): what was written goes.
        void writer?.abort();
        writer = undefined;
        writeError = new Error('the fact base was read twice (not in the streamed layout); rewrite it with `npx briefbot ingest`');
      },
      drain: () => writer?.below(STREAM_DEFAULTS.writeQueueFrames),
    });
  } catch (e) {
    await writer?.abort();
    throw e;
  }
  const { rest, index, factCount } = built;
  const parts: StreamedParts = { rest, index, factCount, transfer: transferListOf(index), cache };
  // Only when the file did not change while it was read: else the cache would pair old and new.
  if (writer && key !== (await corpusCacheKey(file).catch(() => undefined))) {
    await writer.abort();
    writer = undefined;
  }
  if (writer) {
    // Serialized now: the index's buffers are about to be moved to another thread.
    const head = corpusHeadFrame(parts.rest, index, parts.factCount);
    const w = writer;
    parts.save = () => w.finish(head);
    parts.discard = () => w.abort();
  } else if (writeError !== undefined) {
    const e = writeError;
    parts.save = () => Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
  return parts;
}

/**
 * The fact base a store streams (PostgreSQL: no corpus cache), handed to `sink` a frame at a time
 * as read and indexed meanwhile, as streamCorpusParts builds a file's; with the version read.
 */
export async function streamStoreParts(store: FactStore, sink: FactFrameSink, options: StreamOptions = {}): Promise<StreamedParts & { version: string }> {
  let version = '';
  const { rest, index, factCount } = await indexAsRead(
    async (into) => {
      version = await store.stream(into);
    },
    sink,
    {
      frameFacts: options.frameFacts ?? STREAM_DEFAULTS.frameFacts,
      indexOnWorker: (facts) => onWorker(options.indexer, (facts ?? 0) >= STREAM_DEFAULTS.indexWorkerFacts),
    },
  );
  return { rest, index, factCount, transfer: transferListOf(index), cache: 'off', version };
}

interface IndexAsReadOptions {
  frameFacts: number;
  /** Whether to index on a worker of its own, asked once the read knows the rest (and maybe how many facts follow). */
  indexOnWorker(facts: number | undefined): boolean;
  /** Each frame as it passes, after the indexer and before the sink. */
  passed?(frame: FactFrame): void;
  /** The read starts over: the frames so far are void (the sink is reset too). */
  restart?(): void;
  /** Awaited between batches, after the indexer and the sink. */
  drain?(): Promise<void> | undefined;
}

/**
 * The middle of every built load: the facts `read` hands on are gathered into frames of
 * `frameFacts`, each added to the index (on this thread or a worker, see FactIndexer) and handed
 * to `sink`; the read waits while the indexer or the sink is behind. Resolves to the rest, the
 * packed index and the fact count once the read is done and the index built.
 */
async function indexAsRead(read: (into: FactSink) => Promise<void>, sink: FactFrameSink, options: IndexAsReadOptions): Promise<{ rest: CorpusRest; index: PackedSearchIndex; factCount: number }> {
  let indexer: FactIndexer | undefined;
  let rest: CorpusRest | undefined;
  let factCount = 0;
  let pending: Fact[] = [];
  const flush = (): void => {
    if (pending.length === 0) return;
    const facts = pending;
    pending = [];
    let json: string | undefined;
    const frame: FactFrame = { facts, json: () => (json ??= JSON.stringify(facts)) };
    factCount += facts.length;
    indexer!.add(frame);
    options.passed?.(frame);
    sink.frame(frame);
  };
  try {
    await read({
      rest(r, facts) {
        rest = r;
        factCount = 0;
        indexer ??= options.indexOnWorker(facts) ? workerIndexer() : threadIndexer();
        indexer.start(r);
      },
      fact(f) {
        pending.push(f);
        if (pending.length >= options.frameFacts) flush();
      },
      restart() {
        pending = [];
        options.restart?.();
        sink.reset();
      },
      drain: async () => {
        await indexer?.drain();
        await sink.drain?.();
        await options.drain?.();
      },
    });
    flush();
    if (!indexer || !rest) throw new Error('the fact base was read without its articles, entities and topics');
    // Built here (a worker, or a CLI run once) so the serving thread does not: see corpusOfPartsPaced.
    return { rest, index: await indexer.finish(), factCount };
  } finally {
    await indexer?.close();
  }
}

/** Whether to index on a worker: as asked, or for `auto` by the fact base's size. */
function onWorker(choice: StreamOptions['indexer'] = 'auto', big: boolean): boolean {
  return choice === 'auto' ? big : choice === 'worker';
}

/** Whether `file` is at least `bytes` long (a file that is not there is reported by the read, with its own error). */
async function fileAtLeast(file: string, bytes: number): Promise<boolean> {
  return stat(file).then((s) => s.size >= bytes, () => false);
}

/** streamCorpusParts with the facts kept (a CLI run that serves one answer, tests). */
export async function loadCorpusParts(file: string, cacheDir: string | undefined, options: StreamOptions = {}): Promise<CorpusParts> {
  const facts: Fact[] = [];
  const intern = createFactInterner();
  const parts = await streamCorpusParts(file, cacheDir, {
    frame(frame) {
      for (const f of frame.facts ?? factsOfFrame(frame.json())) facts.push(intern(f));
    },
    reset() {
      facts.length = 0;
    },
  }, options);
  if (facts.length !== parts.factCount) throw new Error(`corpus load gave ${facts.length} of ${parts.factCount} facts`);
  return { ...parts, facts };
}

/** Indexes a fact base already read (and validated): a store with no cache (PostgreSQL). */
export function buildCorpusParts(data: FactBaseData, cache: string): CorpusParts {
  const fb = new FactBase(data);
  const config = resolveSearchConfig();
  const packed = packBuilt(fb, buildSearchIndex(fb, config), config);
  const { facts, ...rest } = data;
  return { rest, facts, index: packed, transfer: transferListOf(packed), cache };
}

/**
 * corpusOfParts a step at a time, awaiting `pause()` between the steps (FactBase, each lookup
 * table of the index, the entity and filter resolvers, coverage): what the worker loader runs on
 * the main thread, so no one step of taking a new corpus over stalls the requests being served.
 */
export async function corpusOfPartsPaced(
  rest: CorpusRest,
  facts: FactBaseData['facts'],
  index: PackedSearchIndex,
  byId: ReadonlyMap<string, FactBaseData['facts'][number]>,
  pause: () => Promise<unknown>,
): Promise<Corpus> {
  const fb = new FactBase({ ...rest, facts }, byId);
  await pause();
  const config = resolveSearchConfig();
  const unpacked = await runStepsPaced(unpackSteps(index, facts, config), pause);
  await pause();
  return { fb, searcher: await searcherOverIndexPaced(fb, unpacked, config, pause, index.searcher) };
}

/** The Corpus over loaded parts, on the thread that serves it. */
export function corpusOfParts(rest: CorpusRest, facts: FactBaseData['facts'], index: PackedSearchIndex, byId?: ReadonlyMap<string, FactBaseData['facts'][number]>): Corpus {
  const fb = new FactBase({ ...rest, facts }, byId);
  // The index was built with the default search config; the searcher must read it with the same.
  const config = resolveSearchConfig();
  return { fb, searcher: searcherOverIndex(fb, unpackSearchIndex(index, facts, config), config, index.searcher) };
}
