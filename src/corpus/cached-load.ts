import { join } from 'node:path';
import type { Corpus } from '../brief/corpus.js';
import { FactBase } from '../factbase/factbase.js';
import { readFactBaseFile } from '../factbase/file-io.js';
import type { FactBaseData } from '../factbase/schema.js';
import { resolveSearchConfig } from '../search/defaults.js';
import { packSearchIndex, transferListOf, unpackSearchIndex, unpackSteps, type PackedSearchIndex } from '../search/index-transfer.js';
import { buildSearchIndex } from '../search/search-index.js';
import { prebuiltSearcherParts, runStepsPaced, searcherOverIndex, searcherOverIndexPaced } from '../search/searcher.js';
import { corpusCacheKey, corpusCachePath, corpusHeadFrame, readCorpusCache, writeCorpusCache, type CorpusRest } from './corpus-cache.js';

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
  /**
   * After a miss: writes the cache (call it when the answer is out; it takes a while at 100k
   * facts), telling `written(n)` after each frame that the first n facts are on disk.
   */
  save?: (written?: (n: number) => void) => Promise<void>;
}

/**
 * Loads `file` through the corpus cache in `cacheDir` (see corpus-cache.ts), or builds it: the
 * streamed read with zod validation, then the search index. Without `cacheDir` it always builds.
 */
export async function loadCorpusParts(file: string, cacheDir: string | undefined): Promise<CorpusParts> {
  const path = cacheDir === undefined ? undefined : corpusCachePath(cacheDir, file);
  let key: string | undefined;
  let cache = 'off';
  if (path !== undefined) {
    // A fact base that is not there is reported by the read below, with its own error.
    key = await corpusCacheKey(file).catch(() => undefined);
    const cached = key === undefined ? { miss: 'no fact base' } : await readCorpusCache(path, key);
    if (!('miss' in cached)) return { ...cached, transfer: transferListOf(cached.index), cache: 'hit' };
    cache = cached.miss;
  }
  const parts = buildCorpusParts(await readFactBaseFile(file), cache);
  const { rest, facts, index: packed } = parts;
  // Only when the file did not change while it was read: else the cache would pair old and new.
  if (path !== undefined && key !== undefined && key === (await corpusCacheKey(file).catch(() => undefined))) {
    const head = corpusHeadFrame(rest, packed, facts.length);
    parts.save = (written) => writeCorpusCache(path, key, head, facts, written);
  }
  return parts;
}

/** Indexes a fact base already read (and validated): a store with no cache (PostgreSQL), or a cache miss. */
export function buildCorpusParts(data: FactBaseData, cache: string): CorpusParts {
  const fb = new FactBase(data);
  const config = resolveSearchConfig();
  const built = buildSearchIndex(fb, config);
  // Built here (a worker, or a CLI run once) so the serving thread does not: see corpusOfPartsPaced.
  const packed: PackedSearchIndex = { ...packSearchIndex(built).packed, searcher: prebuiltSearcherParts(fb, built, config) };
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
