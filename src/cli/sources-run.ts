import { factStoreDescriptor } from '../factbase/open-store.js';
import { userInfo } from 'node:os';
import { loadConfig, type Config } from '../config.js';
import { isBriefbotError } from '../errors.js';
import { articleSink } from '../inflow/article-sink.js';
import { SourcePoller, type PollReport } from '../inflow/poller.js';
import { safeFetchFromConfig } from '../inflow/from-config.js';
import type { ClosableSafeFetch } from '../inflow/safe-fetch.js';
import { addSource, describeSource } from '../inflow/sources.js';
import { createLogger, type Logger } from '../logger.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/types.js';

interface Env {
  config: Config;
  logger: Logger;
  store: Store;
  fetch: ClosableSafeFetch;
}

async function withEnv(work: (env: Env) => Promise<void>): Promise<void> {
  // Posting nothing to Slack: no signing secret needed.
  const config = loadConfig(process.env, { receivesSlack: false });
  // Logs to stderr; stdout carries what the command says.
  const logger = createLogger({ level: config.LOG_LEVEL, destination: process.stderr });
  const store = await openStore(config, logger);
  const fetch = safeFetchFromConfig(config, logger);
  try {
    await work({ config, logger, store, fetch });
  } catch (err) {
    if (!isBriefbotError(err)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exitCode = 1;
  } finally {
    await fetch.close();
    await store.close();
  }
}

export function sourcesAdd(url: string, name: string | undefined): Promise<void> {
  return withEnv(async ({ store, fetch, logger }) => {
    const r = await addSource({ store, fetch, url, name, addedBy: `cli:${userInfo().username}`, now: new Date(), logger });
    process.stdout.write(
      r.created
        ? `following ${r.source.id} "${r.source.name}" (${r.entries} entries now; \`briefbot poll --once\` fetches them)\n`
        : `already following ${r.source.id} "${r.source.name}"\n`,
    );
  });
}

export function sourcesList(): Promise<void> {
  return withEnv(async ({ store }) => {
    const all = await store.listSources();
    if (all.length === 0) process.stdout.write('no sources; add one with `briefbot sources add <feed url>`\n');
    for (const s of all) process.stdout.write(`${describeSource(s)}\n`);
  });
}

export function sourcesRemove(id: string): Promise<void> {
  return withEnv(async ({ store, logger }) => {
    if (!(await store.removeSource(id.toLowerCase()))) {
      process.stderr.write(`no source "${id}"; \`briefbot sources list\` shows their ids\n`);
      process.exitCode = 1;
      return;
    }
    logger.info({ source: id, removedBy: `cli:${userInfo().username}` }, 'source removed');
    process.stdout.write(`stopped following ${id}\n`);
  });
}

export function poll(once: boolean, all = false): Promise<void> {
  return withEnv(async ({ config, store, fetch, logger }) => {
    const poller = new SourcePoller({
      store,
      fetch,
      articles: articleSink({ dataDir: config.DATA_DIR, factStore: factStoreDescriptor(config), fetch, logger }),
      logger,
      options: { intervalMs: Math.max(1, config.POLL_INTERVAL_MINUTES) * 60_000 },
    });
    if (once) {
      const report = await poller.pollOnce({ all });
      process.stdout.write(summary(report));
      if (report.commitError !== undefined || report.sources.some((s) => s.outcome === 'failed')) process.exitCode = 1;
      return;
    }
    poller.start(30_000);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await poller.stop();
  });
}

function summary(r: PollReport): string {
  const lines = r.sources.map(
    (s) =>
      `${s.sourceId} ${s.outcome}: ${s.entries} entries, ${s.newEntries} new, ${s.added.length} added${s.refused.length > 0 ? `, ${s.refused.length} refused` : ''}${s.error ? ` — ${s.error}` : ''}`,
  );
  lines.push(
    r.sources.length === 0
      ? 'poll: no source is due'
      : `poll: ${r.committed.length} articles ingested${r.commitError !== undefined ? `; INGEST FAILED: ${r.commitError}` : ''}`,
  );
  return `${lines.join('\n')}\n`;
}
