import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { isBriefbotError } from '../errors.js';
import type { Logger } from '../logger.js';

export const WATCH_DEFAULTS = {
  /** Editors and `briefbot ingest` write in bursts: wait this long after the last event. */
  debounceMs: 250,
  /** fs.watch misses events on some filesystems (network mounts, some containers): stat this often too. */
  pollMs: 5_000,
} as const;

export interface WatchOptions<T> {
  logger: Logger;
  /**
   * Reads, validates and prepares the file (whatever the caller serves from it). Injected, so this
   * layer knows nothing of search or briefs; it should not block the event loop for long (the
   * composition root's loader does its work in a worker thread). Throws to refuse the file.
   */
  load: (file: string) => Promise<T>;
  /** Fields for the "reloaded" log line (e.g. fact and article counts). */
  describe?: (value: T) => Record<string, unknown>;
  debounceMs?: number;
  pollMs?: number;
  /** Called once by close() (e.g. to stop a worker the loader keeps). */
  dispose?: () => void;
  /** Called after each successful swap (e.g. to log, or to warm caches). */
  onReload?: (value: T) => void;
}

export type ReloadOutcome = 'reloaded' | 'unchanged' | 'refused' | 'missing';

/**
 * Follows `factbase.json` on disk: `briefbot ingest` while the bot runs is picked up within
 * seconds. The new file is loaded on a timer, never inside a request, and swapped in with one
 * assignment, so a request sees the old value or the new one, never a mix. A file that fails to
 * load is refused (the named error is logged) and the old value keeps serving; so does a deleted
 * file (logged once, until it is back).
 */
export class WatchedFactBase<T> {
  private value: T;
  private signature: string;
  private refusedSignature: string | undefined;
  private missing = false;
  private watcher: FSWatcher | undefined;
  private poller: NodeJS.Timeout | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private reloading: Promise<ReloadOutcome> | undefined;
  private pending: Promise<ReloadOutcome> | undefined;
  private closed = false;

  private constructor(
    readonly file: string,
    private readonly options: WatchOptions<T>,
    value: T,
    signature: string,
  ) {
    this.value = value;
    this.signature = signature;
  }

  /** Loads the file now (a broken file at start is an error: there is nothing old to serve) and starts watching. */
  static async open<T>(file: string, options: WatchOptions<T>): Promise<WatchedFactBase<T>> {
    const sig = await signatureOf(file);
    let value: T;
    try {
      value = await options.load(file);
    } catch (err) {
      options.dispose?.();
      throw err;
    }
    const watched = new WatchedFactBase(file, options, value, sig ?? '');
    watched.start();
    return watched;
  }

  current(): T {
    return this.value;
  }

  /**
   * Checks the file and swaps in a new value if it changed and loads. A call while a load is in
   * flight gets the outcome of the check that runs right after it (the file may have changed
   * again); calls meanwhile share that one check.
   */
  reload(): Promise<ReloadOutcome> {
    if (this.reloading) {
      this.pending ??= this.reloading.then(
        () => this.reload(),
        () => this.reload(),
      );
      return this.pending;
    }
    this.reloading = this.doReload().finally(() => {
      this.reloading = undefined;
      this.pending = undefined;
    });
    return this.reloading;
  }

  close(): void {
    this.closed = true;
    this.watcher?.close();
    if (this.poller) clearInterval(this.poller);
    if (this.debounce) clearTimeout(this.debounce);
    this.watcher = undefined;
    this.poller = undefined;
    this.options.dispose?.();
  }

  private start(): void {
    const name = basename(this.file);
    try {
      // Watch the directory, not the file: ingest may replace the file (write + rename), which
      // ends a watch on the old inode.
      this.watcher = watch(dirname(this.file), (_event, changed) => {
        if (changed === null || changed.toString() === name) this.schedule();
      });
      this.watcher.on('error', (err) => this.options.logger.warn({ err }, 'fact base watch failed; polling only'));
      this.watcher.unref();
    } catch (err) {
      this.options.logger.warn({ err, file: this.file }, 'cannot watch the fact base directory; polling only');
    }
    this.poller = setInterval(() => void this.reload(), this.options.pollMs ?? WATCH_DEFAULTS.pollMs);
    this.poller.unref();
  }

  private schedule(): void {
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.reload(), this.options.debounceMs ?? WATCH_DEFAULTS.debounceMs);
    this.debounce.unref();
  }

  private async doReload(): Promise<ReloadOutcome> {
    const { logger } = this.options;
    const sig = await signatureOf(this.file);
    if (sig === undefined) {
      // Deleted (or moved away): say so once, keep serving, and take it back when it returns.
      if (!this.missing) {
        this.missing = true;
        logger.warn({ file: this.file }, 'fact base file is gone; still serving the last good one');
      }
      return 'missing';
    }
    if (this.missing) {
      this.missing = false;
      logger.info({ file: this.file }, 'fact base file is back');
    }
    if (sig === this.signature || sig === this.refusedSignature) return 'unchanged';
    let value: T;
    try {
      value = await this.options.load(this.file);
    } catch (err) {
      // Remembered so a broken file is reported once, not on every poll; a fixed one has a new signature.
      this.refusedSignature = sig;
      if (isBriefbotError(err)) {
        logger.error({ code: err.code, file: this.file }, `new fact base refused, still serving the old one: ${err.message}`);
      } else {
        logger.error({ err, file: this.file }, 'new fact base refused, still serving the old one');
      }
      return 'refused';
    }
    if (this.closed) return 'unchanged';
    this.value = value;
    this.signature = sig;
    this.refusedSignature = undefined;
    logger.info({ file: this.file, ...this.options.describe?.(value) }, 'fact base reloaded');
    this.options.onReload?.(value);
    return 'reloaded';
  }
}

/** Changes when the file does: replaced (inode), rewritten (mtime) or resized. Undefined while it is missing. */
async function signatureOf(file: string): Promise<string | undefined> {
  try {
    const s = await stat(file, { bigint: true });
    return `${s.ino}:${s.mtimeNs}:${s.size}`;
  } catch {
    return undefined;
  }
}
