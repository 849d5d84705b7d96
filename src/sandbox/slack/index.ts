/**
 * A loopback stand-in for Slack, for tests and for `npm start` without credentials.
 *
 *   const slack = await startSlackStandIn({ logger });        // 127.0.0.1, random port, random secrets
 *   slack.apiUrl                 → give the bot as SLACK_API_URL (Web API base, ends in /api/)
 *   slack.signingSecret, slack.botToken → give the bot as SLACK_SIGNING_SECRET / SLACK_BOT_TOKEN
 *   slack.connect(botEventsUrl)  → where commands, actions and events are POSTed (…/slack/events)
 *   await slack.sendCommand({ text: 'kenya malaysia' }) → { status, body, triggerId, responseUrl, … }
 *   await slack.retry(delivery, 1)                   → the same request again with x-slack-retry-num
 *   await slack.clickButton({ messageId, actionId }) → a signed block_actions payload
 *   await slack.sendEvent({ type: 'app_home_opened', user, tab: 'home' })
 *   slack.setUser({ id, tz })    → users.info answers with that tz (digests read it)
 *   slack.messages               → the channel timeline (bot posts, ephemerals, replacements, deletions,
 *                                  and Slackbot's "failed with the error …" when the bot does not ack)
 *   slack.calls, slack.deliveries → every Web API call (and response_url post, as method
 *                                  "response_url") and every request sent to the bot
 *   slack.homeViews              → Home tabs published with views.publish, by user id
 *   slack.expireResponseUrls()   → as if 30 minutes had passed (response_url then answers 404)
 *   slack.faults.responseUrl = firstPostFails({ kind: 'status', status: 500 }) → response_url posts
 *                                  fail on purpose (faults.ts: status, reset, delay, late, hang)
 *   slack.faults.webApi = ({ method }) => …  → the same for Web API calls
 *   await slack.replay(delivery) → the same signed bytes and headers again (a replay attack)
 *   await slack.sendRaw({ body, contentType, sign }) → any body at all, signed or not
 *   await slack.waitFor(() => slack.messages.find(…)) → resolves when the predicate holds
 *   slack.rateLimit.perChannelMs → chat.postMessage spacing per channel (default 1000 ms; 0 disables);
 *                                  a faster post gets HTTP 429 with Retry-After, as Slack answers
 *   slack.postFaults.push({ method: 'chat.postMessage', kind: 'reset-after' }) → the next call is posted,
 *                                  then its connection dropped (also 'reset', 'hang-after' + hangMs)
 *   slack.socketMode.appToken     → give the bot as SLACK_APP_TOKEN: apps.connections.open answers a
 *                                  ws:// link here (socket-mode.ts); then slack.sendCommandOverSocket({ text })
 *                                  or slack.socketMode.sendRaw('null') (any frame at all)
 *   await slack.stop()
 *
 * It enforces what Slack enforces: the bearer token on every Web API call, Block Kit limits
 * (invalid_blocks, msg_too_long), response_url's 5 uses and 30 minutes (404 expired_url/used_url).
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../logger.js';
import { checkMessage } from './block-kit.js';
import { applyFault, type ResponseUrlFaults, type WebApiFaults } from './faults.js';
import { randomSlackCredentials, slackSignature } from './signing.js';
import { SocketModeStandIn } from './socket-mode.js';
import { callWebApi, parseArgs } from './web-api.js';

export const SANDBOX_TEAM = { id: 'T0SANDBOX', domain: 'sandbox' } as const;
export const SANDBOX_CHANNEL = { id: 'C0SANDBOX1', name: 'general' } as const;
export const SANDBOX_USER = { id: 'U0SANDBOX1', name: 'you' } as const;
export const SANDBOX_BOT = { userId: 'U0BRIEFBOT', botId: 'B0BRIEFBOT', appId: 'A0BRIEFBOT' } as const;

const RESPONSE_URL_USES = 5;
const RESPONSE_URL_TTL_MS = 30 * 60 * 1000;

export interface SandboxUser {
  id: string;
  name: string;
  /** IANA zone, as users.info reports it. */
  tz: string;
}

