import { watch, type FSWatcher } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { Corpus, CorpusSource } from '../brief/corpus.js';
import { isBriefbotError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Searcher } from '../search/types.js';
import { FactBase } from './factbase.js';
import { loadFactBaseFile, parseFactBase } from './load.js';

export const WATCH_DEFAULTS = {
  /** Editors and `briefbot ingest` write in bursts: wait this long after the last event. */
  debounceMs: 250,
  /** fs.watch misses events on some filesystems (network mounts, some containers): stat this often too. */
  pollMs: 5_000,
} as const;

export interface WatchOptions {
  logger: Logger;
  buildSearcher: (fb: FactBase) => Searcher;
  debounceMs?: number;
  pollMs?: number;
  /** Called after each successful swap (e.g. to log, or to warm caches). */
  onReload?: (corpus: Corpus) => void;
}

export type ReloadOutcome = 'reloaded' | 'unchanged' | 'refused';

/**
 * A CorpusSource that follows `factbase.json` on disk: `briefbot ingest` while the bot runs is
 * picked up within seconds. The new file is read, validated and indexed on a timer, never inside
 * a request, and swapped in with one assignment, so a request sees the old corpus or the new one,
 * never a mix. A file that fails validation is refused (the named error is logged) and the old
 * corpus keeps serving.
 */
export class WatchedCorpus implements CorpusSource {
  private corpus: Corpus;
  private signature: string;
  private refusedSignature: string | undefined;
  private watcher: FSWatcher | undefined;
  private poller: NodeJS.Timeout | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private reloading: Promise<ReloadOutcome> | undefined;
  private pending = false;

  private constructor(
    readonly file: string,
    private readonly options: WatchOptions,
    corpus: Corpus,
    signature: string,
  ) {
    this.corpus = corpus;
    this.signature = signature;
  }

  /** Loads the file now (a broken file at start is an error: there is nothing old to serve) and starts watching. */
  static async open(file: string, options: WatchOptions): Promise<WatchedCorpus> {
    const sig = await signatureOf(file);
    const fb = new FactBase(loadFactBaseFile(file));
    const watched = new WatchedCorpus(file, options, { fb, searcher: options.buildSearcher(fb) }, sig ?? '');
    watched.start();
    return watched;
  }

  current(): Corpus {
    return this.corpus;
  }

  /** Checks the file and swaps in a new corpus if it changed and is valid. Concurrent calls coalesce. */
  reload(): Promise<ReloadOutcome> {
    if (this.reloading) {
      this.pending = true;
      return this.reloading;
    }
    this.reloading = this.doReload().finally(() => {
      this.reloading = undefined;
      if (this.pending) {
        this.pending = false;
        void this.reload();
      }
    });
    return this.reloading;
  }

  close(): void {
    this.watcher?.close();
    if (this.poller) clearInterval(this.poller);
    if (this.debounce) clearTimeout(this.debounce);
    this.watcher = undefined;
    this.poller = undefined;
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
    if (sig === undefined || sig === this.signature || sig === this.refusedSignature) return 'unchanged';
    let corpus: Corpus;
    try {
      const fb = new FactBase(parseFactBase(await readFile(this.file, 'utf8'), this.file));
      corpus = { fb, searcher: this.options.buildSearcher(fb) };
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
    this.corpus = corpus;
    this.signature = sig;
    this.refusedSignature = undefined;
    logger.info({ file: this.file, facts: corpus.fb.facts.length, articles: corpus.fb.articles.size }, 'fact base reloaded');
    this.options.onReload?.(corpus);
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
