import { isBriefbotError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { FactStore } from './fact-store.js';

export const WATCH_DEFAULTS = {
  /** Editors and `briefbot ingest` write in bursts: wait this long after the last event. */
  debounceMs: 250,
  /**
   * The fallback when change events do not arrive (fs.watch misses events on some filesystems; a
   * LISTEN connection may be down): ask the store for its version this often too.
   */
  pollMs: 5_000,
} as const;

/** What a load produced, and the store version it is of. */
export interface Loaded<T> {
  value: T;
  version: string;
}

export interface WatchOptions<T> {
  logger: Logger;
  /**
   * Reads, validates and prepares the store's current version (whatever the caller serves from
   * it). Injected, so this layer knows nothing of search or briefs; it should not block the event
   * loop for long (the composition root's loader does its work in a worker thread, and applies
   * only the changes since the version it holds). Throws to refuse the version.
   */
  load: () => Promise<Loaded<T>>;
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
 * Follows the fact store: `briefbot ingest` while the bot runs (in this process, another one, or
 * on another host for PostgreSQL) is picked up within seconds. A new version is loaded on a timer,
 * never inside a request, and swapped in with one assignment, so a request sees the old value or
 * the new one, never a mix. A version that fails to load is refused (the named error is logged)
 * and the old value keeps serving; so does a deleted file (logged once, until it is back).
 */
export class WatchedFactBase<T> {
  private value: T;
  private version: string;
  private refusedVersion: string | undefined;
  private missing = false;
  private unwatch: (() => void) | undefined;
  private poller: NodeJS.Timeout | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private reloading: Promise<ReloadOutcome> | undefined;
  private pending: Promise<ReloadOutcome> | undefined;
  private closed = false;

  private constructor(
    readonly store: FactStore,
    private readonly options: WatchOptions<T>,
    loaded: Loaded<T>,
  ) {
    this.value = loaded.value;
    this.version = loaded.version;
  }

  /** Loads now (a broken store at start is an error: there is nothing old to serve) and starts following. */
  static async open<T>(store: FactStore, options: WatchOptions<T>): Promise<WatchedFactBase<T>> {
    let loaded: Loaded<T>;
    try {
      loaded = await options.load();
    } catch (err) {
      options.dispose?.();
      throw err;
    }
    const watched = new WatchedFactBase(store, options, loaded);
    watched.start();
    return watched;
  }

  current(): T {
    return this.value;
  }

  /** The store version now serving. */
  currentVersion(): string {
    return this.version;
  }

  /**
   * Checks the store and swaps in a new value if it changed and loads. A call while a load is in
   * flight gets the outcome of the check that runs right after it (the store may have changed
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
    this.unwatch?.();
    if (this.poller) clearInterval(this.poller);
    if (this.debounce) clearTimeout(this.debounce);
    this.unwatch = undefined;
    this.poller = undefined;
    this.options.dispose?.();
  }

  private start(): void {
    this.unwatch = this.store.watch(() => this.schedule());
    this.poller = setInterval(() => void this.reload(), this.options.pollMs ?? WATCH_DEFAULTS.pollMs);
    this.poller.unref();
  }

  private schedule(): void {
    if (this.closed) return;
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.reload(), this.options.debounceMs ?? WATCH_DEFAULTS.debounceMs);
    this.debounce.unref();
  }

  private async doReload(): Promise<ReloadOutcome> {
    const { logger } = this.options;
    const where = { store: this.store.kind, location: this.store.location };
    let version: string;
    try {
      version = await this.store.version();
    } catch (err) {
      logger.warn({ ...where, reason: (err as Error).message }, 'fact store unreachable; still serving the last good fact base');
      return 'unchanged';
    }
    // Closed meanwhile (a poll in flight at shutdown): say nothing about a store no longer followed.
    if (this.closed) return 'unchanged';
    if (version === '') {
      // Deleted (or moved away): say so once, keep serving, and take it back when it returns.
      if (!this.missing) {
        this.missing = true;
        logger.warn({ file: this.store.location }, 'fact base file is gone; still serving the last good one');
      }
      return 'missing';
    }
    if (this.missing) {
      this.missing = false;
      logger.info({ file: this.store.location }, 'fact base file is back');
    }
    if (version === this.version || version === this.refusedVersion) return 'unchanged';
    let loaded: Loaded<T>;
    try {
      loaded = await this.options.load();
    } catch (err) {
      // Remembered so a broken version is reported once, not on every poll; a fixed one is a new version.
      this.refusedVersion = version;
      if (isBriefbotError(err)) {
        logger.error({ code: err.code, ...where }, `new fact base refused, still serving the old one: ${err.message}`);
      } else {
        logger.error({ err, ...where }, 'new fact base refused, still serving the old one');
      }
      return 'refused';
    }
    if (this.closed) return 'unchanged';
    this.value = loaded.value;
    this.version = loaded.version;
    this.refusedVersion = undefined;
    logger.info({ ...where, version: loaded.version, ...this.options.describe?.(loaded.value) }, 'fact base reloaded');
    this.options.onReload?.(loaded.value);
    return 'reloaded';
  }
}