export interface RecordedMessage {
  id: string;
  ts: string;
  channel: string;
  author: 'bot' | 'user' | 'slackbot';
  /** Ephemeral messages are seen by this user only. */
  ephemeral: boolean;
  visibleTo?: string;
  text: string;
  blocks: unknown[];
  /** How it arrived: response_url, chat.postMessage, chat.postEphemeral, command. */
  via: string;
  /** Bumped on each replacement (replace_original, chat.update). */
  version: number;
  deleted: boolean;
  /** performance.now() when it arrived (benchmarks measure time to answer with it). */
  receivedAt: number;
  /** For messages posted through a response_url: which one. */
  responseUrl?: string;
  /** chat.postMessage `metadata` (event type and payload), returned by conversations.history with include_all_metadata. */
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

/**
 * A failure to inject into the next Web API calls of `method` (tests of unknown outcomes):
 * `reset` drops the connection before handling the call; `reset-after` handles it (the message is
 * posted) then drops the connection instead of answering; `hang-after` handles it and answers
 * nothing for `hangMs`, then drops the connection.
 */
export interface WebApiFault {
  method: string;
  kind: 'reset' | 'reset-after' | 'hang-after';
  hangMs?: number;
  /** How many calls it applies to (default 1). */
  times?: number;
}

export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  ok: boolean;
  error?: string;
  status: number;
}

export interface Delivery {
  kind: 'command' | 'action' | 'event' | 'raw';
  /** The exact form or JSON body sent, so a retry resends it byte for byte. */
  body: string;
  contentType: string;
  retryNum?: number;
  status: number;
  responseBody: string;
  triggerId?: string;
  responseUrl?: string;
  /** The headers as sent (x-slack-request-timestamp, x-slack-signature, …): replay() resends them. */
  headers: Record<string, string>;
}

export interface SendCommandOptions {
  text: string;
  command?: string;
  userId?: string;
  channelId?: string;
  /** Sign with this secret instead of the right one (to test rejection). */
  signingSecret?: string;
  /** Unix seconds for x-slack-request-timestamp (to test stale requests). */
  timestamp?: number;
  /** Start the response_url already spent or expired (to test the bot's handling). */
  responseUrlUsesLeft?: number;
  responseUrlExpired?: boolean;
  /** Leave these fields out of the form (Slack omits an empty `text`; to test bodies without a trigger_id). */
  omit?: ('text' | 'trigger_id')[];
  /** Content-Type to send instead of the bare form type (e.g. with `; charset=utf-8`). */
  contentType?: string;
}

export interface StandInOptions {
  logger: Logger;
  signingSecret?: string;
  botToken?: string;
  botEventsUrl?: string;
  host?: string;
  port?: number;
  /**
   * Keep only the newest this many messages, calls and deliveries (a long-running sandbox must not
   * grow without bound). Default: keep everything (tests and benchmarks count them all).
   */
  transcriptLimit?: number;
}

interface ResponseUrlState {
  uses: number;
  createdAt: number;
  channel: string;
  userId: string;
  /** For block_actions: the message whose button was clicked (replace_original/delete_original act on it). */
  sourceMessageId?: string;
}

export class SlackStandIn {
  readonly messages: RecordedMessage[] = [];
  readonly calls: RecordedCall[] = [];
  readonly deliveries: Delivery[] = [];
  /** Home tabs published with views.publish, by user id. */
  readonly homeViews = new Map<string, unknown>();
  readonly rateLimit = { perChannelMs: 1000 };
  /** Queued chat.postMessage-style faults for the scheduler's fault tests (see WebApiFault). */
  readonly postFaults: WebApiFault[] = [];
  /** Failures to inject on purpose (faults.ts); none by default. */
  readonly faults: { responseUrl?: ResponseUrlFaults | undefined; webApi?: WebApiFaults | undefined } = {};
  private readonly postsSeen = new Map<string, number>();
  /** Socket Mode: apps.connections.open and the websocket it hands out (socket-mode.ts). */
  readonly socketMode = new SocketModeStandIn(() => this.url);
  readonly signingSecret: string;
  readonly botToken: string;
  private readonly changes = new EventEmitter();
  private readonly responseUrls = new Map<string, ResponseUrlState>();
  readonly lastPost = new Map<string, number>();
  readonly users = new Map<string, SandboxUser>();
  private botEventsUrl: string | undefined;
  private seq = 0;
  private recordedMessages = 0;
  private readonly limit: number;
  private url = '';

