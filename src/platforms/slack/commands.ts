import type { App, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { answerCommand, parseCommand } from '../../brief/command.js';
import { messages } from '../../errors.js';
import { renderAnswerSlack, renderErrorSlack } from '../../render/slack.js';
import { respondSafely, type SlackDeps } from './deps.js';
import { answerSlackDigest, digestWords } from './digest-command.js';

/** Slash commands. Any command name routed to this app (`/brief`, or a renamed `/brief-dev`). */
export function registerCommands(app: App, deps: SlackDeps): void {
  app.command(/^\/.+/, (args) => handleBriefCommand(args, deps));
}

/** `/brief …`: ack at once, then answer privately through response_url. */
export async function handleBriefCommand(
  { command, ack, respond }: SlackCommandMiddlewareArgs,
  deps: SlackDeps,
): Promise<void> {
  await ack();
  const log = deps.logger.child({ command: command.command, user: command.user_id, channel: command.channel_id });
  if (deps.recent.seenBefore(command.trigger_id)) {
    log.info('slack: retry of a command already being answered; not answering twice');
    return;
  }
  await deps.answerTurn();
  let message;
  try {
    const digestRest = deps.digests ? digestWords(command.text) : undefined;
    if (digestRest !== undefined && deps.digests) {
      message = await answerSlackDigest(digestRest, command, deps.corpora, deps.digests, log);
    } else {
      const answer = answerCommand(parseCommand(command.text), deps.corpora, { invocation: command.command });
      message = renderAnswerSlack(answer, { invocation: command.command });
    }
  } catch (err) {
    log.error({ err }, 'slack: answering a command failed');
    message = renderErrorSlack(messages.ANSWER_FAILED());
  }
  await respondSafely(respond, { response_type: 'ephemeral', ...message }, log);
}
