import { createHash } from 'node:crypto';
import type { RespondArguments } from '@slack/bolt';
import type { CorpusSource } from '../../brief/corpus.js';
import type { Logger } from '../../logger.js';
import type { SlackMessage } from '../../render/slack.js';
import type { AnswerQueue } from './answer-queue.js';
import type { RecentKeys } from './dedupe.js';
import type { InflowDeps } from '../../inflow/chat.js';
import type { SlackDigestDeps } from './digest-command.js';
import type { CommandReceipts } from './receipts.js';
import { REQUEST_KEY } from './receiver.js';
import type { OnUnknownOutcome, ResponseUrl } from './response-url.js';

/** What the Slack listeners need; built once in app.ts. */
export interface SlackDeps {
  corpora: CorpusSource;
  logger: Logger;
  /** Request keys already handled in this process: a Slack retry of one is acknowledged, not answered again. */
  recent: RecentKeys;
  /** Answers waiting for their turn, bounded: past the bound the ack says the bot is busy. */
  answers: AnswerQueue;
  /** A response_url with timeouts and bounded retries (response-url.ts), opened when the request arrives. */
  responseUrl: (url: string) => ResponseUrl;
  /** State-changing commands run once across restarts and replicas; absent without a store. */
  receipts?: CommandReceipts;
  /** `/brief digest …` (subscriptions need the store); absent when the bot runs without one. */
  digests?: SlackDigestDeps;
  /** `/brief add`, `/brief sources` (the feeds), `sources add|remove`; absent without a store and fetcher. */
  inflow?: InflowDeps;
}

type ResponseFields = Pick<RespondArguments, 'response_type' | 'replace_original' | 'delete_original'>;
export type ResponseMessage = (SlackMessage & ResponseFields) | (ResponseFields & { delete_original: true });

/**
 * Post through response_url (retried inside Slack's limits by ResponseUrl). An expired or
 * used-up response_url (404), or a message Slack rejects, is logged and swallowed: the user can
 * simply ask again, and the process carries on.
 */
export async function respondSafely(
  responseUrl: ResponseUrl | undefined,
  message: ResponseMessage,
  logger: Logger,
  onUnknownOutcome: OnUnknownOutcome = 'repeat',
): Promise<boolean> {
  if (!responseUrl) {
    logger.warn('slack: no response_url to answer on');
    return false;
  }
  try {
    return (await responseUrl.post(message as Record<string, unknown>, onUnknownOutcome)).ok;
  } catch (err) {
    logger.warn({ reason: (err as Error).message }, 'slack: response_url post failed');
    return false;
  }
}

/**
 * The request's key (request.ts: trigger id, event id or a hash of the body), as the HTTP
 * receiver put it in Bolt's context; in Socket Mode, the trigger id or a hash of the payload.
 */
export function requestKeyOf(context: Record<string, unknown>, body: { trigger_id?: string | undefined }): string {
  const key = context[REQUEST_KEY];
  if (typeof key === 'string') return key;
  if (body.trigger_id) return `trigger:${body.trigger_id}`;
  return `body:${createHash('sha256').update(JSON.stringify(body)).digest('hex')}`;
}