  constructor(
    private readonly server: Server,
    private readonly logger: Logger,
    options: StandInOptions,
  ) {
    const random = randomSlackCredentials();
    this.signingSecret = options.signingSecret ?? random.signingSecret;
    this.botToken = options.botToken ?? random.botToken;
    this.botEventsUrl = options.botEventsUrl;
    this.limit = Math.max(1, options.transcriptLimit ?? Number.POSITIVE_INFINITY);
    this.users.set(SANDBOX_USER.id, { ...SANDBOX_USER, tz: 'UTC' });
    this.changes.setMaxListeners(0);
  }

  /** Base URL of the stand-in, e.g. http://127.0.0.1:41234/ */
  get baseUrl(): string {
    return this.url;
  }

  /** The Web API base to give the bot as SLACK_API_URL. */
  get apiUrl(): string {
    return `${this.url}api/`;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Increments on every recorded change; the sandbox page polls it. */
  get version(): number {
    return this.seq;
  }

  setBaseUrl(url: string): void {
    this.url = url;
  }

  connect(botEventsUrl: string): void {
    this.botEventsUrl = botEventsUrl;
  }

  setUser(user: { id: string; tz: string; name?: string }): void {
    this.users.set(user.id, { id: user.id, name: user.name ?? user.id.toLowerCase(), tz: user.tz });
  }

  /** Every response_url issued so far is expired, as after 30 minutes. */
  expireResponseUrls(): void {
    for (const state of this.responseUrls.values()) state.createdAt = -Infinity;
  }

  onChange(listener: () => void): () => void {
    this.changes.on('change', listener);
    return () => this.changes.off('change', listener);
  }

  /** Resolve with the predicate's first truthy value, or reject after `timeoutMs`. */
  async waitFor<T>(predicate: () => T | undefined | null | false, timeoutMs = 10_000): Promise<T> {
    const now = predicate();
    if (now) return now;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`stand-in: condition not met within ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.onChange(() => {
        const v = predicate();
        if (v) {
          clearTimeout(timer);
          off();
          resolve(v);
        }
      });
    });
  }

  /** A user typing `/brief <text>`: Slack's form body, signed, POSTed to the bot. */
  async sendCommand(o: SendCommandOptions): Promise<Delivery> {
    const { form, triggerId, responseUrl } = this.commandForm(o);
    return this.deliver('command', form.toString(), o.contentType ?? 'application/x-www-form-urlencoded', {
      triggerId,
      responseUrl,
      ...(o.signingSecret !== undefined ? { signingSecret: o.signingSecret } : {}),
      ...(o.timestamp !== undefined ? { timestamp: o.timestamp } : {}),
    });
  }

  /**
   * The same command over Socket Mode: a `slash_commands` envelope whose payload is the command's
   * fields. Resolves with the bot's ack (and the response_url the answer will come to).
   */
  async sendCommandOverSocket(o: SendCommandOptions): Promise<{ ack: unknown; responseUrl: string }> {
    const { form, responseUrl } = this.commandForm(o);
    const ack = await this.socketMode.sendEnvelope('slash_commands', Object.fromEntries(form));
    return { ack: ack.payload, responseUrl };
  }

  private commandForm(o: SendCommandOptions): { form: URLSearchParams; triggerId: string; responseUrl: string } {
    const userId = o.userId ?? SANDBOX_USER.id;
    const channel = o.channelId ?? SANDBOX_CHANNEL.id;
    const responseUrl = this.issueResponseUrl({ channel, userId }, o);
    const triggerId = this.triggerId();
    const command = o.command ?? '/brief';
    this.record({ channel, author: 'user', ephemeral: true, visibleTo: userId, text: `${command} ${o.text}`.trim(), blocks: [], via: 'command' });
    const form = new URLSearchParams({
      token: 'sandbox-verification-token',
      team_id: SANDBOX_TEAM.id,
      team_domain: SANDBOX_TEAM.domain,
      channel_id: channel,
      channel_name: channel === SANDBOX_CHANNEL.id ? SANDBOX_CHANNEL.name : channel.toLowerCase(),
      user_id: userId,
      user_name: this.users.get(userId)?.name ?? userId.toLowerCase(),
      command,
      text: o.text,
      api_app_id: SANDBOX_BOT.appId,
      is_enterprise_install: 'false',
      response_url: responseUrl,
      trigger_id: triggerId,
    });
    for (const field of o.omit ?? []) form.delete(field);
    return { form, triggerId, responseUrl };
  }

  /** Send a delivery again as Slack's retry would: same body, new signature, x-slack-retry-num. */
  async retry(previous: Delivery, retryNum = 1): Promise<Delivery> {
    return this.deliver(previous.kind, previous.body, previous.contentType, {
      retryNum,
      ...(previous.triggerId !== undefined ? { triggerId: previous.triggerId } : {}),
      ...(previous.responseUrl !== undefined ? { responseUrl: previous.responseUrl } : {}),
    });
  }

  /** The very same request again: same bytes, same timestamp and signature (what an attacker who saw it can send). */
  async replay(previous: Delivery): Promise<Delivery> {
    return this.post(previous.kind, previous.body, previous.contentType, { ...previous.headers }, {
      ...(previous.triggerId !== undefined ? { triggerId: previous.triggerId } : {}),
      ...(previous.responseUrl !== undefined ? { responseUrl: previous.responseUrl } : {}),
    });
  }

  /** Any body with any content type, signed with the right secret unless `sign` is false. */
  async sendRaw(o: { body: string; contentType?: string; sign?: boolean; timestamp?: number }): Promise<Delivery> {
    const timestamp = o.timestamp ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = { 'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)' };
    if (o.contentType !== undefined) headers['content-type'] = o.contentType;
    if (o.sign !== false) {
      headers['x-slack-request-timestamp'] = String(timestamp);
      headers['x-slack-signature'] = slackSignature(this.signingSecret, timestamp, o.body);
    }
    return this.post('raw', o.body, o.contentType ?? '', headers, {});
  }

  /** A click on a button of a recorded message: a signed block_actions payload with a fresh response_url. */
  async clickButton(o: { messageId: string; actionId: string; userId?: string }): Promise<Delivery> {
    const message = this.messages.find((m) => m.id === o.messageId && !m.deleted);
    if (!message) throw new Error(`stand-in: no message ${o.messageId}`);
    const found = findButton(message.blocks, o.actionId);
    if (!found) throw new Error(`stand-in: message ${o.messageId} has no button ${o.actionId}`);
    const userId = o.userId ?? SANDBOX_USER.id;
    const responseUrl = this.issueResponseUrl({ channel: message.channel, userId, sourceMessageId: message.id }, {});
    const triggerId = this.triggerId();
    const payload = {
      type: 'block_actions',
      user: { id: userId, username: this.users.get(userId)?.name ?? userId, name: this.users.get(userId)?.name ?? userId, team_id: SANDBOX_TEAM.id },
      api_app_id: SANDBOX_BOT.appId,
      token: 'sandbox-verification-token',
      container: { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: message.ephemeral },
      trigger_id: triggerId,
      team: SANDBOX_TEAM,
      enterprise: null,
      is_enterprise_install: false,
      channel: { id: message.channel, name: message.channel === SANDBOX_CHANNEL.id ? SANDBOX_CHANNEL.name : message.channel },
      // Slack includes the message for public messages only.
      ...(message.ephemeral ? {} : { message: { type: 'message', ts: message.ts, text: message.text, blocks: message.blocks } }),
      state: { values: {} },
      response_url: responseUrl,
      actions: [{ ...found.button, block_id: found.blockId, action_ts: this.slackTs() }],
    };
    const form = new URLSearchParams({ payload: JSON.stringify(payload) });
    return this.deliver('action', form.toString(), 'application/x-www-form-urlencoded', { triggerId, responseUrl });
  }

  /** An Events API event_callback (e.g. app_home_opened). */
  async sendEvent(event: Record<string, unknown>): Promise<Delivery> {
    const body = JSON.stringify({
      token: 'sandbox-verification-token',
      team_id: SANDBOX_TEAM.id,
      api_app_id: SANDBOX_BOT.appId,
      event: { event_ts: this.slackTs(), ...event },
      type: 'event_callback',
      event_id: `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: SANDBOX_TEAM.id, user_id: SANDBOX_BOT.userId, is_bot: true }],
    });
    return this.deliver('event', body, 'application/json', {});
  }

  private async deliver(
    kind: Delivery['kind'],
    body: string,
    contentType: string,
    o: { triggerId?: string; responseUrl?: string; retryNum?: number; signingSecret?: string; timestamp?: number },
  ): Promise<Delivery> {
    const timestamp = o.timestamp ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': slackSignature(o.signingSecret ?? this.signingSecret, timestamp, body),
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    };
    if (o.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(o.retryNum);
      headers['x-slack-retry-reason'] = 'http_timeout';
    }
    return this.post(kind, body, contentType, headers, o);
  }

  private async post(
    kind: Delivery['kind'],
    body: string,
    contentType: string,
    headers: Record<string, string>,
    o: { triggerId?: string; responseUrl?: string; retryNum?: number },
  ): Promise<Delivery> {
    if (!this.botEventsUrl) throw new Error('stand-in: connect(botEventsUrl) first');
    let status = 0;
    let responseBody = '';
    try {
      // Slack gives up on an ack after 3 seconds.
      const res = await fetch(this.botEventsUrl, { method: 'POST', headers, body, signal: AbortSignal.timeout(3000) });
      status = res.status;
      responseBody = await res.text();
    } catch (err) {
      responseBody = (err as Error).name === 'TimeoutError' ? 'operation_timeout' : 'dispatch_failed';
    }
    const delivery: Delivery = { kind, body, contentType, status, responseBody, headers };
    if (o.retryNum !== undefined) delivery.retryNum = o.retryNum;
    if (o.triggerId !== undefined) delivery.triggerId = o.triggerId;
    if (o.responseUrl !== undefined) delivery.responseUrl = o.responseUrl;
    this.deliveries.push(delivery);
    this.trim(this.deliveries);
    // Slack shows an immediate (non-empty) ack body to the user as an ephemeral reply.
    if (kind === 'command' && status === 200 && responseBody.trim() !== '') this.acceptAckBody(delivery);
    // What Slack shows the user when the app does not acknowledge in time or answers an error.
    if (kind === 'command' && status !== 200) {
      const error = status === 0 ? responseBody : 'dispatch_failed';
      const command = new URLSearchParams(body).get('command') ?? '/command';
      this.record({ channel: SANDBOX_CHANNEL.id, author: 'slackbot', ephemeral: true, text: `${command} failed with the error "${error}"`, blocks: [], via: 'slack' });
    }
    this.changed();
    return delivery;
  }

  private acceptAckBody(delivery: Delivery): void {
    const state = delivery.responseUrl ? this.responseUrls.get(idOf(delivery.responseUrl)) : undefined;
    let msg: { text?: string; blocks?: unknown[] } = { text: delivery.responseBody };
    try {
      msg = JSON.parse(delivery.responseBody) as typeof msg;
    } catch {
      // plain text ack
    }
    this.record({
      channel: state?.channel ?? SANDBOX_CHANNEL.id,
      author: 'bot',
      ephemeral: true,
      ...(state ? { visibleTo: state.userId } : {}),
      text: msg.text ?? '',
      blocks: msg.blocks ?? [],
      via: 'ack',
    });
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const raw = await readAll(req);
    if (req.method === 'POST' && path.startsWith('/api/')) {
      const method = path.slice(5);
      const fault = this.faults.webApi?.({ method });
      if (!fault) return this.webApi(method, req, raw, res);
      await applyFault(fault, req, res, () => this.webApi(method, req, raw, res));
      return;
    }
    if (req.method === 'POST' && path.startsWith('/response/')) {
      const id = path.slice(10);
      const attempt = this.postsSeen.get(id) ?? 0;
      this.postsSeen.set(id, attempt + 1);
      const fault = this.faults.responseUrl?.({ id, attempt });
      if (!fault) return this.responseUrlPost(id, raw, res);
      const status = await applyFault(fault, req, res, () => this.responseUrlPost(id, raw, res));
      if (fault.kind !== 'delay' && fault.kind !== 'late') {
        this.calls.push({ method: 'response_url', args: {}, ok: false, error: `fault:${fault.kind}`, status });
        this.changed();
      }
      return;
    }
    sendJson(res, 404, { ok: false, error: 'unknown_method' });
  }

  /** response_url posts are recorded in `calls` as method "response_url", failures included. */
  private responseUrlPost(id: string, raw: string, res: ServerResponse): void {
    const send = (r: ServerResponse, status: number, body: Record<string, unknown>) => {
      const call: RecordedCall = { method: 'response_url', args: {}, ok: body['ok'] === true, status };
      if (typeof body['error'] === 'string') call.error = body['error'];
      this.calls.push(call);
      this.trim(this.calls);
      this.changed();
      sendJson(r, status, body);
    };
    const state = this.responseUrls.get(id);
    if (!state || Date.now() - state.createdAt > RESPONSE_URL_TTL_MS) return send(res, 404, { ok: false, error: 'expired_url' });
    if (state.uses >= RESPONSE_URL_USES) return send(res, 404, { ok: false, error: 'used_url' });
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return send(res, 400, { ok: false, error: 'invalid_json' });
    }
    state.uses += 1;
    // A button's response_url acts on the clicked message; a slash command's on the message that
    // command produced through it (its latest answer), as Slack does.
    const url = `${this.url}response/${id}`;
    const source = state.sourceMessageId
      ? this.messages.find((m) => m.id === state.sourceMessageId && !m.deleted)
      : this.messages.findLast((m) => m.responseUrl === url && !m.deleted);
    if (body['delete_original'] === true || body['delete_original'] === 'true') {
      if (!source) return send(res, 404, { ok: false, error: 'message_not_found' });
      source.deleted = true;
      source.version += 1;
      this.changed();
      return send(res, 200, { ok: true });
    }
    const check = this.check(body);
    if (!check.ok) return send(res, 400, { ok: false, error: check.error, response_metadata: { messages: check.errors } });
    const text = typeof body['text'] === 'string' ? body['text'] : '';
    const blocks = Array.isArray(body['blocks']) ? (body['blocks'] as unknown[]) : [];
    if ((body['replace_original'] === true || body['replace_original'] === 'true') && source) {
      source.text = text;
      source.blocks = blocks;
      source.version += 1;
      this.changed();
      return send(res, 200, { ok: true });
    }
    const inChannel = body['response_type'] === 'in_channel';
    this.record({
      channel: state.channel,
      author: 'bot',
      ephemeral: !inChannel,
      ...(inChannel ? {} : { visibleTo: state.userId }),
      text,
      blocks,
      via: 'response_url',
      responseUrl: url,
    });
    send(res, 200, { ok: true });
  }

  private webApi(method: string, req: IncomingMessage, raw: string, res: ServerResponse): void {
    const args = parseArgs(raw, req.headers['content-type'] ?? '');
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : typeof args['token'] === 'string' ? args['token'] : undefined;
    delete args['token'];
    const answer = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) => {
      const call: RecordedCall = { method, args, ok: body['ok'] === true, status };
      if (typeof body['error'] === 'string') call.error = body['error'];
      this.calls.push(call);
      this.trim(this.calls);
      this.changed();
      sendJson(res, status, body, headers);
    };
    // The one call made with the app-level token, as at Slack.
    if (method === 'apps.connections.open') {
      if (token !== this.socketMode.appToken) return answer(200, { ok: false, error: token === undefined ? 'not_authed' : 'invalid_auth' });
      return answer(200, { ok: true, url: this.socketMode.openLink() });
    }
    if (token === undefined) return answer(200, { ok: false, error: 'not_authed' });
    if (token !== this.botToken) return answer(200, { ok: false, error: 'invalid_auth' });
    const fault = this.takeFault(method);
    if (!fault) return callWebApi(this, method, args, answer);
    this.calls.push({ method, args, ok: false, error: `fault:${fault.kind}`, status: 0 });
    if (fault.kind === 'reset') return void res.socket?.destroy();
    // The call takes effect (a message is recorded) but its answer never arrives.
    callWebApi(this, method, args, () => undefined);
    if (fault.kind === 'reset-after') return void res.socket?.destroy();
    setTimeout(() => res.socket?.destroy(), fault.hangMs ?? 20_000).unref();
  }

  private takeFault(method: string): WebApiFault | undefined {
    const i = this.postFaults.findIndex((f) => f.method === method);
    if (i < 0) return undefined;
    const f = this.postFaults[i]!;
    f.times = (f.times ?? 1) - 1;
    if (f.times <= 0) this.postFaults.splice(i, 1);
    return f;
  }

  /** Slack's message checks; a rejection is logged so a developer sees why the page shows nothing. */
  check(args: Record<string, unknown>): ReturnType<typeof checkMessage> {
    let blocks = args['blocks'];
    if (typeof blocks === 'string') {
      try {
        blocks = JSON.parse(blocks) as unknown;
      } catch {
        // left as a string: checkMessage rejects it as invalid_blocks
      }
    }
    const check = checkMessage({ text: args['text'], blocks });
    if (!check.ok) this.logger.warn({ error: check.error, problems: check.errors.slice(0, 5) }, 'slack stand-in: message rejected');
    return check;
  }

  private issueResponseUrl(
    s: Omit<ResponseUrlState, 'uses' | 'createdAt'>,
    o: { responseUrlUsesLeft?: number; responseUrlExpired?: boolean },
  ): string {
    const id = `${SANDBOX_TEAM.id}/${randomBytes(12).toString('hex')}`;
    this.responseUrls.set(id, {
      ...s,
      uses: RESPONSE_URL_USES - (o.responseUrlUsesLeft ?? RESPONSE_URL_USES),
      createdAt: o.responseUrlExpired ? -Infinity : Date.now(),
    });
    return `${this.url}response/${id}`;
  }

  private triggerId(): string {
    return `${Date.now()}.${randomBytes(6).toString('hex')}`;
  }

  private slackTs(): string {
    const ms = Date.now();
    return `${Math.floor(ms / 1000)}.${String((ms % 1000) * 1000 + (this.seq % 1000)).padStart(6, '0')}`;
  }

  record(m: Omit<RecordedMessage, 'id' | 'ts' | 'version' | 'deleted' | 'receivedAt'>): RecordedMessage {
    this.recordedMessages += 1;
    const message: RecordedMessage = { ...m, id: `m${this.recordedMessages}`, ts: this.slackTs(), version: 1, deleted: false, receivedAt: performance.now() };
    this.messages.push(message);
    this.trim(this.messages);
    this.changed();
    return message;
  }

  private trim(list: unknown[]): void {
    if (list.length > this.limit) list.splice(0, list.length - this.limit);
  }

  private changed(): void {
    this.seq += 1;
    this.changes.emit('change');
  }

  async stop(): Promise<void> {
    this.socketMode.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export async function startSlackStandIn(options: StandInOptions): Promise<SlackStandIn> {
  let standIn: SlackStandIn | undefined;
  const server = createServer((req, res) => {
    standIn!.handle(req, res).catch((err: unknown) => {
      options.logger.error({ err }, 'slack stand-in: request failed');
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'internal_error' });
    });
  });
  standIn = new SlackStandIn(server, options.logger, options);
  const socketMode = standIn.socketMode;
  server.on('upgrade', (req, socket, head) => socketMode.handleUpgrade(req, socket, head));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  standIn.setBaseUrl(`http://${host}:${(server.address() as AddressInfo).port}/`);
  return standIn;
}

function idOf(responseUrl: string): string {
  return responseUrl.split('/response/')[1] ?? '';
}

function findButton(blocks: unknown[], actionId: string): { button: Record<string, unknown>; blockId: string } | undefined {
  for (const [i, b] of blocks.entries()) {
    const block = b as { type?: string; block_id?: string; elements?: Record<string, unknown>[] };
    if (block.type !== 'actions') continue;
    const button = block.elements?.find((e) => e['action_id'] === actionId);
    if (button) return { button, blockId: block.block_id ?? `b${i}` };
  }
  return undefined;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));
}

async function readAll(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
