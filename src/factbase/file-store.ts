import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { BriefbotError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { FactBaseChanges, FactSink, FactStore, FactStoreSnapshot, FactStoreWriteOptions } from './fact-store.js';
import { readFactBaseFile, writeFactBaseFile } from './file-io.js';
import type { FactBaseData } from './schema.js';
import { streamFactBaseFile } from './streamed-load.js';

/**
 * The fact base as one JSON file (DATA_DIR/factbase.json): the default, embedded store. Its
 * version is the file's identity (inode, mtime, size), so any rewrite — by `briefbot ingest` or by
 * hand — is a new version; it cannot say what changed, so followers read it whole.
 */
export class FileFactStore implements FactStore {
  readonly kind = 'file';
  readonly location: string;
  readonly descriptor;

  constructor(
    readonly file: string,
    private readonly logger?: Logger,
  ) {
    this.location = file;
    this.descriptor = { kind: 'file' as const, file };
  }

  version(): Promise<string> {
    return fileSignature(this.file).then((s) => s ?? '');
  }

  async read(): Promise<FactStoreSnapshot> {
    // The signature is taken before and after: a file replaced mid-read is read again.
    for (;;) {
      const before = await fileSignature(this.file);
      const data = await readFactBaseFile(this.file);
      const after = await fileSignature(this.file);
      if (before === after && after !== undefined) return { version: after, data };
    }
  }

  async stream(sink: FactSink): Promise<string> {
    // Taken before the read: a file replaced meanwhile then shows as a newer version, and the
    // caller (watching) reads again.
    const version = (await fileSignature(this.file)) ?? '';
    await streamFactBaseFile(this.file, sink);
    return version;
  }

  async changesSince(): Promise<FactBaseChanges | undefined> {
    return undefined;
  }

  write(next: FactBaseData, options: FactStoreWriteOptions = {}): Promise<string> {
    // Writers in this process take turns (they share the temporary file name); across processes
    // the last rename wins, whole: run one ingest at a time on a file store, or use PostgreSQL.
    const run = (writeQueues.get(this.file) ?? Promise.resolve()).then(() => this.writeNow(next, options));
    writeQueues.set(this.file, run.catch(() => undefined));
    return run;
  }

  private async writeNow(next: FactBaseData, options: FactStoreWriteOptions): Promise<string> {
    const current = await this.version();
    if (options.expectedVersion !== undefined && options.expectedVersion !== current) {
      throw new BriefbotError('FACTSTORE_CONFLICT', { location: this.location, expected: options.expectedVersion, found: current });
    }
    const data = current === '' ? next : keepFirstSeen(next, await readFactBaseFile(this.file).catch(() => undefined));
    try {
      await writeFactBaseFile(this.file, data);
    } catch (err) {
      throw new BriefbotError('FACTSTORE_WRITE_FAILED', { location: this.location, reason: (err as Error).message });
    }
    return this.version();
  }

  watch(onChange: () => void): () => void {
    const name = basename(this.file);
    let watcher: FSWatcher | undefined;
    try {
      // The directory, not the file: a write replaces the file (write + rename), which ends a
      // watch on the old inode.
      watcher = watch(dirname(this.file), (_event, changed) => {
        if (changed === null || changed.toString() === name) onChange();
      });
      watcher.on('error', (err) => this.logger?.warn({ err }, 'fact base watch failed; polling only'));
      watcher.unref();
    } catch (err) {
      this.logger?.warn({ err, file: this.file }, 'cannot watch the fact base directory; polling only');
    }
    return () => watcher?.close();
  }

  async close(): Promise<void> {}
}

const writeQueues = new Map<string, Promise<unknown>>();

/** A fact already stored keeps its firstSeen, whatever the writer says (as PostgreSQL does). */
export function keepFirstSeen(next: FactBaseData, current: FactBaseData | undefined): FactBaseData {
  if (!current) return next;
  const seen = new Map(current.facts.map((f) => [f.id, f.firstSeen]));
  return { ...next, facts: next.facts.map((f) => (seen.has(f.id) && seen.get(f.id) !== f.firstSeen ? { ...f, firstSeen: seen.get(f.id)! } : f)) };
}

/** Changes when the file does: replaced (inode), rewritten (mtime) or resized. Undefined while it is missing. */
export async function fileSignature(file: string): Promise<string | undefined> {
  try {
    const s = await stat(file, { bigint: true });
    return `${s.ino}:${s.mtimeNs}:${s.size}`;
  } catch {
    return undefined;
  }
}
