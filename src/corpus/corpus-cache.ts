import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { crc32 } from 'node:zlib';
import { createFactInterner } from '../factbase/intern.js';
import type { FactBaseData } from '../factbase/schema.js';
import type { PackedSearchIndex } from '../search/index-transfer.js';

/**
 * The validated fact base and its packed search index, kept on disk beside the process state so a
 * process that starts (`briefbot ask`, a bot, a reload) skips JSON parsing, zod and index
 * building. Never trusted blindly: the cache names the fact base file it was made from (path,
 * inode, size, mtime and ctime to the nanosecond), the cache format and a fingerprint of the code
 * that validates and indexes (the search and schema modules' own bytes), and carries a CRC-32 of
 * everything after its header. A cache that differs in any of these, or is cut short or corrupt,
 * is a miss: the caller builds from the file and writes a new one.
 *
 * Layout: MAGIC, u32 header length, header JSON, then frames (u32 length, v8.serialize bytes), a
 * u32 0, and the u32 CRC of the frames. Facts are framed in slices, so neither writing nor reading
 * ever holds the whole fact base as one buffer (a 1M-fact base is over a GB serialized).
 */
export const CORPUS_CACHE_FORMAT = 1;
const MAGIC = Buffer.from('BBCORPUS');
const FACTS_PER_FRAME = 2000;

export type CorpusRest = Omit<FactBaseData, 'facts'>;

interface HeadFrame {
  rest: CorpusRest;
  index: PackedSearchIndex;
  factCount: number;
}

export interface CachedCorpus {
  rest: CorpusRest;
  index: PackedSearchIndex;
  facts: FactBaseData['facts'];
}

/** Where the cache of one fact base file lives: one file per fact base path, in `cacheDir`. */
export function corpusCachePath(cacheDir: string, factBaseFile: string): string {
  const abs = resolve(factBaseFile);
  const tag = createHash('sha1').update(abs).digest('hex').slice(0, 12);
  return join(cacheDir, `${basename(abs, extname(abs))}-${tag}.corpus`);
}

/**
 * What a cache must match to be used for `file` as it is now. Taken before reading the file and
 * again after: a cache is written only when the two agree (the file did not change mid-read).
 */
export async function corpusCacheKey(file: string): Promise<string> {
  const s = await stat(file, { bigint: true });
  return JSON.stringify({
    format: CORPUS_CACHE_FORMAT,
    code: codeFingerprint(),
    file: resolve(file),
    dev: String(s.dev),
    ino: String(s.ino),
    size: String(s.size),
    mtime: String(s.mtimeNs),
    ctime: String(s.ctimeNs),
  });
}

/**
 * The head frame (everything but the facts: the articles, entities, topics and the packed index),
 * serialized now. The worker serializes it before it moves the index's buffers to the main thread.
 */
export function corpusHeadFrame(rest: CorpusRest, index: PackedSearchIndex, factCount: number): Buffer {
  return serialize({ rest, index, factCount });
}

/**
 * Writes a cache atomically (a temporary file renamed into place). `written(n)` is told after each
 * frame that the first n facts are on disk (the worker lets go of them once also handed over).
 */
export async function writeCorpusCache(
  path: string,
  key: string,
  head: Buffer,
  facts: FactBaseData['facts'],
  written: (n: number) => void = () => undefined,
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fh = await open(tmp, 'w');
  try {
    const header = Buffer.from(key);
    await fh.write(Buffer.concat([MAGIC, u32(header.length), header]));
    let crc = 0;
    const frame = async (bytes: Buffer): Promise<void> => {
      const len = u32(bytes.length);
      crc = crc32(bytes, crc32(len, crc));
      await fh.write(len);
      await fh.write(bytes);
    };
    await frame(head);
    for (let i = 0; i < facts.length; i += FACTS_PER_FRAME) {
      await frame(serialize(facts.slice(i, i + FACTS_PER_FRAME)));
      written(Math.min(facts.length, i + FACTS_PER_FRAME));
    }
    await fh.write(Buffer.concat([u32(0), u32(crc)]));
    await fh.close();
    await rename(tmp, path);
  } catch (e) {
    await fh.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw e;
  }
}

/** The cached corpus, or why there is none usable (absent, stale, corrupt). */
export async function readCorpusCache(path: string, key: string): Promise<CachedCorpus | { miss: string }> {
  let fh: Awaited<ReturnType<typeof open>>;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    return { miss: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'absent' : `unreadable: ${(e as Error).message}` };
  }
  try {
    let pos = 0;
    const take = async (n: number): Promise<Buffer | undefined> => {
      const buf = Buffer.allocUnsafe(n);
      const { bytesRead } = await fh.read(buf, 0, n, pos);
      pos += bytesRead;
      return bytesRead === n ? buf : undefined;
    };
    const start = await take(MAGIC.length + 4);
    if (!start?.subarray(0, MAGIC.length).equals(MAGIC)) return { miss: 'corrupt: not a corpus cache' };
    const header = await take(start.readUInt32LE(MAGIC.length));
    if (header?.toString() !== key) return { miss: 'stale' };
    let crc = 0;
    const facts: FactBaseData['facts'] = [];
    const intern = createFactInterner();
    let head: HeadFrame | undefined;
    for (;;) {
      const len = await take(4);
      if (!len) return { miss: 'corrupt: cut short' };
      const n = len.readUInt32LE(0);
      if (n === 0) break;
      const bytes = await take(n);
      if (!bytes) return { miss: 'corrupt: cut short' };
      crc = crc32(bytes, crc32(len, crc));
      // Deserialized as read, so the raw bytes of only one frame are held at a time.
      const value = tryDeserialize(bytes);
      if (value === undefined) return { miss: 'corrupt: a frame does not deserialize' };
      if (!head) head = value as HeadFrame;
      else for (const f of value as FactBaseData['facts']) facts.push(intern(f));
    }
    const trailer = await take(4);
    if (!trailer || trailer.readUInt32LE(0) !== crc >>> 0) return { miss: 'corrupt: checksum differs' };
    if (!head || !Array.isArray(head.rest?.articles) || head.factCount !== facts.length || head.index?.docFact?.length !== facts.length) {
      return { miss: 'corrupt: counts differ' };
    }
    return { rest: head.rest, index: head.index, facts };
  } catch (e) {
    return { miss: `unreadable: ${(e as Error).message}` };
  } finally {
    await fh.close();
  }
}

function tryDeserialize(bytes: Buffer): unknown {
  try {
    return deserialize(bytes);
  } catch {
    return undefined;
  }
}

function u32(n: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32LE(n >>> 0, 0);
  return b;
}

let fingerprint: string | undefined;

/**
 * A hash of the modules whose code decides what the cache holds: every search module (the
 * index and the packing) and the fact base schema (defaults it fills in). A build that changes any
 * of them reads every old cache as stale, with no version number to remember to bump.
 */
function codeFingerprint(): string {
  if (fingerprint !== undefined) return fingerprint;
  const here = dirname(fileURLToPath(import.meta.url));
  const ext = extname(fileURLToPath(import.meta.url));
  const hash = createHash('sha1');
  const searchDir = join(here, '..', 'search');
  const files = [
    ...readdirSync(searchDir)
      .filter((f) => f.endsWith(ext))
      .sort()
      .map((f) => join(searchDir, f)),
    join(here, '..', 'factbase', `schema${ext}`),
    fileURLToPath(import.meta.url),
  ];
  for (const f of files) hash.update(f.slice(here.length)).update(readFileSync(f));
  fingerprint = hash.digest('hex');
  return fingerprint;
}
