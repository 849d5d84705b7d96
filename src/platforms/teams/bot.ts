import { ActivityHandler, CardFactory, MessageFactory, type Activity, type TurnContext } from 'botbuilder';
import { answerCommand } from '../../brief/command.js';
import type { CorpusSource } from '../../brief/corpus.js';
import { messages } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { renderDigestReplyCard } from '../../render/teams-digest.js';
import { renderNoticeCard, renderTeamsAnswer, type AdaptiveCard } from '../../render/teams.js';
import { inputFromActivity, invocationFor } from './command.js';
import { handleAdd, handleSources, type InflowDeps } from '../../inflow/chat.js';
import { answerAlert, answerDigest, tenantOf, type TeamsDigestDeps } from './digest.js';

export interface TeamsBotDeps {
  corpora: CorpusSource;
  logger: Logger;
  /** Subscriptions and conversation references; without it `digest …` says digests are unavailable. */
  digests?: TeamsDigestDeps;
  /** `add <url>`, `sources` (the feeds), `sources add|remove`; absent without a store and fetcher. */
  inflow?: InflowDeps;
}

/** A message activity carrying one Adaptive Card (and its fallback as the notification text). */
export function cardActivity(card: AdaptiveCard): Partial<Activity> {
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
  activity.summary = card.fallbackText.split('\n')[0] ?? '';
  return activity;
}

/**
 * The Teams conversation logic: every message (typed, or an Action.Submit of one of our cards)
 * becomes a command of the shared grammar, answered by the core and rendered as a card.
 * No business logic here.
 */
export class BriefBot extends ActivityHandler {
  constructor(private readonly deps: TeamsBotDeps) {
    super();
    this.onMessage(async (context, next) => {
      await this.answer(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient.id;
      if ((context.activity.membersAdded ?? []).some((m) => m.id === botId)) {
        await context.sendActivity(
          cardActivity(renderTeamsAnswer(answerCommand({ kind: 'help' }, deps.corpora, { invocation: invocationFor(context.activity) }))),
        );
      }
      await next();
    });
  }

  private async answer(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const input = inputFromActivity(activity);
    if (input.kind === 'bad-action') {
      this.deps.logger.info({ conversationType: activity.conversation.conversationType }, 'teams: unrecognised card action');
      await context.sendActivity(cardActivity(renderNoticeCard(messages.TEAMS_BAD_ACTION())));
      return;
    }
    if (input.kind === 'digest') {
      const digests = this.deps.digests;
      if (!digests) {
        await context.sendActivity(cardActivity(renderNoticeCard(messages.TEAMS_DIGESTS_UNAVAILABLE())));
        return;
      }
      const invocation = invocationFor(activity);
      const reply = await answerDigest(input.rest, activity, { ...digests, corpora: this.deps.corpora, logger: this.deps.logger, invocation });
      await context.sendActivity(cardActivity(renderDigestReplyCard(reply, { invocation })));
      return;
    }
    const command = input.command;
    const invocation = invocationFor(activity);
    if (command.kind === 'alert' && this.deps.digests) {
      const reply = await answerAlert(command.rest, activity, { ...this.deps.digests, corpora: this.deps.corpora, logger: this.deps.logger, invocation });
      await context.sendActivity(cardActivity(renderDigestReplyCard(reply, { invocation })));
      return;
    }
    const inflow = this.deps.inflow;
    const sourcesRest = command.kind === 'sources' ? '' : command.kind === 'sources-admin' && !/^articles?$/i.test(command.rest) ? command.rest : undefined;
    if (inflow && (command.kind === 'add' || sourcesRest !== undefined)) {
      // SOURCES_ADMINS lists AAD object ids: the id Teams gives a user across tenants' apps.
      const who = { platform: 'teams' as const, teamId: tenantOf(activity), userId: activity.from.aadObjectId ?? activity.from.id, invocation, corpora: this.deps.corpora };
      // `add` fetches and ingests within the turn: the answer is the reply to the message.
      const reply = command.kind === 'add' ? await handleAdd(command.url, who, inflow) : await handleSources(sourcesRest ?? '', who, inflow);
      await context.sendActivity(cardActivity(renderDigestReplyCard(reply, { invocation })));
      return;
    }
    const answer = answerCommand(command, this.deps.corpora, { invocation });
    this.deps.logger.debug(
      { command: command.kind, conversationType: activity.conversation.conversationType },
      'teams: answering',
    );
    await context.sendActivity(cardActivity(renderTeamsAnswer(answer)));
  }
}
