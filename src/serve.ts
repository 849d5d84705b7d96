import type { Server } from 'node:http';
import type { Corpus, CorpusSource } from './brief/corpus.js';
import type { Config } from './config.js';
import { healthRoute } from './http/health.js';
import { localAskRoute } from './http/local-ask.js';
import { newAskToken, storeKey, writeAskEndpoint, type AskEndpoint } from './http/ask-endpoint.js';
import { createHttpServer, listen, type Route } from './http/server.js';
import type { Logger } from './logger.js';
import { installProcessGuards } from './process-guards.js';
import { createSlackPlatform, SLACK_EVENTS_PATH, slackTuning, type SlackPlatform, type SlackSettings } from './platforms/slack/app.js';
import { sandboxPageRoutes, type PagePane } from './sandbox/page/index.js';
import { slackPane } from './sandbox/page/slack-pane.js';
import { startSlackStandIn, type SlackStandIn } from './sandbox/slack/index.js';
import { createTeamsApp, type TeamsApp } from './platforms/teams/app.js';
import { createTeamsStandIn, type TeamsStandIn } from './sandbox/teams/connector.js';
import { teamsPane } from './sandbox/teams/pane.js';
import { composeDigest, newestFirstSeen } from './digest/compose.js';
import { corpusCacheDir } from './corpus/cached-load.js';
import { openWatchedCorpus } from './corpus/watched-corpus.js';
import type { WatchedFactBase } from './factbase/watch.js';
import { factStoreDescriptor, openFactStore } from './factbase/open-store.js';
import { digestWebClient, SlackDigestPoster } from './platforms/slack/digest-poster.js';
import { slackHealth, SlackTokenCheck } from './platforms/slack/token-check.js';
import { systemClock, type Clock } from './digest/clock.js';
import { DigestScheduler } from './schedule/scheduler.js';
import { openStore } from './store/open.js';
import { logRunMode, runMode } from './sandbox/mode.js';
import { newsPane } from './sandbox/news/pane.js';
import { startNewsSite, type NewsSite } from './sandbox/news/server.js';
import { legalRoutes } from './platforms/teams/legal.js';
import type { Store } from './store/types.js';
import type { InflowDeps } from './inflow/chat.js';
import { articleSink } from './inflow/article-sink.js';
import { SourcePoller } from './inflow/poller.js';
import { safeFetchFromConfig } from './inflow/from-config.js';

export interface BotOverrides {
  /** Use this corpus instead of loading DATA_DIR/factbase.json (tests: a slow or fixture searcher). */
  corpora?: CorpusSource;
  /** The digest scheduler's clock (tests move time by hand). */
  clock?: Clock;
  /** How often the digest scheduler ticks; 0 = never on its own (tests call scheduler.tick()). Default DIGEST_TICK_MS (30 s). */
  digestTickMs?: number;
  /** How often the poller looks for due feeds; 0 = never on its own (tests call poller.pollOnce()). Default 30 s. */
  pollTickMs?: number;
}

export interface RunningBot {
  /** The bot's base URL, e.g. http://127.0.0.1:3000/ (the sandbox page when it runs). */
  url: string;
  port: number;
  server: Server;
  /** Absent when Slack is neither configured nor stood in for (see src/sandbox/mode.ts). */
  slack?: SlackPlatform;
  /** The local Slack stand-in, when no Slack credentials were configured. */
  standIn?: SlackStandIn;
  teams: TeamsApp;
  /** The local Teams stand-in (loopback Bot Framework connector), when no MicrosoftAppId is set. */
  teamsStandIn?: TeamsStandIn;
  /** The loopback news site (articles and feeds to add), in local mode. */
  newsSite?: NewsSite;
  /** Subscriptions, the digest ledger, conversation references (SQLite under VAR_DIR, or DATABASE_URL). */
  store: Store;
  scheduler: DigestScheduler;
  /** Polls followed feeds into DATA_DIR (the corpus watcher then reloads the fact base). */
  poller: SourcePoller;
  corpora: CorpusSource;
  close(): Promise<void>;
}

/**
 * The composition root: config → fact base + search → platforms → one HTTP server. With no
 * Slack credentials it starts the local Slack stand-in and the sandbox page, so a fresh clone
 * works with `npm start`.
 */
