import { factStoreDescriptor } from '../factbase/open-store.js';
import { userInfo } from 'node:os';
import type { Config } from '../config.js';
import { addArticleFromUrl } from '../inflow/add-article.js';
import { safeFetchFromConfig } from '../inflow/from-config.js';
import { createLogger } from '../logger.js';

export interface AddRun {
  config: Config;
  url: string;
  sourceId?: string;
  out: (line: string) => void;
  err: (line: string) => void;
  now?: Date;
}

/** 0 when the article is in the fact base (added, or already there); 1 when it was refused. */
export async function runAdd(run: AddRun): Promise<number> {
  const logger = createLogger({ level: run.config.LOG_LEVEL === 'info' ? 'warn' : run.config.LOG_LEVEL, destination: process.stderr });
  const fetch = safeFetchFromConfig(run.config, logger);
  try {
    const result = await addArticleFromUrl({
      url: run.url,
      dataDir: run.config.DATA_DIR,
      fetch,
      now: run.now ?? new Date(),
      logger,
      requestedBy: `cli:${safeUser()}`,
      factStore: factStoreDescriptor(run.config),
      ...(run.sourceId ? { sourceId: run.sourceId } : {}),
    });
    if (result.status === 'refused') {
      run.err(`briefbot: ${result.reason}`);
      return 1;
    }
    run.out(result.reason);
    return 0;
  } finally {
    await fetch.close();
  }
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
