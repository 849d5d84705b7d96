import { webApi } from '@slack/bolt';
import { DIGEST_EVENT_TYPE, PostError, type DigestPoster, type PostedDigest } from '../../digest/poster.js';
import type { Digest } from '../../digest/model.js';
import type { Logger } from '../../logger.js';
import { renderDigestSlack } from '../../render/slack-digest.js';
import type { Subscription } from '../../store/types.js';
import { boltLogger } from './bolt-logger.js';

/** Platform errors no retry can fix: the slot is marked failed with the error at once. */
const PERMANENT = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'missing_scope',
  'no_permission',
  'restricted_action',
  'invalid_blocks',
  'invalid_blocks_format',
  'msg_too_long',
  'too_many_attachments',
  'team_access_not_granted',
  'ekm_access_denied',
]);

export interface SlackPosterSettings {
  botToken: string;
  /** SLACK_API_URL: the stand-in in the sandbox and tests. */
  apiUrl?: string;
  /** Per call; default DIGEST_POST_TIMEOUT_MS. */
  timeoutMs?: number;
}

/**
 * A digest post that has not answered by then is given up on (its outcome is then unknown and
 * looked up, not re-sent): without it a hung connection waits for the socket's own 300 s.
 */
export const DIGEST_POST_TIMEOUT_MS = 10_000;

/** Errors that mean the request never reached Slack, so nothing can have been posted. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/**
 * A WebClient for digests whose own retries are off: no retries and 429s rejected instead of
 * waited out inside the client. The scheduler's ledger loop is then the single place that waits
 * (Retry-After) and retries, and it renews its claim between attempts, so a long wait cannot
 * outlive the claim and be posted twice.
 */
export function digestWebClient(settings: SlackPosterSettings, logger: Logger): webApi.WebClient {
  return new webApi.WebClient(settings.botToken, {
    ...(settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: settings.timeoutMs ?? DIGEST_POST_TIMEOUT_MS,
    logger: boltLogger(logger),
  });
}

/**
 * Posts a digest to its Slack channel with chat.postMessage; errors become typed PostErrors. Each
 * message carries metadata (event type + subscription + slot), so a post whose outcome is unknown
 * is found again with conversations.history instead of being sent twice.
 */
export class SlackDigestPoster implements DigestPoster {
  constructor(
    private readonly client: webApi.WebClient,
    private readonly invocation = '/brief',
  ) {}

  async post(sub: Subscription, digest: Digest): Promise<{ messageId: string }> {
    const message = renderDigestSlack(digest, { invocation: this.invocation });
    try {
      const r = await this.client.chat.postMessage({
        channel: sub.channelId,
        text: message.text,
        blocks: message.blocks as webApi.KnownBlock[],
        unfurl_links: false,
        unfurl_media: false,
        metadata: {
          event_type: DIGEST_EVENT_TYPE,
          event_payload: { subscription_id: sub.id, slot: digest.slot, cutoff: digest.cutoff ?? '' },
        },
      });
      return { messageId: typeof r.ts === 'string' ? r.ts : '' };
    } catch (err) {
      throw toPostError(err);
    }
  }

  /** Pages back through the channel from `since` (a minute early, for clock and ts slack) for this slot's message. */
  async findPosted(sub: Subscription, slot: string, since: string | null): Promise<PostedDigest | undefined> {
    const oldest = since === null ? undefined : String(Math.floor((Date.parse(since) - 60_000) / 1000));
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      let r: webApi.ConversationsHistoryResponse;
      try {
        r = await this.client.conversations.history({
          channel: sub.channelId,
          include_all_metadata: true,
          limit: 200,
          ...(oldest !== undefined ? { oldest } : {}),
          ...(cursor !== undefined ? { cursor } : {}),
        });
      } catch (err) {
        throw toPostError(err);
      }
      for (const m of r.messages ?? []) {
        const meta = (m as { metadata?: { event_type?: unknown; event_payload?: Record<string, unknown> } }).metadata;
        if (meta?.event_type !== DIGEST_EVENT_TYPE) continue;
        if (meta.event_payload?.['subscription_id'] !== sub.id || meta.event_payload?.['slot'] !== slot) continue;
        const cutoff = meta.event_payload['cutoff'];
        return { messageId: m.ts ?? '', cutoff: typeof cutoff === 'string' && cutoff !== '' ? cutoff : null };
      }
      cursor = r.response_metadata?.next_cursor;
      if (!r.has_more || !cursor) return undefined;
    }
    throw PostError.transient('conversations.history: more than 2,000 messages since the post; cannot tell');
  }
}

export function toPostError(err: unknown): PostError {
  if (err instanceof webApi.WebAPIRateLimitedError) return PostError.rateLimited(err.retryAfter * 1000, 'ratelimited');
  if (err instanceof webApi.WebAPIPlatformError) {
    const code = String(err.data.error);
    return PERMANENT.has(code) ? PostError.permanent(code) : PostError.transient(code);
  }
  if (err instanceof webApi.WebAPIHTTPError) {
    const msg = `HTTP ${err.statusCode}`;
    // A 5xx or 408 may come after Slack accepted the message.
    return err.statusCode >= 500 || err.statusCode === 408 ? PostError.unknown(msg) : PostError.permanent(msg);
  }
  if (err instanceof webApi.WebAPIRequestError) {
    const code = String((err.original as { code?: unknown }).code ?? '');
    const msg = `${code || 'request failed'}: ${err.original.message}`;
    return NOT_SENT.has(code) ? PostError.transient(msg) : PostError.unknown(msg);
  }
  return PostError.unknown(err instanceof Error ? err.message : String(err));
}

/** users.info `tz`: the zone a digest defaults to. Undefined when Slack does not say. */
export async function slackUserTimeZone(client: webApi.WebClient, userId: string): Promise<string | undefined> {
  const r = await client.users.info({ user: userId });
  const tz = (r.user as { tz?: unknown } | undefined)?.tz;
  return typeof tz === 'string' && tz !== '' ? tz : undefined;
}

/** Whether chat.postMessage can reach the channel, checked before a subscription is stored. */
export async function slackChannelCheck(
  client: webApi.WebClient,
  channelId: string,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    const r = await client.conversations.info({ channel: channelId });
    const c = r.channel as { is_member?: boolean; is_archived?: boolean; is_im?: boolean; is_mpim?: boolean } | undefined;
    if (!c) return { ok: false, reason: 'channel_not_found' };
    if (c.is_archived) return { ok: false, reason: 'the channel is archived' };
    if (!c.is_member && !c.is_im && !c.is_mpim) return { ok: false, reason: 'I am not a member of it' };
    return { ok: true };
  } catch (err) {
    // A DM or group DM needs im:read/mpim:read, which the app does not ask for: there the check is
    // skipped, and a digest the bot cannot post shows as failed in `digest list` instead.
    if (err instanceof webApi.WebAPIPlatformError && err.data.error !== 'missing_scope') {
      return { ok: false, reason: String(err.data.error) };
    }
    // Slack unreachable is not the channel's fault: let it through; the ledger shows failures.
    return { ok: true };
  }
}
