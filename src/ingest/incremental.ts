import type { Logger } from '../logger.js';
import type { FactBaseData } from '../factbase/schema.js';
import { buildFactBaseWithReport, type BuildReport } from './build.js';

export interface IngestArticlesOptions {
  dataDir: string;
  /** The fact base now serving: its facts keep their ids and firstSeen. */
  previous: FactBaseData;
  /** Ids of articles under `<dataDir>/articles/` that are new or changed since `previous`. */
  articleIds: readonly string[];
  /** When the new facts arrived (their firstSeen). */
  now: Date;
  logger: Logger;
}

/**
 * Brings `previous` up to date with new or changed articles: their facts are made and merged
 * (corroborated against the facts already there), ids stay stable, firstSeen of new facts is
 * `now`. The contract the inflow (briefbot add / poll) relies on.
 *
 * Today this rebuilds from every article (correct, but O(world)); issue 11 makes it touch only
 * the given articles.
 */
export function ingestArticles(opts: IngestArticlesOptions): BuildReport {
  return buildFactBaseWithReport({ dataDir: opts.dataDir, previous: opts.previous, now: opts.now, logger: opts.logger });
}