export async function startBot(config: Config, logger: Logger, overrides: BotOverrides = {}): Promise<RunningBot> {
  // Followed on disk: `briefbot ingest` while the bot runs is picked up without a restart.
  const watched = overrides.corpora ? undefined : await loadCorpus(config, logger);
  const corpora = overrides.corpora ?? watched!;
  const store = await openStore(config, logger);
  const clock = overrides.clock ?? systemClock;
  const mode = runMode(config);
  logRunMode(mode, logger);
  const limits = { perChannel: config.DIGEST_MAX_PER_CHANNEL, perWorkspace: config.DIGEST_MAX_PER_WORKSPACE };
  // Local mode fetches the loopback news site; otherwise private addresses only when asked for.
  const fetch = safeFetchFromConfig(config, logger.child({ component: 'fetch' }), { allowPrivate: config.SOURCES_ALLOW_PRIVATE || mode.local });
  // The fact store the inflow writes to and `briefbot ask` is matched against: the one this bot follows.
  const factStore = factStoreDescriptor(config);
  const inflow: InflowDeps = { store, fetch, dataDir: config.DATA_DIR, factStore, logger: logger.child({ component: 'inflow' }), admins: config.SOURCES_ADMINS };
  const poller = new SourcePoller({
    store,
    fetch,
    articles: articleSink({ dataDir: config.DATA_DIR, factStore, fetch, logger: inflow.logger }),
    logger: logger.child({ component: 'poller' }),
    options: { intervalMs: Math.max(1, config.POLL_INTERVAL_MINUTES) * 60_000 },
  });

  let standIn: SlackStandIn | undefined;
  let slackSettings: SlackSettings | undefined;
  if (config.SLACK_BOT_TOKEN) {
    slackSettings = {
      botToken: config.SLACK_BOT_TOKEN,
      ...(config.SLACK_SIGNING_SECRET ? { signingSecret: config.SLACK_SIGNING_SECRET } : {}),
      ...(config.SLACK_APP_TOKEN ? { appToken: config.SLACK_APP_TOKEN } : {}),
      ...(config.SLACK_API_URL ? { apiUrl: config.SLACK_API_URL } : {}),
    };
  } else if (mode.slack === 'stand-in') {
    standIn = await startSlackStandIn({ logger: logger.child({ component: 'slack-stand-in' }), transcriptLimit: 1000 });
    slackSettings = { botToken: standIn.botToken, signingSecret: standIn.signingSecret, apiUrl: standIn.apiUrl };
  }
  if (slackSettings) slackSettings = { ...slackSettings, ...slackTuning(config) };
  // Digests post with their own client: retries off, so the ledger is the one place that retries.
  const digestClient = slackSettings
    ? digestWebClient({ botToken: slackSettings.botToken, ...(slackSettings.apiUrl ? { apiUrl: slackSettings.apiUrl } : {}) }, logger)
    : undefined;
  const slack =
    slackSettings && digestClient
      ? createSlackPlatform(slackSettings, corpora, logger, {
          store,
          clock,
          client: digestClient,
          limits,
          ...(config.DIGEST_TZ ? { defaultZone: config.DIGEST_TZ } : {}),
        }, inflow)
      : undefined;
  // Without MicrosoftAppId, /api/messages answers only the loopback connector (see src/sandbox/teams).
  const teamsStandIn = mode.teams === 'stand-in' ? createTeamsStandIn({ logger: logger.child({ component: 'teams-stand-in' }) }) : undefined;
  const teams = createTeamsApp({
    config,
    corpora,
    logger,
    digests: { store, clock, limits, ...(config.DIGEST_TZ ? { defaultZone: config.DIGEST_TZ } : {}) },
    inflow,
    ...(teamsStandIn ? { standInServiceUrl: () => teamsStandIn.serviceUrl() } : {}),
  });
  const scheduler = new DigestScheduler({
    store,
    posters: {
      ...(digestClient ? { slack: new SlackDigestPoster(digestClient) } : {}),
      ...(teams.poster && mode.teams !== 'off' ? { teams: teams.poster } : {}),
    },
    compose: (sub, slot) => composeDigest(corpora.current(), sub, slot),
    newestFirstSeen: () => newestFirstSeen(corpora.current().fb),
    clock,
    logger: logger.child({ component: 'digests' }),
    // Slots and leases follow the database's clock, unless a test moves time by hand.
    options: { timeSource: overrides.clock ? 'clock' : 'store' },
  });

  // Local mode also serves a loopback news site, so `/brief add <url>` has real pages to fetch.
  const newsSite = mode.local ? await startNewsSite({ host: '127.0.0.1', port: 0, logger: logger.child({ component: 'news-site' }) }) : undefined;
  const panes: PagePane[] = [...(standIn ? [slackPane(standIn)] : []), ...(teamsStandIn ? [teamsPane(teamsStandIn)] : []), ...(newsSite ? [newsPane(newsSite)] : [])];
  const tokenCheck = digestClient ? new SlackTokenCheck(digestClient) : undefined;
  const health = healthRoute({
    corpora,
    store,
    scheduler,
    ...(slack && tokenCheck ? { slack: () => slackHealth(slack.status(), tokenCheck) } : {}),
  });
  // `briefbot ask` on this host asks this process (already loaded and indexed) when it holds the token.
  const askToken = watched ? newAskToken() : undefined;
  const routes: Route[] = [
    health,
    ...(watched && askToken ? [localAskRoute(corpora, askToken, () => watched.currentVersion())] : []),
    ...(slack?.routes ?? []),
    ...(mode.teams !== 'off' ? [...teams.routes, ...legalRoutes(config)] : []),
    ...(panes.length > 0 ? sandboxPageRoutes(panes) : []),
  ];
  const server = createHttpServer(routes, logger);
  const port = await listen(server, config.PORT, config.HOST);
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
  const forgetAskEndpoint = askToken ? publishAskEndpoint(config.VAR_DIR, { url, token: askToken, pid: process.pid, store: storeKey(factStore) }, logger) : undefined;
  standIn?.connect(new URL(SLACK_EVENTS_PATH, url).toString());
  teamsStandIn?.setBaseUrl(url);
  await slack?.start();
  const tickMs = overrides.digestTickMs ?? config.DIGEST_TICK_MS;
  if (tickMs > 0) scheduler.start(tickMs);
  // POLL_INTERVAL_MINUTES=0 turns polling off; with no sources a tick is one indexed query.
  const pollTickMs = overrides.pollTickMs ?? 30_000;
  if (pollTickMs > 0 && config.POLL_INTERVAL_MINUTES > 0) poller.start(pollTickMs);

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      forgetAskEndpoint?.();
      await scheduler.stop();
      await poller.stop();
      await slack?.stop();
      await closeServer(server);
      await standIn?.stop();
      await newsSite?.close();
      await fetch.close();
      await store.close();
      watched?.close();
      await watched?.store.close();
    })());
  return { url, port, server, teams, store, scheduler, poller, corpora, ...(slack ? { slack } : {}), ...(standIn ? { standIn } : {}), ...(teamsStandIn ? { teamsStandIn } : {}), ...(newsSite ? { newsSite } : {}), close };
}

