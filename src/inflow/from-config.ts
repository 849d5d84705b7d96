import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { createSafeFetch, type ClosableSafeFetch } from './safe-fetch.js';

/** The one safe fetcher the CLI and the bot build from the environment. */
export function safeFetchFromConfig(config: Config, logger: Logger, options: { allowPrivate?: boolean } = {}): ClosableSafeFetch {
  return createSafeFetch({
    allowPrivate: options.allowPrivate ?? config.SOURCES_ALLOW_PRIVATE,
    allowedRanges: config.SOURCES_ALLOW_RANGES,
    logger,
    timeoutMs: config.FETCH_TIMEOUT_MS,
    connectTimeoutMs: config.FETCH_CONNECT_TIMEOUT_MS,
    maxBytes: config.FETCH_MAX_BYTES,
    maxRedirects: config.FETCH_MAX_REDIRECTS,
  });
}
