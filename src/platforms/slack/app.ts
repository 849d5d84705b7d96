import { App, HTTPReceiver, SocketModeReceiver, webApi, type Authorize } from '@slack/bolt';
import type { CorpusSource } from '../../brief/corpus.js';
import type { Route } from '../../http/server.js';
import type { Logger } from '../../logger.js';
import { registerActions } from './actions.js';
import { boltLogger } from './bolt-logger.js';
import { registerCommands } from './commands.js';
import { RecentKeys } from './dedupe.js';
import { createAnswerTurns } from './deps.js';
import type { SlackDigestDeps } from './digest-command.js';
import { registerEvents } from './events.js';

export const SLACK_EVENTS_PATH = '/slack/events';

export interface SlackSettings {
  botToken: string;
  /** HTTP mode: requests are verified with it (401 when the signature or timestamp is wrong). */
  signingSecret?: string;
  /** Socket Mode when set: no public URL needed. */
  appToken?: string;
  /** The Web API base (the local stand-in in the sandbox). */
  apiUrl?: string;
}

export interface SlackPlatform {
  mode: 'http' | 'socket';
  /** Routes for the one HTTP server (empty in Socket Mode). */
  routes: Route[];
  start(): Promise<void>;
  stop(): Promise<void>;
  /** For /healthz: Socket Mode reports whether its connection is up. */
  status(): { mode: 'http' | 'socket'; connected: boolean };
}

/**
 * The Bolt app. In HTTP mode its receiver is mounted on our server at POST /slack/events (Bolt
 * never opens a port of its own); in Socket Mode Bolt keeps a websocket to Slack. Start-up never
 * waits on Slack: auth.test runs once, in the background, on the first request.
 */
export function createSlackPlatform(
  settings: SlackSettings,
  corpora: CorpusSource,
  logger: Logger,
  digests?: SlackDigestDeps,
): SlackPlatform {
  const log = logger.child({ platform: 'slack' });
  const clientOptions = settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {};
  const authorize = lazyAuthorize(settings.botToken, clientOptions, log);
  const deps = { corpora, logger: log, recent: new RecentKeys(), answerTurn: createAnswerTurns(), ...(digests ? { digests } : {}) };

  let app: App;
  let routes: Route[] = [];
  let connected = false;
  const mode = settings.appToken ? 'socket' : 'http';
  if (settings.appToken) {
    // installerOptions.clientOptions is where Bolt takes the socket client's Web API settings
    // (apps.connections.open), so SLACK_API_URL moves that call too.
    const receiver = new SocketModeReceiver({ appToken: settings.appToken, logger: boltLogger(log), installerOptions: { clientOptions } });
    receiver.client.on('connected', () => (connected = true));
    receiver.client.on('disconnected', () => (connected = false));
    app = new App({ receiver, authorize, clientOptions, logger: boltLogger(log), convoStore: false });
  } else {
    if (!settings.signingSecret) throw new Error('createSlackPlatform: HTTP mode needs a signing secret');
    const receiver = new HTTPReceiver({
      signingSecret: settings.signingSecret,
      endpoints: SLACK_EVENTS_PATH,
      logger: boltLogger(log),
      processBeforeResponse: false,
    });
    app = new App({ receiver, authorize, clientOptions, logger: boltLogger(log), convoStore: false });
    routes = [{ method: 'POST', path: SLACK_EVENTS_PATH, handler: (req, res) => receiver.requestListener(req, res) }];
    connected = true;
  }
  app.error(async (err) => {
    log.error({ err }, 'slack: unhandled error in a listener');
  });
  registerCommands(app, deps);
  registerActions(app, deps);
  registerEvents(app, deps);

  return {
    mode,
    routes,
    async start() {
      if (mode === 'socket') {
        // Not awaited: the HTTP server and /healthz come up even while Slack is unreachable.
        app.start().catch((err: unknown) => log.error({ err }, 'slack: Socket Mode connection failed'));
      }
    },
    async stop() {
      if (mode === 'socket') await app.stop().catch(() => undefined);
    },
    status: () => ({ mode, connected }),
  };
}

/**
 * Bolt's own token check calls auth.test before the app can start (or on every request when
 * disabled). This asks once, lazily and in the background; until it answers, the token alone
 * is enough for everything briefbot does (commands and actions do not need the bot's ids).
 */
function lazyAuthorize(token: string, clientOptions: { slackApiUrl?: string }, log: Logger): Authorize<boolean> {
  const client = new webApi.WebClient(token, { ...clientOptions, retryConfig: { retries: 2 }, logger: boltLogger(log) });
  let ids: { botId?: string; botUserId?: string } | undefined;
  let pending = false;
  return async () => {
    if (!ids && !pending) {
      pending = true;
      client.auth
        .test()
        .then((r) => {
          ids = {
            ...(typeof r.bot_id === 'string' ? { botId: r.bot_id } : {}),
            ...(typeof r.user_id === 'string' ? { botUserId: r.user_id } : {}),
          };
          log.info({ team: r.team, botUserId: r.user_id }, 'slack: bot token verified');
        })
        .catch((err: unknown) => log.warn({ reason: (err as Error).message }, 'slack: auth.test failed; will try again'))
        .finally(() => (pending = false));
    }
    return { botToken: token, ...ids };
  };
}
