import type { RespondArguments, RespondFn } from '@slack/bolt';
import type { CorpusSource } from '../../brief/corpus.js';
import type { Logger } from '../../logger.js';
import type { SlackMessage } from '../../render/slack.js';
import type { RecentKeys } from './dedupe.js';
import type { SlackDigestDeps } from './digest-command.js';

/** What the Slack listeners need; built once in app.ts. */
export interface SlackDeps {
  corpora: CorpusSource;
  logger: Logger;
  /** Trigger ids already handled: a Slack retry of one is acknowledged, not answered again. */
  recent: RecentKeys;
  /** Await before answering: see createAnswerTurns. */
  answerTurn: () => Promise<void>;
  /** `/brief digest …` (subscriptions need the store); absent when the bot runs without one. */
  digests?: SlackDigestDeps;
}

type ResponseFields = Pick<RespondArguments, 'response_type' | 'replace_original' | 'delete_original'>;

/**
 * Post through response_url. An expired or used-up response_url (404), or a message Slack
 * rejects, is logged and swallowed: the user can simply ask again, and the process carries on.
 * The URL itself is never logged (whoever holds it can post as the app).
 */
export async function respondSafely(
  respond: RespondFn,
  message: (SlackMessage & ResponseFields) | (ResponseFields & { delete_original: true }),
  logger: Logger,
): Promise<boolean> {
  try {
    await respond(message as RespondArguments);
    return true;
  } catch (err) {
    const status = (err as { statusCode?: number }).statusCode;
    logger.warn({ status, reason: (err as Error).message }, 'slack: response_url post failed');
    return false;
  }
}

/**
 * Answers take turns, one per event-loop iteration, after the ack has gone out. Between turns
 * Node reads the sockets, so new requests are acknowledged promptly even while many answers
 * (CPU-bound: search and render) are waiting — Slack's 3-second ack budget comes first.
 */
export function createAnswerTurns(): () => Promise<void> {
  const waiting: (() => void)[] = [];
  let scheduled = false;
  const pump = () => {
    const next = waiting.shift();
    scheduled = waiting.length > 0;
    if (scheduled) setImmediate(pump);
    next?.();
  };
  return () =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      if (!scheduled) {
        scheduled = true;
        setImmediate(pump);
      }
    });
}
