import { isBriefbotError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { SeenEntry, Source, SourceStore } from '../store/source-types.js';
import { retryAfterOf, retryDelayMs } from './backoff.js';
import type { SafeFetch } from './fetch-types.js';
import { FEED_CONTENT_TYPES, parseFeed, type FeedEntry } from './feeds.js';

/** Frozen defaults in one place; POLL_INTERVAL_MINUTES sets intervalMs. */
export const POLL_DEFAULTS = {
  /** A healthy source is polled this often. */
  intervalMs: 15 * 60_000,
  /** The first retry after a failure, doubling per consecutive failure, up to backoffMaxMs. */
  backoffBaseMs: 60_000,
  backoffMaxMs: 6 * 60 * 60_000,
  /** New entries fetched per source per poll (the newest); the rest wait for the next poll. */
  maxEntriesPerSource: 20,
  /** Sources taken per poll. */
  sourcesPerPoll: 50,
  /** A source being polled is not due for anyone else for this long (a poller that died lets go). */
  leaseMs: 10 * 60_000,
  feedMaxBytes: 5 * 1024 * 1024,
  feedTimeoutMs: 15_000,
} as const;

export type PollOptions = { [K in keyof typeof POLL_DEFAULTS]: number };

/** One article fetched for a feed entry: written to DATA_DIR/articles (not ingested yet), or why not. */
export interface FetchedEntry {
  status: 'added' | 'unchanged' | 'refused';
  articleId?: string | undefined;
  reason: string;
}

/**
 * Where fetched articles go: fetch+extract+write one article file, and ingest a batch of them into
 * the fact base (one incremental ingest per poll). article-sink.ts builds it over add-article.ts.
 */
export interface ArticleSink {
  fetchToFile(input: { url: string; sourceId: string; now: Date }): Promise<FetchedEntry>;
  commit(articleIds: readonly string[], now: Date): Promise<void>;
}

export interface PollerDeps {
  store: SourceStore;
  fetch: SafeFetch;
  articles: ArticleSink;
  logger: Logger;
  now?: () => Date;
  options?: Partial<PollOptions>;
}

export interface SourcePollReport {
  sourceId: string;
  url: string;
  outcome: 'ok' | 'not-modified' | 'failed';
  entries: number;
  newEntries: number;
  added: string[];
  /** Entries whose article file was already there: ingested again in case an earlier ingest failed. */
  unchanged: string[];
  refused: { url: string; reason: string }[];
  error?: string;
  nextPollAt: string;
}

export interface PollReport {
  sources: SourcePollReport[];
  /** Article ids ingested by this poll's one commit. */
  committed: string[];
  /** The commit failed: nothing of this poll was marked seen, so the next poll tries again. */
  commitError?: string;
}

/**
 * Polls due sources: each feed is fetched through SafeFetch with its validators (a 304 costs
 * nothing), parsed, and only entries never seen (by canonical URL, GUID or content hash) have
 * their articles fetched; then ONE incremental ingest for everything the poll added, and only
 * after it the entries are recorded as seen, so a failed ingest is retried rather than lost. A
 * source that fails backs off exponentially (capped, honouring Retry-After); the others go on.
 */
export class SourcePoller {
  private readonly opts: PollOptions;
  private readonly now: () => Date;
  private running: Promise<PollReport> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: PollerDeps) {
    this.opts = { ...POLL_DEFAULTS, ...deps.options };
    this.now = deps.now ?? (() => new Date());
  }

  /**
   * One poll of what is due (`all`: every source, due or not — `briefbot poll --once --all`); a
   * call while one runs waits for it instead of starting another.
   */
  pollOnce(options: { all?: boolean } = {}): Promise<PollReport> {
    this.running ??= this.poll(options.all === true).finally(() => (this.running = undefined));
    return this.running;
  }

  /** Checks for due sources every `tickMs`; with no sources a tick is one indexed query. */
  start(tickMs: number): void {
    const run = () =>
      void this.pollOnce().catch((err: unknown) => this.deps.logger.error({ err }, 'poll failed; due sources stay due'));
    run();
    this.timer = setInterval(run, tickMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  private async poll(all: boolean): Promise<PollReport> {
    const { store, logger } = this.deps;
    const started = this.now();
    // "All" is every source due by year 9999 (ISO text compares as text: no 6-digit years); the lease counts from now.
    const dueBy = all ? new Date('9999-12-31T23:59:59.999Z') : started;
    const due = await store.claimDueSources(dueBy, new Date(started.getTime() + this.opts.leaseMs), this.opts.sourcesPerPoll);
    const results: { source: Source; report: SourcePollReport; seen: SeenEntry[]; validators?: { etag: string | null; lastModified: string | null }; retryAfterMs?: number | undefined }[] = [];
    for (const source of due) results.push({ source, ...(await this.pollSource(source)) });

    const ids = [...new Set(results.flatMap((r) => [...r.report.added, ...r.report.unchanged]))];
    const report: PollReport = { sources: results.map((r) => r.report), committed: [] };
    const now = this.now();
    if (ids.length > 0) {
      try {
        await this.deps.articles.commit(ids, now);
        report.committed = ids;
      } catch (err) {
        report.commitError = err instanceof Error ? err.message : String(err);
        logger.error({ err, articles: ids.length }, 'poll: ingest failed; the entries are not marked seen and are fetched again next poll');
      }
    }

    for (const r of results) {
      const failed = r.report.outcome === 'failed' || (report.commitError !== undefined && r.report.added.length + r.report.unchanged.length > 0);
      const error = r.report.error ?? (failed ? `ingest failed: ${report.commitError}` : null);
      if (!failed) await store.markEntriesSeen(r.seen, now);
      const next = failed
        ? new Date(now.getTime() + retryDelayMs(r.source.consecutiveErrors + 1, { baseMs: this.opts.backoffBaseMs, maxMs: this.opts.backoffMaxMs, retryAfterMs: r.retryAfterMs }))
        : new Date(now.getTime() + this.opts.intervalMs);
      r.report.nextPollAt = next.toISOString();
      if (failed) r.report.outcome = 'failed';
      if (error !== null) r.report.error = error;
      await store.recordPoll(r.source.id, {
        now,
        nextPollAt: next,
        ...(r.validators ?? {}),
        error,
        entriesSeen: failed ? 0 : r.report.newEntries,
        articlesAdded: failed ? 0 : r.report.added.length,
      });
    }
    if (due.length > 0) {
      logger.info(
        { sources: due.length, added: report.committed.length, failed: report.sources.filter((s) => s.outcome === 'failed').length },
        'poll done',
      );
    }
    return report;
  }

  private async pollSource(source: Source): Promise<{
    report: SourcePollReport;
    seen: SeenEntry[];
    validators?: { etag: string | null; lastModified: string | null };
    retryAfterMs?: number | undefined;
  }> {
    const log = this.deps.logger.child({ source: source.id });
    const report: SourcePollReport = { sourceId: source.id, url: source.url, outcome: 'ok', entries: 0, newEntries: 0, added: [], unchanged: [], refused: [], nextPollAt: '' };
    let entries: FeedEntry[];
    let validators: { etag: string | null; lastModified: string | null };
    try {
      const got = await this.deps.fetch(source.url, {
        accept: [...FEED_CONTENT_TYPES],
        ...(source.etag !== null ? { etag: source.etag } : {}),
        ...(source.lastModified !== null ? { lastModified: source.lastModified } : {}),
        maxBytes: this.opts.feedMaxBytes,
        timeoutMs: this.opts.feedTimeoutMs,
      });
      if (got.notModified) {
        report.outcome = 'not-modified';
        return { report, seen: [] };
      }
      validators = { etag: got.etag ?? null, lastModified: got.lastModified ?? null };
      entries = parseFeed(got.text, got.contentType, got.url).entries;
    } catch (err) {
      report.outcome = 'failed';
      report.error = isBriefbotError(err) ? err.message : `could not fetch the feed: ${(err as Error).message}`;
      log.warn({ error: report.error }, 'poll: source failed');
      return { report, seen: [], retryAfterMs: retryAfterOf(err, this.now()) };
    }
    report.entries = entries.length;
    const already = await this.deps.store.seenEntries(source.id, entries);
    const known = new Set(already.map((e) => e.canonicalUrl));
    // One entry per canonical URL, and none the store knows by any of its keys.
    const fresh: FeedEntry[] = [];
    const inThisFeed = new Set<string>();
    for (const e of entries) {
      if (known.has(e.canonicalUrl) || inThisFeed.has(e.canonicalUrl)) continue;
      if (already.some((a) => a.contentHash === e.contentHash || (a.guid !== null && a.guid === e.guid))) continue;
      inThisFeed.add(e.canonicalUrl);
      fresh.push(e);
    }
    // Newest first, so a feed with a long backlog starts with what is current.
    fresh.sort((a, b) => (b.published ?? '').localeCompare(a.published ?? ''));
    const batch = fresh.slice(0, this.opts.maxEntriesPerSource);
    report.newEntries = batch.length;
    const seen: SeenEntry[] = [];
    for (const e of batch) {
      let got: FetchedEntry;
      try {
        got = await this.deps.articles.fetchToFile({ url: e.url, sourceId: source.id, now: this.now() });
      } catch (err) {
        // Not recorded as seen: a timeout or a 5xx is tried again next poll.
        log.warn({ url: e.canonicalUrl, error: (err as Error).message }, 'poll: article fetch failed; retried next poll');
        report.newEntries--;
        continue;
      }
      const key = { sourceId: source.id, canonicalUrl: e.canonicalUrl, guid: e.guid, contentHash: e.contentHash };
      if (got.status === 'refused') {
        report.refused.push({ url: e.url, reason: got.reason });
        seen.push({ ...key, status: 'refused', articleId: null, detail: got.reason });
        continue;
      }
      // 'unchanged' is ingested too: the file may be from a poll whose ingest failed.
      if (got.articleId !== undefined) (got.status === 'added' ? report.added : report.unchanged).push(got.articleId);
      seen.push({ ...key, status: got.status, articleId: got.articleId ?? null, detail: null });
    }
    return { report, seen, validators };
  }
}
