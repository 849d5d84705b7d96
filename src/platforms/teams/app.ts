import type { InflowDeps } from '../../inflow/chat.js';
import type { CorpusSource } from '../../brief/corpus.js';
import type { Config } from '../../config.js';
import type { Route } from '../../http/server.js';
import type { Logger } from '../../logger.js';
import { createAdapter, teamsMode, type BriefbotAdapter, type TeamsMode } from './adapter.js';
import type { DigestPoster } from '../../digest/poster.js';
import { BriefBot } from './bot.js';
import { createTeamsDigestPoster, type TeamsDigestDeps } from './digest.js';
import { messagesRoute } from './routes.js';

export interface TeamsAppDeps {
  config: Config;
  corpora: CorpusSource;
  logger: Logger;
  /** Stand-in mode only: the loopback connector's serviceUrl (see src/sandbox/teams). */
  standInServiceUrl?: () => string | undefined;
  /** The store (subscriptions, conversation references) and clock; enables `digest …` and the poster. */
  digests?: TeamsDigestDeps;
  /** Enables `add <url>` and `sources …` (feeds). */
  inflow?: InflowDeps;
}

export interface TeamsApp {
  mode: TeamsMode;
  adapter: BriefbotAdapter;
  bot: BriefBot;
  routes: Route[];
  /** For the scheduler's `posters.teams`; present when `digests` was given. */
  poster?: DigestPoster;
}

/** The Teams edge: a CloudAdapter, the bot, and the `POST /api/messages` route for the one server. */
export function createTeamsApp(deps: TeamsAppDeps): TeamsApp {
  const mode = teamsMode(deps.config);
  const logger = deps.logger.child({ platform: 'teams' });
  const adapter = createAdapter(deps.config, logger);
  const bot = new BriefBot({ corpora: deps.corpora, logger, ...(deps.digests ? { digests: deps.digests } : {}), ...(deps.inflow ? { inflow: deps.inflow } : {}) });
  if (mode === 'stand-in') {
    logger.info('Teams: MicrosoftAppId is not set, so POST /api/messages serves the local stand-in only (no JWT check; activities from any other serviceUrl are refused)');
  } else {
    logger.info({ appType: deps.config.MicrosoftAppType ?? 'MultiTenant' }, 'Teams: POST /api/messages checks Bot Framework JWTs');
  }
  const routes = [
    messagesRoute({
      adapter,
      mode,
      logic: (context) => bot.run(context),
      logger,
      ...(deps.standInServiceUrl ? { standInServiceUrl: deps.standInServiceUrl } : {}),
    }),
  ];
  const poster = deps.digests
    ? createTeamsDigestPoster({ adapter, store: deps.digests.store, appId: deps.config.MicrosoftAppId ?? '', logger })
    : undefined;
  return { mode, adapter, bot, routes, ...(poster ? { poster } : {}) };
}

/** Just the routes, for a composition root that needs nothing else from Teams. */
export function teamsRoutes(deps: TeamsAppDeps): Route[] {
  return createTeamsApp(deps).routes;
}