/** Run until SIGINT/SIGTERM, then close the server (in-flight requests finish) and exit. */
export function closeOnSignals(bot: RunningBot, logger: Logger): void {
  installProcessGuards(logger);
  const stop = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    bot.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function loadCorpus(config: Config, logger: Logger): Promise<WatchedFactBase<Corpus>> {
  // Followed: the file on disk, or PostgreSQL's NOTIFY after each ingest (and a poll, either way).
  const factStore = await openFactStore(factStoreDescriptor(config), { logger: logger.child({ component: 'fact-store' }) });
  try {
    const cacheDir = corpusCacheDir(config);
    const corpus = await openWatchedCorpus(factStore, { logger, ...(cacheDir === undefined ? {} : { cacheDir }) });
    const { fb } = corpus.current();
    logger.info({ facts: fb.facts.length, articles: fb.articles.size, store: factStore.kind, location: factStore.location, version: corpus.currentVersion() }, 'fact base loaded');
    return corpus;
  } catch (err) {
    await factStore.close();
    throw err;
  }
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Idle keep-alive sockets would hold close() open; busy ones finish their response first.
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 5000).unref();
  });
}

/** Tells `briefbot ask` on this host where to ask; a VAR_DIR that cannot be written only costs `ask` its speed. */
function publishAskEndpoint(varDir: string, endpoint: AskEndpoint, logger: Logger): (() => void) | undefined {
  try {
    return writeAskEndpoint(varDir, endpoint);
  } catch (err) {
    logger.warn({ err, varDir }, 'cannot write the ask endpoint file; briefbot ask will load the fact base itself');
    return undefined;
  }
}
