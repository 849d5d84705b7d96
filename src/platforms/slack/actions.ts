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
export async function handlePostToChannel(args: ButtonArgs, deps: SlackDeps): Promise<void> {
  const page = await briefPage(args, deps, (answer) => renderAnswerSlack(answer, { shared: { byUserId: args.body.user.id } }));
  if (!page) return;
  // Public copy first: if Slack refuses it, the private one stays.
  if (await respondSafely(args.respond, { response_type: 'in_channel', ...page.message }, page.log)) {
    await respondSafely(args.respond, { delete_original: true }, page.log);
  }
}

/** More: the next page, replacing the private brief. */
export async function handleMore(args: ButtonArgs, deps: SlackDeps): Promise<void> {
  const page = await briefPage(args, deps, (answer) => renderAnswerSlack(answer), { nextPage: true });
  if (!page) return;
  await respondSafely(args.respond, { response_type: 'ephemeral', replace_original: true, ...page.message }, page.log);
}

/**
 * The brief page a button's value names, rendered; undefined when there is nothing more to do
 * (a retry already being answered, or a stale value, which has been answered here).
 * Post to channel repeats the page it was shown with; More asks for the default page size.
 */
async function briefPage(
  { ack, body, action, respond }: ButtonArgs,
  deps: SlackDeps,
  render: (answer: Answer) => SlackMessage,
  opts: { nextPage?: boolean } = {},
): Promise<{ message: SlackMessage; log: SlackDeps['logger'] } | undefined> {
  await ack();
  const log = begin(body, deps);
  if (!log) return undefined;
  await deps.answerTurn();
  const value = decodeBriefAction(action.value);
  if (!value) {
    await respondSafely(respond, stale(), log);
    return undefined;
  }
  const limit = !opts.nextPage && value.count ? { limit: value.count } : {};
  const message = answerSafely(
    () => answerCommand({ kind: 'brief', query: value.query, offset: value.offset }, deps.corpora, limit),
    render,
    log,
  );
  return { message, log };
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
