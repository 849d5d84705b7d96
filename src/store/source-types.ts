/**
 * What the inflow keeps between polls (issue 11): the sources the bot follows (feeds, with their
 * conditional-GET validators, backoff state and counts) and the feed entries already seen, so a
 * poll fetches only what is new. Implemented once over SQLite and PostgreSQL (sources-store.ts).
 */

export interface NewSource {
  url: string;
  name: string;
  /** Who asked: `cli:<user>`, `slack:<team>:<user>`, `teams:<tenant>:<aad object id>`. */
  addedBy: string;
}

export interface Source extends NewSource {
  /** Short and typeable (`s7k3mq`), for `sources remove <id>`. */
  id: string;
  addedAt: string;
  etag: string | null;
  lastModified: string | null;
  lastPollAt: string | null;
  /** When the source is next due ('' = at once). */
  nextPollAt: string;
  lastError: string | null;
  consecutiveErrors: number;
  /** Feed entries seen over the source's life, articles added from them, polls that failed. */
  entriesSeen: number;
  articlesAdded: number;
  errorsTotal: number;
}

/** One poll's result, written in one statement so `sources list` never shows half of it. */
export interface PollOutcome {
  now: Date;
  nextPollAt: Date;
  /** Set on success (a 304 keeps the old ones: pass them again). */
  etag?: string | null;
  lastModified?: string | null;
  /** null on success; the reason on failure (consecutive_errors counts up). */
  error: string | null;
  entriesSeen: number;
  articlesAdded: number;
}

/** A feed entry as dedupe sees it. */
export interface EntryKey {
  canonicalUrl: string;
  guid: string | null;
  contentHash: string;
}

export interface SeenEntry extends EntryKey {
  sourceId: string;
  /** added: its article is in the fact base; refused: why in `detail`, not retried. */
  status: 'added' | 'refused' | 'unchanged';
  articleId: string | null;
  detail: string | null;
}

export interface SourceStore {
  addSource(source: NewSource, now: Date): Promise<Source>;
  getSource(id: string): Promise<Source | undefined>;
  findSourceByUrl(url: string): Promise<Source | undefined>;
  listSources(): Promise<Source[]>;
  /** Deletes the source and its seen entries; false when there is none with that id. */
  removeSource(id: string): Promise<boolean>;
  /**
   * Sources due at `now` (next_poll_at at or before it), each taken for this caller by moving its
   * next_poll_at to `leaseUntil` with a conditional update: two pollers on one store never poll
   * one source at once.
   */
  claimDueSources(now: Date, leaseUntil: Date, limit: number): Promise<Source[]>;
  recordPoll(id: string, outcome: PollOutcome): Promise<void>;
  /** Of the given entries, those already seen: by canonical URL (any source), GUID (this source) or content hash (any source). */
  seenEntries(sourceId: string, entries: readonly EntryKey[]): Promise<EntryKey[]>;
  /** Records entries as seen; an entry already recorded (same source and URL) is left as it was. */
  markEntriesSeen(entries: readonly SeenEntry[], now: Date): Promise<void>;
}
