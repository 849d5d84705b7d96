import { BriefbotError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Source, SourceStore } from '../store/source-types.js';
import type { SafeFetch } from './fetch-types.js';
import { FEED_CONTENT_TYPES, parseFeed } from './feeds.js';

export interface AddSourceInput {
  store: SourceStore;
  fetch: SafeFetch;
  url: string;
  /** Default: the feed's own title, else its host. */
  name?: string | undefined;
  addedBy: string;
  now: Date;
  logger: Logger;
}

export interface AddSourceResult {
  source: Source;
  /** False when the feed was already followed (nothing changed). */
  created: boolean;
  /** Entries the feed has now; the first poll fetches them (the newest first). */
  entries: number;
}

/**
 * Follows a feed: it is fetched once first, so a URL that is not a feed, or cannot be fetched, is
 * refused now with the reason (FEED_NOT_A_FEED, FETCH_*) instead of failing every poll.
 */
export async function addSource(input: AddSourceInput): Promise<AddSourceResult> {
  let url: URL;
  try {
    url = new URL(input.url.trim());
  } catch {
    throw new BriefbotError('FETCH_BAD_URL', { url: input.url });
  }
  const existing = await input.store.findSourceByUrl(url.toString());
  if (existing) return { source: existing, created: false, entries: 0 };
  const got = await input.fetch(url.toString(), { accept: [...FEED_CONTENT_TYPES] });
  const feed = parseFeed(got.text, got.contentType, got.url);
  const source = await input.store.addSource({ url: url.toString(), name: input.name?.trim() || feed.title || url.host, addedBy: input.addedBy }, input.now);
  input.logger.info({ source: source.id, url: source.url, addedBy: input.addedBy, entries: feed.entries.length }, 'source added');
  return { source, created: true, entries: feed.entries.length };
}

/** One line per source for `sources list` and `/brief sources`: plain text (renderers escape it). */
export function describeSource(s: Source): string {
  const polled = s.lastPollAt === null ? 'not polled yet' : `last poll ${s.lastPollAt.replace(/\.\d+Z$/, 'Z')}`;
  const next = s.nextPollAt === '' ? 'next: now' : `next ${s.nextPollAt.replace(/\.\d+Z$/, 'Z')}`;
  const error = s.lastError === null ? '' : ` · LAST ERROR (${s.consecutiveErrors} in a row): ${s.lastError}`;
  return `${s.id} · ${s.name} · ${s.url} · ${polled}, ${next} · ${s.articlesAdded} articles from ${s.entriesSeen} entries, ${s.errorsTotal} failed polls${error}`;
}
