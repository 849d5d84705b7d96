import { BriefbotError } from '../errors.js';
import { MAX_QUERY_LENGTH } from '../search/types.js';

/**
 * The grammar of `/brief alert …`, platform-neutral, the same shape as `digest …`:
 *
 *   alert <query>          post each new fact matching the query to this channel, as it arrives
 *   alert list | alert off <id|all> | alert help
 */
export type AlertCommand = { kind: 'subscribe'; query: string } | { kind: 'list' } | { kind: 'off'; target: string } | { kind: 'help' };

export const ALERT_FORMS = ['alert <query>', 'alert list', 'alert off <id|all>'] as const;

export function alertAcceptedForms(invocation = '/brief'): string {
  return `${ALERT_FORMS.map((f) => `\`${invocation} ${f}\``).join(', ')} — e.g. \`${invocation} alert kenya malaysia\``;
}

/** Parses the words after `alert`. Throws ALERT_USAGE naming the problem and the accepted forms. */
export function parseAlertCommand(rest: string, invocation = '/brief'): AlertCommand {
  const accepted = alertAcceptedForms(invocation);
  const words = rest.trim().split(/\s+/).filter((w) => w !== '');
  const [verb = '', ...args] = words;
  switch (verb.toLowerCase()) {
    case '':
    case 'help':
    case '?':
      return { kind: 'help' };
    case 'list':
    case 'ls':
      if (args.length > 0) break;
      return { kind: 'list' };
    case 'off':
    case 'stop':
    case 'unsubscribe': {
      const target = args[0];
      if (target === undefined) throw new BriefbotError('ALERT_USAGE', { problem: 'Say which alert to turn off: its id, or `all`.', accepted });
      return { kind: 'off', target: target.toLowerCase() };
    }
  }
  const query = words.join(' ');
  if (query.length > MAX_QUERY_LENGTH) {
    throw new BriefbotError('ALERT_USAGE', { problem: `The query is ${query.length} characters long; the limit is ${MAX_QUERY_LENGTH}.`, accepted });
  }
  return { kind: 'subscribe', query };
}
