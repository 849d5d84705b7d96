import type { App, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { answerCommand, type Answer } from '../../brief/command.js';
import { messages } from '../../errors.js';
import { ACTION_IDS, decodeBriefAction } from '../../render/slack-actions.js';
import { renderAnswerSlack, renderErrorSlack, type SlackMessage } from '../../render/slack.js';
import { respondSafely, type SlackDeps } from './deps.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction>;

/** The brief's buttons. */
export function registerActions(app: App, deps: SlackDeps): void {
  app.action<BlockButtonAction>(ACTION_IDS.post, (args) => handlePostToChannel(args, deps));
  app.action<BlockButtonAction>(ACTION_IDS.more, (args) => handleMore(args, deps));
  app.action<BlockButtonAction>(ACTION_IDS.sources, (args) => handleSources(args, deps));
}

/** Post to channel: the same page of the brief, public, in place of the private copy. */
export async function handlePostToChannel({ ack, body, action, respond }: ButtonArgs, deps: SlackDeps): Promise<void> {
  await ack();
  const log = begin(body, deps);
  if (!log) return;
  await deps.answerTurn();
  const value = decodeBriefAction(action.value);
  if (!value) return void (await respondSafely(respond, stale(), log));
  const message = answerSafely(
    () => answerCommand({ kind: 'brief', query: value.query, offset: value.offset }, deps.corpora, value.count ? { limit: value.count } : {}),
    (answer) => renderAnswerSlack(answer, { shared: { byUserId: body.user.id } }),
    log,
  );
  // Public copy first: if Slack refuses it, the private one stays.
  if (await respondSafely(respond, { response_type: 'in_channel', ...message }, log)) {
    await respondSafely(respond, { delete_original: true }, log);
  }
}

/** More: the next page, replacing the private brief. */
export async function handleMore({ ack, body, action, respond }: ButtonArgs, deps: SlackDeps): Promise<void> {
  await ack();
  const log = begin(body, deps);
  if (!log) return;
  await deps.answerTurn();
  const value = decodeBriefAction(action.value);
  if (!value) return void (await respondSafely(respond, stale(), log));
  const message = answerSafely(
    () => answerCommand({ kind: 'brief', query: value.query, offset: value.offset }, deps.corpora),
    (answer) => renderAnswerSlack(answer),
    log,
  );
  await respondSafely(respond, { response_type: 'ephemeral', replace_original: true, ...message }, log);
}

/** Sources: the articles in the fact base, as a new private message. */
export async function handleSources({ ack, body, respond }: ButtonArgs, deps: SlackDeps): Promise<void> {
  await ack();
  const log = begin(body, deps);
  if (!log) return;
  await deps.answerTurn();
  const message = answerSafely(() => answerCommand({ kind: 'sources' }, deps.corpora), (a) => renderAnswerSlack(a), log);
  await respondSafely(respond, { response_type: 'ephemeral', replace_original: false, ...message }, log);
}

function begin(body: BlockButtonAction, deps: SlackDeps): SlackDeps['logger'] | undefined {
  const log = deps.logger.child({ action: body.actions[0]?.action_id, user: body.user.id });
  if (deps.recent.seenBefore(body.trigger_id)) {
    log.info('slack: retry of an action already being answered; not answering twice');
    return undefined;
  }
  return log;
}

function answerSafely(answer: () => Answer, render: (a: Answer) => SlackMessage, log: SlackDeps['logger']): SlackMessage {
  try {
    return render(answer());
  } catch (err) {
    log.error({ err }, 'slack: answering an action failed');
    return renderErrorSlack(messages.ANSWER_FAILED());
  }
}

function stale(): SlackMessage & { response_type: 'ephemeral'; replace_original: false } {
  return { response_type: 'ephemeral', replace_original: false, ...renderErrorSlack(messages.ACTION_STALE()) };
}
