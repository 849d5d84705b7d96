import type { App, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { answerCommand, type Answer } from '../../brief/command.js';
import { messages } from '../../errors.js';
import { ACTION_IDS, decodeBriefAction } from '../../render/slack-actions.js';
import { renderAnswerSlack, renderErrorSlack, type SlackMessage } from '../../render/slack.js';
import { requestKeyOf, respondSafely, type SlackDeps } from './deps.js';
import type { ResponseUrl } from './response-url.js';

type ButtonArgs = Pick<SlackActionMiddlewareArgs<BlockButtonAction>, 'ack' | 'body' | 'action'> & { context: Record<string, unknown> };

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
  if (await respondSafely(page.responseUrl, { response_type: 'in_channel', ...page.message }, page.log)) {
    await respondSafely(page.responseUrl, { delete_original: true }, page.log);
  }
}

/** More: the next page, replacing the private brief. */
export async function handleMore(args: ButtonArgs, deps: SlackDeps): Promise<void> {
  const page = await briefPage(args, deps, (answer) => renderAnswerSlack(answer), { nextPage: true });
  if (!page) return;
  await respondSafely(page.responseUrl, { response_type: 'ephemeral', replace_original: true, ...page.message }, page.log);
}

/**
 * The brief page a button's value names, rendered; undefined when there is nothing more to do
 * (a retry already being answered, or a stale value, which has been answered here).
 * Post to channel repeats the page it was shown with; More asks for the default page size.
 */
async function briefPage(
  { ack, body, action, context }: ButtonArgs,
  deps: SlackDeps,
  render: (answer: Answer) => SlackMessage,
  opts: { nextPage?: boolean } = {},
): Promise<Page | undefined> {
  await ack();
  const turn = await begin(body, context, deps);
  if (!turn) return undefined;
  try {
    const value = decodeBriefAction(action.value);
    if (!value) {
      await respondSafely(turn.responseUrl, stale(), turn.log);
      return undefined;
    }
    const limit = !opts.nextPage && value.count ? { limit: value.count } : {};
    const message = answerSafely(
      () => answerCommand({ kind: 'brief', query: value.query, offset: value.offset }, deps.corpora, limit),
      render,
      turn.log,
    );
    return { message, log: turn.log, responseUrl: turn.responseUrl };
  } finally {
    turn.done();
  }
}

type Page = { message: SlackMessage; log: SlackDeps['logger']; responseUrl: ResponseUrl | undefined };

/** Sources: the articles in the fact base, as a new private message. */
export async function handleSources({ ack, body, context }: ButtonArgs, deps: SlackDeps): Promise<void> {
  await ack();
  const turn = await begin(body, context, deps);
  if (!turn) return;
  let message: SlackMessage;
  try {
    message = answerSafely(() => answerCommand({ kind: 'sources' }, deps.corpora), (a) => renderAnswerSlack(a), turn.log);
  } finally {
    turn.done();
  }
  await respondSafely(turn.responseUrl, { response_type: 'ephemeral', replace_original: false, ...message }, turn.log);
}

/**
 * Takes the click's turn in the answer queue; undefined when there is nothing more to do: a retry
 * already being answered, or a full queue (then the user is told, privately, to try again —
 * a block_actions ack cannot carry a message).
 */
async function begin(
  body: BlockButtonAction,
  context: Record<string, unknown>,
  deps: SlackDeps,
): Promise<{ log: SlackDeps['logger']; responseUrl: ResponseUrl | undefined; done: () => void } | undefined> {
  const log = deps.logger.child({ action: body.actions[0]?.action_id, user: body.user.id });
  if (deps.recent.seenBefore(requestKeyOf(context, body))) {
    log.info('slack: retry of an action already being answered; not answering twice');
    return undefined;
  }
  const responseUrl = body.response_url ? deps.responseUrl(body.response_url) : undefined;
  const place = deps.answers.enter();
  if (!place) {
    log.warn({ waiting: deps.answers.size }, 'slack: answer queue full; told the user to retry');
    await respondSafely(responseUrl, { response_type: 'ephemeral', replace_original: false, ...renderErrorSlack(messages.SLACK_BUSY()) }, log);
    return undefined;
  }
  await place.turn();
  return { log, responseUrl, done: place.done };
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
