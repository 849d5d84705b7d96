import type { Brief, SourcesList } from './model.js';
import type { CorpusSource } from './corpus.js';
import { composeBrief, composeSourcesList } from './compose.js';
import { helpContent, unknownWordHints, type Help, type UnknownHints } from './help.js';
import { isBriefbotError, messages } from '../errors.js';
import type { SearchOptions } from '../search/types.js';

/**
 * The grammar of `/brief …`, shared by Slack, Teams and anything else that takes typed text.
 * A subcommand is the first word when it is one of SUBCOMMANDS; anything else is a query, so
 * a typo never produces silence — it produces a brief with suggestions.
 */
export type Command =
  | { kind: 'help' }
  | { kind: 'sources' }
  | { kind: 'brief'; query: string; offset: number }
  /** `add <url>`: fetch one article into the fact base (the platform runs it: it needs the store and the fetcher). */
  | { kind: 'add'; url: string }
  /** `sources add <url> [name] | sources remove <id> | sources articles`: the words after `sources`. */
  | { kind: 'sources-admin'; rest: string }
  /** `alert …`: the words after `alert` (src/digest/alert-command.ts parses them). */
  | { kind: 'alert'; rest: string };

type SubcommandParser = (rest: string) => Command;

/**
 * Add a subcommand by adding one entry (e.g. `digest: (rest) => ({ kind: 'digest', … })` after
 * widening `Command`). Keys are matched case-insensitively against the first word. A subcommand
 * that needs the platform (the channel, the store) is handled by the platform's command handler
 * before it calls `answerCommand`; one that needs only the corpus gets a case in `answerCommand`.
 */
export const SUBCOMMANDS: Record<string, SubcommandParser> = {
  help: () => ({ kind: 'help' }),
  '?': () => ({ kind: 'help' }),
  sources: (rest) => (rest.trim() === '' ? { kind: 'sources' } : { kind: 'sources-admin', rest: rest.trim() }),
  add: (rest) => ({ kind: 'add', url: rest.trim() }),
  alert: (rest) => ({ kind: 'alert', rest: rest.trim() }),
};

export function parseCommand(text: string): Command {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'help' };
  const [first = '', ...rest] = trimmed.split(/\s+/);
  const sub = SUBCOMMANDS[first.toLowerCase()];
  if (sub && Object.hasOwn(SUBCOMMANDS, first.toLowerCase())) return sub(rest.join(' '));
  return { kind: 'brief', query: trimmed, offset: 0 };
}

/** What a command answers with; renderers turn this into Block Kit, Adaptive Cards or text. */
export type Answer =
  | { kind: 'brief'; brief: Brief; hints?: UnknownHints }
  | { kind: 'sources'; list: SourcesList }
  | { kind: 'help'; help: Help };

export interface AnswerOptions extends Pick<SearchOptions, 'limit'> {
  /** How the command is invoked where the answer is shown (`/brief`, `@briefbot`). */
  invocation?: string;
}

/**
 * Run a parsed command against the current corpus. Unusable queries (too long, a bad filter)
 * come back as help with the reason, never as an exception the user cannot see.
 */
export function answerCommand(command: Command, corpora: CorpusSource, options: AnswerOptions = {}): Answer {
  const invocation = options.invocation ?? '/brief';
  switch (command.kind) {
    case 'help':
      return { kind: 'help', help: helpContent(invocation) };
    case 'sources':
      return { kind: 'sources', list: composeSourcesList(corpora.current().fb) };
    case 'sources-admin':
      // `sources articles` is the article list; the rest needs the store (the platform handles it first).
      if (/^articles?$/i.test(command.rest)) return { kind: 'sources', list: composeSourcesList(corpora.current().fb) };
      return { kind: 'help', help: { ...helpContent(invocation), problem: messages.SOURCES_UNAVAILABLE() } };
    case 'add':
    case 'alert':
      return { kind: 'help', help: { ...helpContent(invocation), problem: messages.SOURCES_UNAVAILABLE() } };
    case 'brief': {
      const { fb, searcher } = corpora.current();
      try {
        const brief = composeBrief(fb, searcher, command.query, {
          offset: command.offset,
          ...(options.limit !== undefined ? { limit: options.limit } : {}),
        });
        const unknown = brief.understood.unknown;
        if (unknown.length === 0) return { kind: 'brief', brief };
        return { kind: 'brief', brief, hints: unknownWordHints(unknown, brief.suggestions ?? searcher.coverage()) };
      } catch (err) {
        if (isBriefbotError(err, 'QUERY_EMPTY')) return { kind: 'help', help: helpContent(invocation) };
        if (isBriefbotError(err, 'QUERY_TOO_LONG') || isBriefbotError(err, 'QUERY_BAD_FILTER')) {
          return { kind: 'help', help: { ...helpContent(invocation), problem: err.message } };
        }
        throw err;
      }
    }
  }
}
