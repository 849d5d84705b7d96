import { BriefbotError } from '../errors.js';
import { parseTime } from './slots.js';
import { MAX_QUERY_LENGTH } from '../search/types.js';
import type { ScheduleKind } from '../store/types.js';

/**
 * The grammar of `/brief digest …`, platform-neutral:
 *
 *   digest daily 08:00 [Zone] [--always] <query>     subscribe this channel, every day
 *   digest weekdays 07:30 [Zone] [--always] <query>  Mon–Fri
 *   digest list | digest preview [id] | digest off <id|all> | digest help
 *
 * Zone is an IANA name (Africa/Nairobi, Europe/London, UTC) right after the time; without one the
 * handler uses the user's own zone, then DIGEST_TZ, then UTC. `--always` (anywhere) posts a
 * one-line "no new developments" on days with nothing new instead of staying silent; a flag, not
 * a word, so a query about "always" still works.
 */
export type DigestCommand =
  | { kind: 'subscribe'; schedule: ScheduleKind; time: string; zone?: string; query: string; postWhenEmpty: boolean }
  | { kind: 'list' }
  | { kind: 'preview'; id?: string }
  | { kind: 'off'; target: string }
  | { kind: 'help' };

export const DIGEST_FORMS = [
  'digest daily HH:MM [Zone] [--always] <query>',
  'digest weekdays HH:MM [Zone] [--always] <query>',
  'digest list',
  'digest preview [id]',
  'digest off <id|all>',
] as const;

export function acceptedForms(invocation = '/brief'): string {
  return DIGEST_FORMS.map((f) => `\`${invocation} ${f}\``).join(', ') + ' — e.g. `' + invocation + ' digest daily 08:00 Africa/Nairobi kenya malaysia`';
}

// Slack and phones turn `--` into an en or em dash.
const ALWAYS_FLAG = /^(?:--|—|–)always$/i;
const ZONE_LIKE = /^(?:[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)+|UTC|GMT|Z)$/i;

/** Parses the words after `digest`. Throws BriefbotError DIGEST_* naming the problem and the accepted forms. */
export function parseDigestCommand(rest: string, invocation = '/brief'): DigestCommand {
  const accepted = acceptedForms(invocation);
  const words = rest.trim().split(/\s+/).filter((w) => w !== '');
  const [verb = '', ...args] = words;
  switch (verb.toLowerCase()) {
    case '':
    case 'help':
    case '?':
      return { kind: 'help' };
    case 'list':
    case 'ls':
      return { kind: 'list' };
    case 'preview':
      return args[0] !== undefined ? { kind: 'preview', id: args[0].toLowerCase() } : { kind: 'preview' };
    case 'off':
    case 'stop':
    case 'unsubscribe': {
      const target = args[0];
      if (target === undefined) throw new BriefbotError('DIGEST_USAGE', { problem: 'Say which digest to turn off: its id, or `all`.', accepted });
      return { kind: 'off', target: target.toLowerCase() };
    }
    case 'daily':
    case 'weekdays':
    case 'weekday':
      return parseSubscribe(verb.toLowerCase() === 'daily' ? 'daily' : 'weekdays', args, accepted);
    default:
      throw new BriefbotError('DIGEST_USAGE', { problem: `"${verb}" is not a digest command.`, accepted });
  }
}

function parseSubscribe(kind: ScheduleKind, args: string[], accepted: string): DigestCommand {
  const postWhenEmpty = args.some((a) => ALWAYS_FLAG.test(a));
  const rest = args.filter((a) => !ALWAYS_FLAG.test(a));
  const timeText = rest.shift();
  if (timeText === undefined) throw new BriefbotError('DIGEST_USAGE', { problem: 'Say when: a time such as 08:00.', accepted });
  const time = parseTime(timeText);
  if (!time) throw new BriefbotError('DIGEST_BAD_TIME', { time: timeText, accepted });
  const hhmm = `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`;

  let zone: string | undefined;
  const candidate = rest[0];
  if (candidate !== undefined && ZONE_LIKE.test(candidate) && !candidate.includes(':')) {
    zone = canonicalZone(candidate);
    if (zone === undefined) throw new BriefbotError('DIGEST_BAD_ZONE', { zone: candidate, accepted });
    rest.shift();
  }
  const query = rest.join(' ').trim();
  if (query === '') throw new BriefbotError('DIGEST_BAD_QUERY', { problem: 'the query is empty; say what the digest is about.', accepted });
  if (query.length > MAX_QUERY_LENGTH) {
    throw new BriefbotError('DIGEST_BAD_QUERY', { problem: `it is ${query.length} characters long; the limit is ${MAX_QUERY_LENGTH}.`, accepted });
  }
  return { kind: 'subscribe', schedule: kind, time: hhmm, ...(zone !== undefined ? { zone } : {}), query, postWhenEmpty };
}

/** The zone's canonical IANA spelling (africa/nairobi → Africa/Nairobi), or undefined when unknown. */
export function canonicalZone(name: string): string | undefined {
  if (/^(?:z|utc|gmt)$/i.test(name)) return 'UTC';
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}
