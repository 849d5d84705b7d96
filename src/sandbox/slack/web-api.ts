import { DateTime } from 'luxon';
import type { MessageCheck } from './block-kit.js';
import { SANDBOX_BOT, SANDBOX_CHANNEL, SANDBOX_TEAM, type RecordedMessage, type SandboxUser } from './index.js';

/** What the Web API methods read and change in the stand-in. */
export interface WebApiHost {
  readonly messages: RecordedMessage[];
  readonly users: ReadonlyMap<string, SandboxUser>;
  readonly homeViews: Map<string, unknown>;
  readonly rateLimit: { perChannelMs: number };
  readonly lastPost: Map<string, number>;
  readonly version: number;
  check(args: Record<string, unknown>): MessageCheck;
  record(m: Omit<RecordedMessage, 'id' | 'ts' | 'version' | 'deleted' | 'receivedAt'>): RecordedMessage;
}

export type WebApiAnswer = (status: number, body: Record<string, unknown>, headers?: Record<string, string>) => void;

/**
 * The Web API methods the bot uses, answering as Slack does: HTTP 200 with `ok: false` and an
 * error code for a bad call, HTTP 429 with Retry-After when rate limited. The token was checked.
 */
export function callWebApi(host: WebApiHost, method: string, args: Record<string, unknown>, answer: WebApiAnswer): void {
  const str = (k: string) => (typeof args[k] === 'string' ? (args[k] as string) : undefined);
  switch (method) {
    case 'auth.test':
      return answer(200, {
        ok: true,
        url: `https://${SANDBOX_TEAM.domain}.slack.com/`,
        team: 'Sandbox',
        user: 'briefbot',
        team_id: SANDBOX_TEAM.id,
        user_id: SANDBOX_BOT.userId,
        bot_id: SANDBOX_BOT.botId,
        is_enterprise_install: false,
      });
    case 'chat.postMessage': {
      const channel = str('channel');
      if (!channel) return answer(200, { ok: false, error: 'channel_not_found' });
      const now = Date.now();
      const last = host.lastPost.get(channel);
      if (host.rateLimit.perChannelMs > 0 && last !== undefined && now - last < host.rateLimit.perChannelMs) {
        const retryAfter = Math.max(1, Math.ceil((host.rateLimit.perChannelMs - (now - last)) / 1000));
        return answer(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(retryAfter) });
      }
      const check = host.check(args);
      if (!check.ok) return answer(200, { ok: false, error: check.error, response_metadata: { messages: check.errors } });
      const metadata = metadataOf(args);
      if (metadata === null) return answer(200, { ok: false, error: 'invalid_metadata_format' });
      host.lastPost.set(channel, now);
      const m = host.record({ channel, author: 'bot', ephemeral: false, text: str('text') ?? '', blocks: blocksOf(args), via: 'chat.postMessage', ...(metadata ? { metadata } : {}) });
      return answer(200, { ok: true, channel, ts: m.ts, message: { type: 'message', text: m.text, blocks: m.blocks, ts: m.ts, bot_id: SANDBOX_BOT.botId } });
    }
    case 'conversations.history':
      return answer(200, history(host, args));
    case 'chat.postEphemeral': {
      const channel = str('channel');
      const user = str('user');
      if (!channel) return answer(200, { ok: false, error: 'channel_not_found' });
      if (!user || !host.users.has(user)) return answer(200, { ok: false, error: 'user_not_in_channel' });
      const check = host.check(args);
      if (!check.ok) return answer(200, { ok: false, error: check.error, response_metadata: { messages: check.errors } });
      const m = host.record({ channel, author: 'bot', ephemeral: true, visibleTo: user, text: str('text') ?? '', blocks: blocksOf(args), via: 'chat.postEphemeral' });
      return answer(200, { ok: true, message_ts: m.ts });
    }
    case 'chat.update': {
      const m = host.messages.find((x) => x.ts === str('ts') && x.channel === str('channel') && !x.deleted && !x.ephemeral);
      if (!m) return answer(200, { ok: false, error: 'message_not_found' });
      const check = host.check(args);
      if (!check.ok) return answer(200, { ok: false, error: check.error, response_metadata: { messages: check.errors } });
      m.text = str('text') ?? m.text;
      if (args['blocks'] !== undefined) m.blocks = blocksOf(args);
      m.version += 1;
      return answer(200, { ok: true, channel: m.channel, ts: m.ts, text: m.text });
    }
    case 'chat.delete': {
      const m = host.messages.find((x) => x.ts === str('ts') && x.channel === str('channel') && !x.deleted);
      if (!m) return answer(200, { ok: false, error: 'message_not_found' });
      m.deleted = true;
      m.version += 1;
      return answer(200, { ok: true, channel: m.channel, ts: m.ts });
    }
    case 'views.publish': {
      const user = str('user_id');
      let view = args['view'];
      if (typeof view === 'string') {
        try {
          view = JSON.parse(view) as unknown;
        } catch {
          return answer(200, { ok: false, error: 'invalid_arguments' });
        }
      }
      if (!user || !host.users.has(user)) return answer(200, { ok: false, error: 'user_not_found' });
      const blocks = (view as { blocks?: unknown })?.blocks;
      const check = host.check({ text: 'home', blocks: blocks ?? [] });
      if (!check.ok) return answer(200, { ok: false, error: check.error, response_metadata: { messages: check.errors } });
      host.homeViews.set(user, view);
      return answer(200, { ok: true, view: { id: `V${host.version}`, type: 'home', ...(view as object) } });
    }
    case 'users.info': {
      const user = host.users.get(str('user') ?? '');
      if (!user) return answer(200, { ok: false, error: 'user_not_found' });
      const zone = DateTime.now().setZone(user.tz);
      return answer(200, {
        ok: true,
        user: { id: user.id, team_id: SANDBOX_TEAM.id, name: user.name, real_name: user.name, tz: user.tz, tz_label: zone.offsetNameLong ?? user.tz, tz_offset: zone.offset * 60, is_bot: false },
      });
    }
    case 'conversations.info': {
      const channel = str('channel');
      if (!channel) return answer(200, { ok: false, error: 'channel_not_found' });
      return answer(200, { ok: true, channel: { id: channel, name: channel === SANDBOX_CHANNEL.id ? SANDBOX_CHANNEL.name : channel.toLowerCase(), is_channel: true, is_member: true, is_archived: false } });
    }
    default:
      return answer(200, { ok: false, error: 'unknown_method' });
  }
}

