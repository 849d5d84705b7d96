import { createHash } from 'node:crypto';
import { extractFromJson, extractFromXml, type FeedData } from '@extractus/feed-extractor';
import { BriefbotError } from '../errors.js';
import type { EntryKey } from '../store/source-types.js';

/** What a feed fetch accepts: RSS, Atom, JSON Feed, and the generic types servers send them as. */
export const FEED_CONTENT_TYPES = [
  'application/rss+xml',
  'application/atom+xml',
  'application/feed+json',
  'application/json',
  'application/xml',
  'text/xml',
  'application/rdf+xml',
] as const;

export interface FeedEntry extends EntryKey {
  /** The entry's link, resolved against the feed's URL. */
  url: string;
  title: string;
  published: string | null;
}

export interface ParsedFeed {
  title: string | null;
  entries: FeedEntry[];
}

/**
 * Parses RSS 2.0, Atom or JSON Feed text (as SafeFetch returned it) with feed-extractor. Entries
 * without a usable http(s) link are dropped: there is no article to fetch. Throws FEED_NOT_A_FEED
 * when the text is none of the three.
 */
export function parseFeed(text: string, contentType: string, feedUrl: string): ParsedFeed {
  const options = {
    baseUrl: feedUrl,
    descriptionMaxLen: 100_000,
    useISODateFormat: true,
    normalization: true,
    // The feed's own identifier: feed-extractor invents one when there is none, which is no GUID.
    getExtraEntryFields: (raw: Record<string, unknown>) => ({ ownGuid: ownGuid(raw['guid'] ?? raw['id']) }),
  };
  let data: FeedData | null;
  try {
    const looksJson = /json/i.test(contentType) || /^\s*\{/.test(text);
    if (looksJson) {
      const json = JSON.parse(text) as Record<string, unknown>;
      // feed-extractor reads any JSON object as an empty feed; JSON Feed has an items array.
      if (json === null || typeof json !== 'object' || !Array.isArray(json['items'])) throw new Error('JSON without the items of a JSON Feed');
      data = extractFromJson(json, options);
    } else {
      data = extractFromXml(text, options);
    }
  } catch (err) {
    throw new BriefbotError('FEED_NOT_A_FEED', { url: feedUrl, reason: err instanceof Error ? err.message : String(err) });
  }
  if (!data || !Array.isArray(data.entries)) {
    throw new BriefbotError('FEED_NOT_A_FEED', { url: feedUrl, reason: 'it is not RSS, Atom or JSON Feed' });
  }
  const entries: FeedEntry[] = [];
  for (const e of data.entries) {
    const guid = typeof e['ownGuid'] === 'string' ? e['ownGuid'] : null;
    // An RSS guid that is a permalink is the article's address when the link is missing.
    const url = resolveHttp(e.link ?? '', feedUrl) ?? (guid !== null && /^https?:\/\//i.test(guid) ? resolveHttp(guid, feedUrl) : undefined);
    if (url === undefined) continue;
    const title = (e.title ?? '').trim();
    entries.push({
      url,
      canonicalUrl: canonicalUrl(url),
      guid,
      title,
      published: e.published ?? null,
      contentHash: contentHash(title, e.description ?? ''),
    });
  }
  return { title: data.title?.trim() || null, entries };
}

function ownGuid(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  if (typeof v === 'number') return String(v);
  if (v !== null && typeof v === 'object') return ownGuid((v as Record<string, unknown>)['#text']);
  return null;
}

function resolveHttp(link: string, base: string): string | undefined {
  if (link.trim() === '') return undefined;
  try {
    const u = new URL(link.trim(), base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

// Tracking parameters that make one article look like many.
const TRACKING = /^(?:utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid|ref|ref_src|cmpid|ocid|ito|smid)$/i;

/** One spelling per article: no fragment, no tracking parameters, no default port (URL lowercases the host). */
export function canonicalUrl(url: string): string {
  const u = new URL(url);
  u.hash = '';
  for (const key of [...u.searchParams.keys()]) if (TRACKING.test(key)) u.searchParams.delete(key);
  if (u.search === '?') u.search = '';
  return u.toString();
}

/**
 * The entry's own words, whitespace and case folded: the same story re-published under a new URL
 * or GUID (a feed migration, a syndicating aggregator) is still seen once.
 */
export function contentHash(title: string, description: string): string {
  const fold = (s: string) =>
    s
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .toLowerCase();
  return createHash('sha256').update(`${fold(title)}\n${fold(description)}`).digest('hex').slice(0, 32);
}
