import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, type Route } from '../../http/server.js';
import type { Logger } from '../../logger.js';

/**
 * A loopback stand-in for the Bot Framework connector and the Teams client: it sends activities
 * to the bot's `/api/messages` the way Teams does (personal, group chat and channel scopes; an
 * `<at>` mention in channels), and receives the bot's replies on the connector's
 * `/v3/conversations/{id}/activities[/{replyToId}]`, answering `{ id }` like the real service.
 * Used by the tests and by `npm start` when no MicrosoftAppId is set.
 */

export type TeamsScope = 'personal' | 'groupChat' | 'channel';

export const STAND_IN = {
  pathPrefix: '/sandbox/teams',
  tenantId: 'sandbox-tenant',
  bot: { id: '28:sandbox-briefbot', name: 'briefbot' },
  user: { id: '29:sandbox-user', name: 'Sandbox User', aadObjectId: '00000000-0000-0000-0000-00000000a11c' },
  team: { id: '19:sandbox-team@thread.tacv2', name: 'Sandbox Team' },
  conversations: {
    personal: 'a:sandbox-personal',
    groupChat: '19:sandbox-group@thread.v2',
    channel: '19:sandbox-channel@thread.tacv2',
  } satisfies Record<TeamsScope, string>,
} as const;

export interface RecordedActivity {
  /** The id this stand-in gave the activity (what the connector answered). */
  id: string;
  conversationId: string;
  /** Present when the bot replied to a specific activity. */
  replyToId?: string;
  /** 'from-bot': a reply or proactive message; 'to-bot': what the stand-in sent. */
  direction: 'from-bot' | 'to-bot';
  activity: Record<string, unknown>;
}

export interface SendInput {
  scope: TeamsScope;
  /** What the user typed (in a channel the stand-in prefixes the @mention, as Teams does). */
  text?: string;
  /** An Action.Submit's data, as Teams sends it when a card button is pressed. */
  value?: Record<string, unknown>;
  /** The card message whose button was pressed. */
  replyToId?: string;
  /** Leave the bot's @mention out of a channel message (Teams delivers only mentions, but tests may ask). */
  withoutMention?: boolean;
}

export interface TeamsStandIn {
  routes: Route[];
  /** Tell the stand-in where the server listens (known only after `listen`). */
  setBaseUrl(baseUrl: string): void;
  /** The serviceUrl it puts on activities; the bot answers nothing else in stand-in mode. */
  serviceUrl(): string | undefined;
  /** Send an activity to the bot as Teams would; resolves with the bot's HTTP status. */
  send(input: SendInput): Promise<{ status: number; activity: Record<string, unknown> }>;
  /** The newest TRANSCRIPT_LIMIT activities exchanged, oldest first. */
  transcript(): RecordedActivity[];
  /** Resolves once `count` activities from the bot have arrived for the conversation. */
  waitForReplies(conversationId: string, count: number, timeoutMs?: number): Promise<RecordedActivity[]>;
  /** The next bot→connector call answers this error instead (tests: 429 with Retry-After, 5xx). */
  failNext(status: number, headers?: Record<string, string>): void;
  /** Every bot→connector request so far, refused ones included (how many attempts a post took). */
  connectorCalls(): number;
  /** Grows with every activity recorded (for the page's long poll). */
  version(): number;
  /** Resolves when the version differs from `since`, or after `timeoutMs`. */
  waitForChange(since: number, timeoutMs: number): Promise<void>;
}

/** The transcript keeps the newest this many activities: a long-running sandbox must not grow without bound. */
export const TRANSCRIPT_LIMIT = 1000;

export interface TeamsStandInOptions {
  logger: Logger;
  fetch?: typeof fetch;
  transcriptLimit?: number;
  /** Where the bot listens, when not on the stand-in's own server (the Bot Framework stand-in). */
  botUrl?: () => string;
  /** The Authorization header put on activities sent to the bot (a Bot Framework JWT); none by default. */
  authorization?: () => string;
  /** Checks the bot's Authorization on connector calls; false answers 401. Default: no check (no app id). */
  authorize?: (req: IncomingMessage) => boolean;
}

