import type { FactStoreDescriptor } from '../factbase/fact-store.js';
import { isBriefbotError } from '../errors.js';
import type { Logger } from '../logger.js';
import { commitArticles, fetchArticleToFile } from './add-article.js';
import type { SafeFetch } from './fetch-types.js';
import type { ArticleSink, FetchedEntry } from './poller.js';

/**
 * Refusals that asking again will not change: the entry is recorded as seen with the reason (shown
 * in `sources list`). Anything else (a timeout, a 5xx, a 429, a lock held too long) leaves the entry
 * unseen, so the next poll tries it again.
 */
function isPermanent(err: unknown): boolean {
  if (!isBriefbotError(err)) return false;
  switch (err.code) {
    case 'ADD_NOT_ARTICLE':
    case 'ADD_PAYWALL':
    case 'FETCH_BAD_URL':
    case 'FETCH_SCHEME':
    case 'FETCH_PRIVATE_ADDRESS':
    case 'FETCH_TOO_LARGE':
    case 'FETCH_TOO_MANY_REDIRECTS':
    case 'FETCH_CONTENT_TYPE':
    case 'FETCH_ROBOTS':
      return true;
    case 'FETCH_HTTP_STATUS': {
      const status = (err.params as { status: number }).status;
      return status >= 400 && status < 500 && status !== 429 && status !== 408;
    }
    default:
      return false;
  }
}

/** The poller's ArticleSink over add-article.ts: fetch+extract+write per entry, one commit per poll. */
export function articleSink(deps: { dataDir: string; fetch: SafeFetch; logger: Logger; factStore?: FactStoreDescriptor }): ArticleSink {
  return {
    async fetchToFile({ url, sourceId, now }): Promise<FetchedEntry> {
      // Every add is logged with who asked: for a poll, the source.
      const log = deps.logger.child({ requestedBy: `source:${sourceId}` });
      try {
        const got = await fetchArticleToFile({ url, dataDir: deps.dataDir, fetch: deps.fetch, now, logger: log, sourceId });
        log.info({ articleId: got.articleId, status: got.status }, 'article add (poll)');
        return { status: got.status === 'unchanged' ? 'unchanged' : 'added', articleId: got.articleId, reason: `${got.status} ${got.articleId}` };
      } catch (err) {
        if (!isPermanent(err)) throw err;
        log.info({ reason: (err as Error).message }, 'article add (poll) refused');
        return { status: 'refused', reason: (err as Error).message };
      }
    },
    async commit(articleIds, now) {
      await commitArticles({ dataDir: deps.dataDir, articleIds, now, logger: deps.logger, ...(deps.factStore ? { factStore: deps.factStore } : {}) });
    },
  };
}
