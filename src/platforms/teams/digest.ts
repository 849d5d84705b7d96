import { TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import type { CorpusSource } from '../../brief/corpus.js';
import { handleAlertText } from '../../digest/alert-handle.js';
import { handleDigestText, type DigestContext, type DigestReply, type SubscriptionLimits } from '../../digest/handle.js';
import type { Digest } from '../../digest/model.js';
import { PostError, type DigestPoster } from '../../digest/poster.js';
import type { Logger } from '../../logger.js';
import { renderDigestCard } from '../../render/teams-digest.js';
import type { Clock } from '../../digest/clock.js';
import type { Store, Subscription } from '../../store/types.js';
import type { BriefbotAdapter } from './adapter.js';
import { cardActivity } from './bot.js';

export interface TeamsDigestDeps {
  store: Store;
  clock: Clock;
  /** DIGEST_TZ. */
  defaultZone?: string;
  /** DIGEST_MAX_PER_CHANNEL / DIGEST_MAX_PER_WORKSPACE (the tenant). */
  limits?: SubscriptionLimits;
}

/**
 * A channel message's conversation id carries the thread (`19:…@thread.tacv2;messageid=…`);
 * a digest goes to the channel itself, so subscriptions and references use the bare id.
 */
export function conversationKey(activity: Partial<Activity>): string {
  return (activity.conversation?.id ?? '').split(';')[0] ?? '';
}

/**
 * The reference a proactive send needs, taken from an inbound activity. Only authenticated
 * activities reach the bot (a valid Bot Framework JWT, or in stand-in mode the loopback
 * connector's serviceUrl), so the serviceUrl stored here is one the Bot Framework gave us.
 * Thread and activity ids are dropped so a digest starts a new post instead of replying.
 */
export function proactiveReference(activity: Partial<Activity>): Partial<ConversationReference> {
  const ref = TurnContext.getConversationReference(activity);
  const out: Partial<ConversationReference> = { ...ref, conversation: { ...ref.conversation!, id: conversationKey(activity) } };
  delete out.activityId;
  return out;
}

/** The tenant the activity came from ('' when Teams did not say). */
export function tenantOf(activity: Activity): string {
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  return activity.conversation.tenantId ?? (typeof channelData?.tenant?.id === 'string' ? channelData.tenant.id : '');
}

/** Runs `digest …` for the conversation the activity came from, remembering how to reach it. */
export async function answerDigest(
  rest: string,
  activity: Activity,
  deps: TeamsDigestDeps & { corpora: CorpusSource; logger: Logger; invocation: string },
): Promise<DigestReply> {
  return handleDigestText(rest, await teamsDigestContext(activity, deps));
}

/** Runs `alert …` (alerts are subscriptions, posted proactively like digests). */
export async function answerAlert(
  rest: string,
  activity: Activity,
  deps: TeamsDigestDeps & { corpora: CorpusSource; logger: Logger; invocation: string },
): Promise<DigestReply> {
  return handleAlertText(rest, await teamsDigestContext(activity, deps));
}

async function teamsDigestContext(
  activity: Activity,
  deps: TeamsDigestDeps & { corpora: CorpusSource; logger: Logger; invocation: string },
): Promise<DigestContext> {
  const channelId = conversationKey(activity);
  await deps.store.putConversationRef('teams', channelId, proactiveReference(activity), deps.clock.now());
  const tenant = tenantOf(activity);
  return {
    platform: 'teams',
    teamId: tenant,
    channelId,
    userId: activity.from.aadObjectId ?? activity.from.id,
    store: deps.store,
    corpora: deps.corpora,
    clock: deps.clock,
    logger: deps.logger,
    invocation: deps.invocation,
    ...(deps.defaultZone !== undefined ? { defaultZone: deps.defaultZone } : {}),
    ...(deps.limits ? { limits: deps.limits } : {}),
  };
}

/**
 * Sends scheduled digests proactively (`continueConversationAsync`) to the stored conversation
 * reference. Failures come back as the scheduler's PostError kinds so Teams follows the same
 * retry rules as Slack: 429 waits for Retry-After, 5xx and network errors are retried,
 * anything else (the bot was removed, the conversation is gone) is permanent.
 */
export function createTeamsDigestPoster(deps: {
  adapter: BriefbotAdapter;
  store: Store;
  /** MicrosoftAppId; '' in stand-in mode. */
  appId: string;
  logger: Logger;
}): DigestPoster {
  return {
    async post(subscription: Subscription, digest: Digest): Promise<{ messageId: string }> {
      const ref = await deps.store.getConversationRef('teams', subscription.channelId);
      if (!ref) throw PostError.permanent('no conversation reference for this Teams conversation; subscribe again from it');
      let messageId: string | undefined;
      let failure: unknown;
      await deps.adapter.continueConversationAsync(
        deps.appId,
        ref.payload as Partial<ConversationReference>,
        async (context) => {
          // Caught here so the adapter's onTurnError (which answers users) never sees a digest failure.
          try {
            withoutConnectorRetries(context.turnState.get(deps.adapter.ConnectorClientKey));
            const sent = await context.sendActivity(cardActivity(renderDigestCard(digest)));
            messageId = sent?.id;
          } catch (err) {
            failure = err;
          }
        },
      );
      if (failure !== undefined) throw postErrorFrom(failure);
      return { messageId: messageId ?? '' };
    },
  };
}

/**
 * The connector client's Azure pipeline retries 429s and 5xx on its own (up to 3 times, with
 * backoff): under the scheduler's own retries that is up to 4 × 5 posts per slot, and it hides
 * Retry-After from the per-channel queue. Digest posts go out with that layer removed, so the
 * scheduler is the one retry layer. Replies to users keep botbuilder's defaults.
 */
export function withoutConnectorRetries(connectorClient: unknown): void {
  const pipeline = (connectorClient as { client?: { pipeline?: { removePolicy(options: { phase: 'Retry' }): unknown } } } | undefined)?.client
    ?.pipeline;
  if (!pipeline) throw new Error('the connector client has no pipeline to take the retries out of');
  pipeline.removePolicy({ phase: 'Retry' });
}

/** Connector errors (@azure/core-rest-pipeline RestError and the like) → the scheduler's kinds. */
export function postErrorFrom(err: unknown): PostError {
  const e = err as { statusCode?: unknown; message?: unknown; response?: { status?: unknown; headers?: unknown } };
  const status = typeof e.statusCode === 'number' ? e.statusCode : typeof e.response?.status === 'number' ? e.response.status : undefined;
  const message = `Teams connector: ${typeof e.message === 'string' ? e.message : String(err)}`;
  if (status === 429) return PostError.rateLimited(retryAfterMs(e.response?.headers) ?? 1_000, message);
  if (status === undefined) {
    // No answer at all: unless the connection was refused outright, the connector may have
    // delivered it, and Teams offers no way to look (the slot is then recorded as unknown).
    const code = (err as { code?: unknown }).code;
    return code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? PostError.transient(message) : PostError.unknown(message);
  }
  if (status >= 500 || status === 408) return PostError.transient(message);
  return PostError.permanent(message);
}

function retryAfterMs(headers: unknown): number | undefined {
  const h = headers as { get?: (name: string) => unknown } | Record<string, unknown> | undefined;
  const raw = typeof h?.get === 'function' ? h.get('retry-after') : (h as Record<string, unknown> | undefined)?.['retry-after'];
  if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(String(raw));
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
