import type { App, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { answerCommand, parseCommand } from '../../brief/command.js';
import { messages } from '../../errors.js';
import { renderAnswerSlack, renderErrorSlack, type SlackMessage } from '../../render/slack.js';
import { requestKeyOf, respondSafely, type SlackDeps } from './deps.js';
import { handleAdd, handleSources, type InflowAsker } from '../../inflow/chat.js';
import { renderDigestReplySlack } from '../../render/slack-digest.js';
import { answerSlackAlert, answerSlackDigest, digestWords } from './digest-command.js';
import { alertChangesState, digestChangesState } from './receipts.js';

/** Slash commands. Any command name routed to this app (`/brief`, or a renamed `/brief-dev`). */
export function registerCommands(app: App, deps: SlackDeps): void {
  app.command(/^\/.+/, (args) => handleBriefCommand(args, deps));
}

/**
 * `/brief …`: ack at once, then answer privately through response_url. A retry of a command
 * already taken is acknowledged and not answered again; when too many answers are waiting, the
 * ack itself says so (and nothing else follows).
 */
export async function handleBriefCommand(
  { command, ack, context }: Pick<SlackCommandMiddlewareArgs, 'command' | 'ack'> & { context: Record<string, unknown> },
  deps: SlackDeps,
): Promise<void> {
  const log = deps.logger.child({ command: command.command, user: command.user_id, channel: command.channel_id });
  const key = requestKeyOf(context, command);
  if (deps.recent.seenBefore(key)) {
    await ack();
    log.info('slack: retry of a command already being answered; not answering twice');
    return;
  }
  const parsed = parseCommand(command.text ?? '');
  if (parsed.kind === 'add' && deps.inflow) {
    // Fetching and ingesting takes seconds: acked at once with what is happening, answered on the
    // response_url when done, outside the answer queue so briefs are not held up behind it.
    const inflow = deps.inflow;
    const responseUrl = deps.responseUrl(command.response_url);
    await ack({ response_type: 'ephemeral', ...renderDigestReplySlack({ kind: 'notice', title: 'Adding it…', lines: [`${parsed.url} — I will answer here when it is in the fact base.`] }) });
    void (async () => {
      let message: SlackMessage;
      try {
        message = renderDigestReplySlack(await handleAdd(parsed.url, asker(command, deps), inflow), { invocation: command.command });
      } catch (err) {
        log.error({ err }, 'slack: add failed');
        message = renderErrorSlack(messages.ANSWER_FAILED());
      }
      await respondSafely(responseUrl, { response_type: 'ephemeral', ...message }, log, 'replace');
    })();
    return;
  }
  const place = deps.answers.enter();
  if (!place) {
    await ack({ response_type: 'ephemeral', ...renderErrorSlack(messages.SLACK_BUSY()) });
    log.warn({ waiting: deps.answers.size }, 'slack: answer queue full; the ack says busy');
    return;
  }
  const responseUrl = deps.responseUrl(command.response_url);
  await ack();
  let message: SlackMessage | undefined;
  try {
    await place.turn();
    message = await answer(command, `slack:${command.team_id}:${key}`, deps, log);
  } catch (err) {
    log.error({ err }, 'slack: answering a command failed');
    message = renderErrorSlack(messages.ANSWER_FAILED());
  } finally {
    place.done();
  }
  // A retry after an unknown outcome replaces the answer that may have landed: never two answers.
  if (message) await respondSafely(responseUrl, { response_type: 'ephemeral', ...message }, log, 'replace');
}

/** The reply, or undefined when a state-changing command has already run (a replay or a retry). */
async function answer(
  command: SlackCommandMiddlewareArgs['command'],
  receiptKey: string,
  deps: SlackDeps,
  log: SlackDeps['logger'],
): Promise<SlackMessage | undefined> {
  const text = command.text ?? '';
  const parsed = parseCommand(text);
  if (deps.inflow && (parsed.kind === 'sources' || (parsed.kind === 'sources-admin' && !/^articles?$/i.test(parsed.rest)))) {
    const rest = parsed.kind === 'sources' ? '' : parsed.rest;
    return renderDigestReplySlack(await handleSources(rest, asker(command, deps), deps.inflow), { invocation: command.command });
  }
  if (parsed.kind === 'alert' && deps.digests) {
    const digests = deps.digests;
    const run = () => answerSlackAlert(parsed.rest, command, deps.corpora, digests, log);
    if (!deps.receipts || !alertChangesState(parsed.rest)) return run();
    const once = await deps.receipts.once(receiptKey, run);
    if (once.ran) return once.value;
    log.info('slack: replay of a state-changing command already run; not running it again');
    return undefined;
  }
  const digestRest = deps.digests ? digestWords(text) : undefined;
  if (digestRest === undefined || !deps.digests) {
    return renderAnswerSlack(answerCommand(parseCommand(text), deps.corpora, { invocation: command.command }), { invocation: command.command });
  }
  const digests = deps.digests;
  const run = () => answerSlackDigest(digestRest, command, deps.corpora, digests, log);
  if (!deps.receipts || !digestChangesState(digestRest)) return run();
  const once = await deps.receipts.once(receiptKey, run);
  if (once.ran) return once.value;
  log.info('slack: replay of a state-changing command already run; not running it again');
  return undefined;
}

function asker(command: SlackCommandMiddlewareArgs['command'], deps: SlackDeps): InflowAsker {
  return { platform: 'slack', teamId: command.team_id, userId: command.user_id, invocation: command.command, corpora: deps.corpora };
}