export function createTeamsStandIn(options: TeamsStandInOptions): TeamsStandIn {
  const doFetch = options.fetch ?? fetch;
  const limit = Math.max(1, options.transcriptLimit ?? TRANSCRIPT_LIMIT);
  const log: RecordedActivity[] = [];
  // Counts every activity ever recorded (the page's long poll), unlike log.length once trimmed.
  let recorded = 0;
  let calls = 0;
  const waiters = new Set<() => void>();
  let baseUrl: string | undefined;
  let seq = 0;
  const failures: { status: number; headers: Record<string, string> }[] = [];
  const nextId = (prefix: string): string => `${prefix}${(++seq).toString(36).padStart(4, '0')}`;

  const record = (r: RecordedActivity): void => {
    log.push(r);
    recorded += 1;
    if (log.length > limit) log.splice(0, log.length - limit);
    for (const w of waiters) w();
  };

  const serviceUrl = (): string | undefined => (baseUrl === undefined ? undefined : `${baseUrl}${STAND_IN.pathPrefix}/`);

  async function receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0] ?? '';
    const m = /^\/sandbox\/teams\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path);
    if (!m || m[1] === undefined) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'NotFound' } }));
      return;
    }
    calls += 1;
    if (options.authorize && !options.authorize(req)) {
      await readBody(req).catch(() => undefined);
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Authorization has been denied for this request.' }));
      return;
    }
    const failure = failures.shift();
    if (failure) {
      await readBody(req).catch(() => undefined);
      res.writeHead(failure.status, { 'content-type': 'application/json', ...failure.headers }).end(
        JSON.stringify({ error: { code: failure.status === 429 ? 'TooManyRequests' : 'ServiceError', message: 'stand-in failure' } }),
      );
      return;
    }
    let activity: Record<string, unknown>;
    try {
      activity = JSON.parse((await readBody(req)).toString('utf8')) as Record<string, unknown>;
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'BadArgument' } }));
      return;
    }
    const id = nextId('r');
    const entry: RecordedActivity = { id, conversationId: decodeURIComponent(m[1]), direction: 'from-bot', activity };
    if (m[2] !== undefined) entry.replyToId = decodeURIComponent(m[2]);
    record(entry);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id }));
  }

  async function send(input: SendInput): Promise<{ status: number; activity: Record<string, unknown> }> {
    const url = serviceUrl();
    if (baseUrl === undefined || url === undefined) throw new Error('the Teams stand-in has no base URL yet');
    const activity = buildActivity(input, url, nextId('m'));
    record({ id: activity['id'] as string, conversationId: STAND_IN.conversations[input.scope], direction: 'to-bot', activity });
    const botBase = (options.botUrl?.() ?? baseUrl).replace(/\/+$/, '');
    const res = await doFetch(`${botBase}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(options.authorization ? { authorization: options.authorization() } : {}) },
      body: JSON.stringify(activity),
    });
    await res.arrayBuffer();
    if (res.status >= 400) options.logger.warn({ status: res.status }, 'teams stand-in: the bot refused an activity');
    return { status: res.status, activity };
  }

  function waitForReplies(conversationId: string, count: number, timeoutMs = 10_000): Promise<RecordedActivity[]> {
    const mine = (): RecordedActivity[] =>
      log.filter((r) => r.direction === 'from-bot' && r.conversationId.split(';')[0] === conversationId.split(';')[0]);
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const got = mine();
        if (got.length >= count) {
          waiters.delete(check);
          clearTimeout(timer);
          resolve(got);
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`waited for ${count} replies in ${conversationId}, got ${mine().length}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  }

  function waitForChange(since: number, timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        waiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const check = (): void => {
        if (recorded !== since) done();
      };
      const timer = setTimeout(done, timeoutMs);
      waiters.add(check);
      check();
    });
  }

  return {
    failNext: (status, headers = {}) => {
      failures.push({ status, headers });
    },
    version: () => recorded,
    connectorCalls: () => calls,
    waitForChange,
    routes: [{ method: 'POST', path: `${STAND_IN.pathPrefix}/v3/conversations/*`, handler: receive }],
    setBaseUrl: (url) => {
      baseUrl = url.replace(/\/+$/, '');
    },
    serviceUrl,
    send,
    transcript: () => [...log],
    waitForReplies,
  };
}

/** A message activity shaped like the ones Teams delivers for each scope. */
export function buildActivity(input: SendInput, serviceUrl: string, id: string): Record<string, unknown> {
  const conversationId = STAND_IN.conversations[input.scope];
  // In a channel each top-level post is its own thread: Teams names the conversation
  // `<channel>;messageid=<post id>`, and replies to it land in that thread.
  const conversation: Record<string, unknown> = {
    id: input.scope === 'channel' ? `${conversationId};messageid=${id}` : conversationId,
    conversationType: input.scope,
    tenantId: STAND_IN.tenantId,
  };
  if (input.scope !== 'personal') conversation['isGroup'] = true;
  const channelData: Record<string, unknown> = { tenant: { id: STAND_IN.tenantId } };
  if (input.scope === 'channel') {
    channelData['teamsChannelId'] = conversationId;
    channelData['teamsTeamId'] = STAND_IN.team.id;
    channelData['channel'] = { id: conversationId };
    channelData['team'] = { id: STAND_IN.team.id, name: STAND_IN.team.name };
  }
  const activity: Record<string, unknown> = {
    type: 'message',
    id,
    timestamp: new Date().toISOString(),
    localTimestamp: new Date().toISOString(),
    serviceUrl,
    channelId: 'msteams',
    from: { ...STAND_IN.user },
    recipient: { ...STAND_IN.bot },
    conversation,
    locale: 'en-US',
    channelData,
  };
  if (input.value !== undefined) {
    activity['value'] = input.value;
    if (input.replyToId !== undefined) activity['replyToId'] = input.replyToId;
    return activity;
  }
  const typed = input.text ?? '';
  // Teams delivers channel and group messages to a bot only when it is @mentioned, as an <at> tag
  // in the text plus a mention entity naming the bot's id.
  const mention = input.scope !== 'personal' && input.withoutMention !== true;
  const tag = `<at>${STAND_IN.bot.name}</at>`;
  activity['text'] = mention ? `${tag} ${typed}` : typed;
  activity['textFormat'] = 'plain';
  if (mention) {
    activity['entities'] = [{ type: 'mention', text: tag, mentioned: { ...STAND_IN.bot } }];
  }
  return activity;
}
