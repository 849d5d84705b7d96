import type { webApi } from '@slack/bolt';
import type { CorpusSource } from '../../brief/corpus.js';
import { handleAlertText } from '../../digest/alert-handle.js';
import { handleDigestText, type DigestContext, type SubscriptionLimits } from '../../digest/handle.js';
import type { Logger } from '../../logger.js';
import { renderDigestReplySlack } from '../../render/slack-digest.js';
import type { SlackMessage } from '../../render/slack.js';
import type { Clock } from '../../digest/clock.js';
import type { Store } from '../../store/types.js';
import { slackChannelCheck, slackUserTimeZone } from './digest-poster.js';

/** What `/brief digest …` needs beyond the brief listeners; absent when the bot runs without a store. */
export interface SlackDigestDeps {
  store: Store;
  clock: Clock;
  /** For users.info (the default zone) and conversations.info (can we post there?). */
  client: webApi.WebClient;
  /** DIGEST_TZ. */
  defaultZone?: string;
  /** DIGEST_MAX_PER_CHANNEL / DIGEST_MAX_PER_WORKSPACE. */
  limits?: SubscriptionLimits;
}

/** The words after `digest` when the command is a digest command, else undefined. */
export function digestWords(text: string): string | undefined {
  const m = /^\s*digest(?:\s+([\s\S]*))?$/i.exec(text);
  return m ? (m[1] ?? '') : undefined;
}

/** Runs a digest command for a Slack slash command and renders the (private) reply. */
export async function answerSlackDigest(
  rest: string,
  command: { team_id: string; channel_id: string; user_id: string; command: string },
  corpora: CorpusSource,
  deps: SlackDigestDeps,
  logger: Logger,
): Promise<SlackMessage> {
  const reply = await handleDigestText(rest, slackDigestContext(command, corpora, deps, logger));
  return renderDigestReplySlack(reply, { invocation: command.command });
}

/** `/brief alert …`: alerts are subscriptions too, so the digest context serves them. */
export async function answerSlackAlert(
  rest: string,
  command: { team_id: string; channel_id: string; user_id: string; command: string },
  corpora: CorpusSource,
  deps: SlackDigestDeps,
  logger: Logger,
): Promise<SlackMessage> {
  const reply = await handleAlertText(rest, slackDigestContext(command, corpora, deps, logger));
  return renderDigestReplySlack(reply, { invocation: command.command });
}

function slackDigestContext(
  command: { team_id: string; channel_id: string; user_id: string; command: string },
  corpora: CorpusSource,
  deps: SlackDigestDeps,
  logger: Logger,
): DigestContext {
  return {
    platform: 'slack',
    teamId: command.team_id,
    channelId: command.channel_id,
    userId: command.user_id,
    store: deps.store,
    corpora,
    clock: deps.clock,
    logger,
    invocation: command.command,
    ...(deps.defaultZone !== undefined ? { defaultZone: deps.defaultZone } : {}),
    ...(deps.limits ? { limits: deps.limits } : {}),
    userTimeZone: () => slackUserTimeZone(deps.client, command.user_id),
    checkChannel: () => slackChannelCheck(deps.client, command.channel_id),
  };
}