/** Web API arguments arrive form-encoded (the SDK's default) or as JSON. */
export function parseArgs(raw: string, contentType: string): Record<string, unknown> {
  if (raw === '') return {};
  if (contentType.includes('application/json')) {
    try {
      return JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(raw));
}

/** Form-encoded calls carry blocks as a JSON string. */
export function blocksOf(args: Record<string, unknown>): unknown[] {
  const b = args['blocks'];
  if (typeof b === 'string') {
    try {
      const parsed = JSON.parse(b) as unknown;
      return Array.isArray(parsed) ? parsed : [];
    } catch {
      return [];
    }
  }
  return Array.isArray(b) ? b : [];
}

/**
 * Message metadata as chat.postMessage takes it (a JSON string when form-encoded): an event_type
 * and an event_payload object. undefined when absent, null when malformed (Slack refuses those).
 */
function metadataOf(args: Record<string, unknown>): RecordedMessage['metadata'] | null | undefined {
  let raw = args['metadata'];
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw) as unknown;
    } catch {
      return null;
    }
  }
  const m = raw as { event_type?: unknown; event_payload?: unknown };
  if (typeof m?.event_type !== 'string' || typeof m.event_payload !== 'object' || m.event_payload === null) return null;
  return { event_type: m.event_type, event_payload: m.event_payload as Record<string, unknown> };
}

/**
 * conversations.history as Slack answers it: the channel's messages newest first, within
 * (oldest, latest], `limit` a page with a cursor, and metadata only with include_all_metadata.
 */
function history(host: WebApiHost, args: Record<string, unknown>): Record<string, unknown> {
  const channel = typeof args['channel'] === 'string' ? args['channel'] : '';
  if (!channel) return { ok: false, error: 'channel_not_found' };
  const oldest = Number(args['oldest'] ?? 0) || 0;
  const latest = Number(args['latest'] ?? Infinity) || Infinity;
  const limit = Math.min(999, Math.max(1, Number(args['limit'] ?? 100) || 100));
  const withMeta = args['include_all_metadata'] === true || args['include_all_metadata'] === 'true';
  const all = host.messages
    .filter((m) => m.channel === channel && !m.ephemeral && !m.deleted && Number(m.ts) > oldest && Number(m.ts) <= latest)
    .reverse();
  const start = typeof args['cursor'] === 'string' && args['cursor'] !== '' ? Number(Buffer.from(args['cursor'], 'base64').toString()) || 0 : 0;
  const page = all.slice(start, start + limit);
  const more = start + limit < all.length;
  return {
    ok: true,
    messages: page.map((m) => ({
      type: 'message',
      ts: m.ts,
      text: m.text,
      ...(m.author === 'bot' ? { bot_id: SANDBOX_BOT.botId } : {}),
      ...(withMeta && m.metadata ? { metadata: m.metadata } : {}),
    })),
    has_more: more,
    response_metadata: { next_cursor: more ? Buffer.from(String(start + limit)).toString('base64') : '' },
  };
}
