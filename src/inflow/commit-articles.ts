import { resolve, join } from 'node:path';
import { z } from 'zod';
import { isBriefbotError } from '../errors.js';
import type { FactStore, FactStoreDescriptor } from '../factbase/fact-store.js';
import { openFactStore } from '../factbase/open-store.js';
import { FACTBASE_FORMAT_VERSION, type FactBaseData } from '../factbase/schema.js';
import { ingestArticles } from '../ingest/incremental.js';
import type { Logger } from '../logger.js';
import { withFileLock } from './file-lock.js';

export const CommitResultSchema = z.object({
  /** Per article id: facts that were not in the fact base before. */
  newFacts: z.record(z.string(), z.number().int().nonnegative()),
  /** Per article id: facts already there that this article now corroborates (a citation added). */
  corroborated: z.record(z.string(), z.number().int().nonnegative()),
  totalFacts: z.number().int().nonnegative(),
});
export type CommitResult = z.infer<typeof CommitResultSchema>;

export interface CommitInput {
  dataDir: string;
  articleIds: readonly string[];
  now: Date;
  logger: Logger;
  /** Where the fact base lives (default: the file `<dataDir>/factbase.json`); PostgreSQL when configured. */
  factStore?: FactStoreDescriptor;
  /** How long to wait for another process's lock (default 60 s). */
  lockWaitMs?: number;
}

// One commit at a time per data directory within this process; the lock file covers other processes.
const queues = new Map<string, Promise<unknown>>();

/**
 * Brings factbase.json up to date with articles already written under <dataDir>/articles/: read,
 * ingestArticles, write (write-then-rename), all under the fact base lock, so concurrent adds
 * (a CLI add while the bot polls) each see the other's articles and none is lost.
 */
export function commitArticles(input: CommitInput): Promise<CommitResult> {
  const key = resolve(input.dataDir);
  const run = (queues.get(key) ?? Promise.resolve()).catch(() => undefined).then(() => commitLocked(input));
  queues.set(key, run);
  void run.finally(() => {
    if (queues.get(key) === run) queues.delete(key);
  }).catch(() => undefined);
  return run;
}

async function commitLocked(input: CommitInput): Promise<CommitResult> {
  const file = join(input.dataDir, 'factbase.json');
  // The lock covers the article files as well as the fact base: both live in dataDir.
  return withFileLock(`${file}.lock`, { logger: input.logger, ...(input.lockWaitMs ? { waitMs: input.lockWaitMs } : {}) }, async () => {
    const store = await openFactStore(input.factStore ?? { kind: 'file', file }, { logger: input.logger });
    try {
      const { version, previous } = await readPrevious(store);
      const report = ingestArticles({ dataDir: input.dataDir, previous, articleIds: input.articleIds, now: input.now, logger: input.logger });
      // Against the version read: a writer outside this lock (a `briefbot ingest`) makes this one fail, not vanish.
      await store.write(report.data, version === undefined ? {} : { expectedVersion: version });
      const result = countChanges(previous, report.data, input.articleIds);
      input.logger.info({ articleIds: input.articleIds, newFacts: result.newFacts, totalFacts: result.totalFacts }, 'fact base updated');
      return result;
    } finally {
      await store.close();
    }
  });
}

async function readPrevious(store: FactStore): Promise<{ version?: string; previous: FactBaseData }> {
  try {
    const { version, data } = await store.read();
    return { version, previous: data };
  } catch (e) {
    // A first add into an empty data directory starts from nothing; any other problem is reported.
    if (isBriefbotError(e, 'FACTBASE_NOT_FOUND')) return { previous: { formatVersion: FACTBASE_FORMAT_VERSION, articles: [], entities: [], topics: [], facts: [] } };
    throw e;
  }
}

function countChanges(before: FactBaseData, after: FactBaseData, articleIds: readonly string[]): CommitResult {
  const old = new Map(before.facts.map((f) => [f.id, f]));
  const newFacts: Record<string, number> = {};
  const corroborated: Record<string, number> = {};
  for (const id of articleIds) {
    newFacts[id] = 0;
    corroborated[id] = 0;
  }
  for (const f of after.facts) {
    const cites = new Set(f.citations.map((c) => c.articleId));
    const prior = old.get(f.id);
    for (const id of articleIds) {
      if (!cites.has(id)) continue;
      if (!prior) newFacts[id]! += 1;
      else if (!prior.citations.some((c) => c.articleId === id)) corroborated[id]! += 1;
    }
  }
  return { newFacts, corroborated, totalFacts: after.facts.length };
}
