import type { InflowDeps } from '../../inflow/chat.js';
import { App, SocketModeReceiver, webApi, type Authorize } from '@slack/bolt';
import type { CorpusSource } from '../../brief/corpus.js';
import type { Route } from '../../http/server.js';
import type { Logger } from '../../logger.js';
import { registerActions } from './actions.js';
import { boltLogger } from './bolt-logger.js';
import { registerCommands } from './commands.js';
import { AnswerQueue } from './answer-queue.js';
import { RecentKeys } from './dedupe.js';
import type { SlackDeps } from './deps.js';
import type { SlackDigestDeps } from './digest-command.js';
import { registerEvents } from './events.js';
import { CommandReceipts } from './receipts.js';
import { SlackHttpReceiver } from './receiver.js';
import { checkSocketFrame } from './socket-frames.js';
import { DEFAULT_RESPONSE_URL_POLICY, ResponseUrl } from './response-url.js';

/** Answers waiting past this many get a "busy, try again" ack (SLACK_ANSWER_QUEUE_MAX). */
export const DEFAULT_ANSWER_QUEUE_MAX = 200;

export const SLACK_EVENTS_PATH = '/slack/events';

export interface SlackSettings {
  botToken: string;
  /** HTTP mode: requests are verified with it (401 when the signature or timestamp is wrong). */
  signingSecret?: string;
  /** Socket Mode when set: no public URL needed. */
  appToken?: string;
  /** The Web API base (the local stand-in in the sandbox). */
  apiUrl?: string;
  /** Answers that may wait for their turn; default DEFAULT_ANSWER_QUEUE_MAX. */
  answerQueueMax?: number;
  /** Per response_url post attempt; default 10 s. */
  responseUrlTimeoutMs?: number;
}

/** The Slack tuning the environment may set (see README, Slack: robustness). */
export function slackTuning(config: { SLACK_ANSWER_QUEUE_MAX?: number | undefined; SLACK_RESPONSE_URL_TIMEOUT_MS?: number | undefined }): Pick<SlackSettings, 'answerQueueMax' | 'responseUrlTimeoutMs'> {
  return {
    ...(config.SLACK_ANSWER_QUEUE_MAX !== undefined ? { answerQueueMax: config.SLACK_ANSWER_QUEUE_MAX } : {}),
    ...(config.SLACK_RESPONSE_URL_TIMEOUT_MS !== undefined ? { responseUrlTimeoutMs: config.SLACK_RESPONSE_URL_TIMEOUT_MS } : {}),
  };
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
  inflow?: InflowDeps,
): SlackPlatform {
  const log = logger.child({ platform: 'slack' });
  const clientOptions = settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {};
  const authorize = lazyAuthorize(settings.botToken, clientOptions, log);
  const policy = { ...DEFAULT_RESPONSE_URL_POLICY, ...(settings.responseUrlTimeoutMs !== undefined ? { timeoutMs: settings.responseUrlTimeoutMs } : {}) };
  const deps: SlackDeps = {
    corpora,
    logger: log,
    recent: new RecentKeys(),
    answers: new AnswerQueue(settings.answerQueueMax ?? DEFAULT_ANSWER_QUEUE_MAX),
    // Opened when the request arrives: its 30 minutes count from then.
    responseUrl: (url) => new ResponseUrl(url, Date.now(), policy, log),
    ...(digests ? { digests, receipts: new CommandReceipts(digests.store, () => digests.store.now()) } : {}),
    ...(inflow ? { inflow } : {}),
  };

  let app: App;
  let routes: Route[] = [];
  let connected = false;
  const mode = settings.appToken ? 'socket' : 'http';
  if (settings.appToken) {
    // installerOptions.clientOptions is where Bolt takes the socket client's Web API settings
    // (apps.connections.open), so SLACK_API_URL moves that call too.
    const receiver = new SocketModeReceiver({ appToken: settings.appToken, logger: boltLogger(log), installerOptions: { clientOptions } });
    guardSocketFrames(receiver.client, log);
    receiver.client.on('connected', () => (connected = true));
    receiver.client.on('disconnected', () => (connected = false));
    app = new App({ receiver, authorize, clientOptions, logger: boltLogger(log), convoStore: false });
  } else {
    if (!settings.signingSecret) throw new Error('createSlackPlatform: HTTP mode needs a signing secret');
    const receiver = new SlackHttpReceiver({ signingSecret: settings.signingSecret, logger: log });
    app = new App({ receiver, authorize, clientOptions, logger: boltLogger(log), convoStore: false });
    routes = [{ method: 'POST', path: SLACK_EVENTS_PATH, handler: (req, res) => receiver.handle(req, res) }];
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

type SocketClient = SocketModeReceiver['client'];
type FrameListener = (data: unknown, isBinary: boolean) => unknown;

/**
 * Puts checkSocketFrame (socket-frames.ts) in front of the Socket Mode client's own frame handler:
 * the client's 'ws_message' listener is taken off and called only with frames that passed, and
 * anything it still throws is logged instead of becoming an unhandled rejection. Relies on the
 * client's internal 'ws_message' event (@slack/socket-mode 2.x and 3.x); if that ever goes away,
 * the start-up log says so rather than the guard silently doing nothing.
 */
function guardSocketFrames(client: SocketClient, log: Logger): void {
  const original = client.listeners('ws_message') as FrameListener[];
  if (original.length === 0) {
    log.error('slack: the Socket Mode client has no ws_message handler to guard (a @slack/socket-mode change?); malformed frames are not checked');
    return;
  }
  client.removeAllListeners('ws_message');
  client.on('ws_message', (data: unknown, isBinary: boolean) => {
    if (isBinary) return void log.warn({ reason: 'binary frame' }, 'slack: socket frame dropped');
    const text = typeof data === 'string' ? data : Buffer.isBuffer(data) || data instanceof ArrayBuffer ? Buffer.from(data as ArrayBuffer).toString('utf8') : String(data);
    const verdict = checkSocketFrame(text);
    if (verdict.action === 'drop') return void log.warn({ reason: verdict.reason }, 'slack: socket frame dropped');
    if (verdict.action === 'ack') {
      log.debug({ what: verdict.reason }, 'slack: acknowledged a socket envelope nothing here listens for');
      // send() is the client's own ack path (typed private; the same one its ack() helper calls).
      (client as unknown as { send(id: string): Promise<void> }).send(verdict.envelopeId).catch((err: unknown) => log.warn({ reason: (err as Error).message }, 'slack: could not acknowledge a socket envelope'));
      return;
    }
    for (const listener of original) {
      Promise.resolve()
        .then(() => listener.call(client, verdict.frame, false))
        .catch((err: unknown) => log.error({ err }, 'slack: handling a socket frame failed'));
    }
  });
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
