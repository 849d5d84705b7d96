import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { crc32 } from 'node:zlib';
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
 * Layout: MAGIC, u32 header length, header JSON, then frames (u32 length, a kind byte, then the
 * bytes): the facts in slices ('F', a JSON array in UTF-8, in file order; see FactFrame in
 * cached-load.ts), then the head ('H', v8.serialize of the rest and the index), a u32 0, and
 * the u32 CRC of the frames. The facts come first because they are written as the fact base is
 * read, before the index over them exists; and they are framed in slices, so neither writing nor
 * reading ever holds the whole fact base (a 1M-fact base is over a GB serialized), and a reader
 * hands each slice on as it comes.
 */
export const CORPUS_CACHE_FORMAT = 2;
const MAGIC = Buffer.from('BBCORPUS');

export type CorpusRest = Omit<FactBaseData, 'facts'>;

/** What a cache holds beside its facts. */
export interface CachedHead {
  rest: CorpusRest;
  index: PackedSearchIndex;
  factCount: number;
}

const FACTS_FRAME = 0x46; // 'F'
const HEAD_FRAME = 0x48; // 'H'

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
  return serialize({ rest, index, factCount } satisfies CachedHead);
}

/**
 * Writes a cache as the fact base is read: `facts` queues a frame (the JSON of a slice of
 * facts, in file order) and `finish` adds the head and renames the temporary file into place,
 * so a cache is never seen half-written. Writes keep their order; `below(n)` lets the reader
 * wait while more than n frames are queued, so a slow disk holds the read back instead of
 * piling frames up in memory.
 */
export class CorpusCacheWriter {
  private crc = 0;
  private queued = 0;
  private chain: Promise<void> = Promise.resolve();
  private failure: unknown;
  private waiting: (() => void)[] = [];

  private constructor(
    private readonly fh: FileHandle,
    private readonly tmp: string,
    private readonly path: string,
  ) {}

  static async create(path: string, key: string): Promise<CorpusCacheWriter> {
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const fh = await open(tmp, 'w');
    const w = new CorpusCacheWriter(fh, tmp, path);
    const header = Buffer.from(key);
    w.enqueue(Buffer.concat([MAGIC, u32(header.length), header]));
    return w;
  }

  facts(json: string): void {
    this.frame(FACTS_FRAME, Buffer.from(json, 'utf8'));
  }

  async below(n: number): Promise<void> {
    while (this.queued > n && this.failure === undefined) await new Promise<void>((r) => this.waiting.push(r));
  }

  /** Writes the head, the end mark and the checksum, and puts the cache in place. */
  async finish(head: Uint8Array): Promise<void> {
    this.frame(HEAD_FRAME, head);
    await this.chain;
    try {
      if (this.failure !== undefined) throw this.failure;
      await this.fh.write(Buffer.concat([u32(0), u32(this.crc)]));
      await this.fh.close();
      await rename(this.tmp, this.path);
    } catch (e) {
      await this.abort();
      throw e;
    }
  }

  /** Drops the temporary file (the read failed, or the file changed under it). */
  async abort(): Promise<void> {
    this.failure ??= new Error('corpus cache write aborted');
    await this.chain;
    await this.fh.close().catch(() => undefined);
    await rm(this.tmp, { force: true });
  }

  private frame(kind: number, bytes: Uint8Array): void {
    const len = u32(bytes.length + 1);
    const tag = Buffer.of(kind);
    this.crc = crc32(bytes, crc32(tag, crc32(len, this.crc)));
    this.enqueue(Buffer.concat([len, tag]), bytes);
  }

  private enqueue(...parts: Uint8Array[]): void {
    this.queued++;
    this.chain = this.chain.then(async () => {
      try {
        if (this.failure === undefined) for (const p of parts) await this.fh.write(p);
      } catch (e) {
        this.failure = e;
      } finally {
        this.queued--;
        for (const wake of this.waiting.splice(0)) wake();
      }
    });
  }
}

/** The cached head, once its fact frames went to `onFacts`; or why there is none usable (absent, stale, corrupt). */
export type CacheRead = CachedHead | { miss: string; handedOn: boolean };

/**
 * Reads a cache, handing each frame of facts (its JSON text, not parsed here) to
 * `onFacts` as read, awaited. Checked as it goes; a cache found corrupt after frames were handed
 * on says so (`handedOn`): the caller drops them. The CRC covers every frame, so a cache that
 * passes holds exactly what was written.
 */
export async function readCorpusCache(path: string, key: string, onFacts: (json: string) => Promise<void> | void): Promise<CacheRead> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    return { miss: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'absent' : `unreadable: ${(e as Error).message}`, handedOn: false };
  }
  let handedOn = false;
  const miss = (why: string) => ({ miss: why, handedOn });
  try {
    let pos = 0;
    const take = async (n: number): Promise<Buffer | undefined> => {
      const buf = Buffer.allocUnsafe(n);
      const { bytesRead } = await fh.read(buf, 0, n, pos);
      pos += bytesRead;
      return bytesRead === n ? buf : undefined;
    };
    const start = await take(MAGIC.length + 4);
    if (!start?.subarray(0, MAGIC.length).equals(MAGIC)) return miss('corrupt: not a corpus cache');
    const header = await take(start.readUInt32LE(MAGIC.length));
    if (header?.toString() !== key) return miss('stale');
    let crc = 0;
    let head: CachedHead | undefined;
    for (;;) {
      const len = await take(4);
      if (!len) return miss('corrupt: cut short');
      const n = len.readUInt32LE(0);
      if (n === 0) break;
      const frame = await take(n);
      if (!frame) return miss('corrupt: cut short');
      crc = crc32(frame, crc32(len, crc));
      const bytes = frame.subarray(1);
      if (frame[0] === FACTS_FRAME && !head) {
        handedOn = true;
        await onFacts(bytes.toString('utf8'));
      } else if (frame[0] === HEAD_FRAME && !head) {
        const value = tryDeserialize(bytes) as CachedHead | undefined;
        if (value === undefined) return miss('corrupt: the head does not deserialize');
        head = value;
      } else return miss('corrupt: a frame out of place');
    }
    const trailer = await take(4);
    if (!trailer || trailer.readUInt32LE(0) !== crc >>> 0) return miss('corrupt: checksum differs');
    if (!head || !Array.isArray(head.rest?.articles) || head.index?.docFact?.length !== head.factCount) return miss('corrupt: counts differ');
    return head;
  } catch (e) {
    return miss(`unreadable: ${(e as Error).message}`);
  } finally {
    await fh.close();
  }
}

/** The facts of one frame, from its JSON. */
export function factsOfFrame(json: string): FactBaseData['facts'] {
  const value = JSON.parse(json) as unknown;
  if (!Array.isArray(value)) throw new Error('a corpus cache frame is not a list of facts');
  return value as FactBaseData['facts'];
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
