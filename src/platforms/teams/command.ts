import { TurnContext, type Activity } from 'botbuilder';
import { parseCommand, type Command } from '../../brief/command.js';
import { SubmitValueSchema } from './activity.js';

/**
 * Teams → the shared command grammar. Teams delivers a command list entry as its title typed
 * out ("brief kenya malaysia"), so the leading command word plays the part of Slack's `/brief`
 * and is dropped; everything after it is parsed exactly as in Slack.
 */
export type TeamsInput =
  | { kind: 'command'; command: Command }
  | { kind: 'digest'; rest: string }
  | { kind: 'bad-action' };

export function inputFromActivity(activity: Partial<Activity>): TeamsInput {
  if (activity.value !== undefined && activity.value !== null) {
    const parsed = SubmitValueSchema.safeParse(activity.value);
    if (!parsed.success) return { kind: 'bad-action' };
    const v = parsed.data;
    switch (v.action) {
      case 'more':
        return { kind: 'command', command: { kind: 'brief', query: v.query, offset: v.offset } };
      case 'sources':
        return { kind: 'command', command: { kind: 'sources' } };
      case 'help':
        return { kind: 'command', command: { kind: 'help' } };
    }
  }
  const text = commandText(activity);
  // `digest …` has its own grammar (src/digest/command.ts) and needs the store.
  const digest = /^digest(?:\s+([\s\S]*))?$/i.exec(text);
  if (digest) return { kind: 'digest', rest: digest[1] ?? '' };
  return { kind: 'command', command: parseCommand(text) };
}

/** The typed words, without the @mention of the bot and without the leading `brief`. */
export function commandText(activity: Partial<Activity>): string {
  const withoutMention = activity.text === undefined ? '' : TurnContext.removeRecipientMention(activity);
  return (
    withoutMention
      // Mentions of the bot under another display name, or a stray tag left by the client.
      .replace(/<at>[^<]*<\/at>/gi, ' ')
      .replace(/&nbsp;/g, ' ')
      .trim()
      .replace(/^\/?brief(?:\s+|$)/i, '')
      .trim()
  );
}

/** How the bot is addressed where an answer shows, for the examples in help. */
export function invocationFor(activity: Partial<Activity>): string {
  const type = activity.conversation?.conversationType;
  return type === 'channel' || type === 'groupChat' ? '@briefbot' : 'brief';
}
