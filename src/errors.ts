/**
 * Every error briefbot raises on purpose carries a code from this table and a message built here,
 * so wording stays consistent across the CLI, Slack and Teams, and tests can match on codes.
 * Add new codes to `messages`; never build user-facing error text elsewhere.
 */
export const messages = {
  CONFIG_INVALID: (p: { problems: string[] }) =>
    `Invalid configuration:\n${p.problems.map((x) => `  - ${x}`).join('\n')}`,

  FACTBASE_NOT_FOUND: (p: { file: string }) =>
    `${p.file}: fact base not found. Run \`npx briefbot ingest\` to build it.`,
  FACTBASE_UNREADABLE: (p: { file: string; reason: string }) => `${p.file}: cannot be read as JSON (${p.reason}).`,
  FACTBASE_VERSION: (p: { file: string; found: unknown; expected: number }) =>
    `${p.file}: format version ${JSON.stringify(p.found)} is not supported (expected ${p.expected}). Rebuild it with \`npx briefbot ingest\`.`,
  FACTBASE_INVALID: (p: { file: string; record: string; field: string; problem: string }) =>
    `${p.file}: ${p.record}, field ${p.field}: ${p.problem}`,
  FACTBASE_INCONSISTENT: (p: { file: string; record: string; field: string; problem: string }) =>
    `${p.file}: ${p.record}, field ${p.field}: ${p.problem}`,

  ARTICLE_INVALID: (p: { file: string; field: string; problem: string }) =>
    `${p.file}: front matter field ${p.field}: ${p.problem}`,
  ARTICLE_NO_FRONT_MATTER: (p: { file: string }) =>
    `${p.file}: missing YAML front matter (a first line of "---", the fields, then "---").`,
  DATA_FILE_INVALID: (p: { file: string; record: string; field: string; problem: string }) =>
    `${p.file}: ${p.record}, field ${p.field}: ${p.problem}`,

  QUERY_EMPTY: () =>
    'The query is empty. Ask with names, words and filters, e.g. "kenya malaysia" or "beef topic:tariffs since:2025-06".',
  QUERY_TOO_LONG: (p: { length: number; max: number }) =>
    `The query is ${p.length} characters long; the limit is ${p.max}. Use a few names and words, e.g. "kenya malaysia beef".`,
  QUERY_BAD_FILTER: (p: { filter: string; problem: string; accepted: string }) =>
    `Cannot read the filter "${p.filter}": ${p.problem}. Accepted: ${p.accepted}`,

  ANSWER_FAILED: () => 'Something went wrong while answering that. It has been logged; please try again.',
  ACTION_STALE: () => 'That button no longer works (the message is too old or was changed). Run the command again.',
  SLACK_BUSY: () => 'I am busy answering a lot of requests right now, so I did not take this one. Please try again in a few seconds.',

  TEAMS_TURN_FAILED: () => 'Sorry, something went wrong while answering that. Please try again in a moment.',
  TEAMS_BAD_ACTION: () => 'That button belongs to an older or unknown card. Type `help` to see what I can do.',
  TEAMS_DIGESTS_UNAVAILABLE: () => 'Digests are not available here: this bot runs without a store for subscriptions.',
  TEAMS_MANIFEST_INVALID: (p: { problems: string[] }) =>
    `The Teams app package is not valid:\n${p.problems.map((x) => `  - ${x}`).join('\n')}`,
  TEAMS_APP_ID_MISSING: () =>
    'MicrosoftAppId is not set: the Teams app package needs the bot id of your Azure Bot resource (set MicrosoftAppId, or run `npm run package:teams -- --dummy` for a package that is only validated locally).',

  STORAGE_UNUSABLE: (p: { path: string; code: string; reason: string }) =>
    `cannot use the local store at ${p.path} (${p.code}: ${p.reason}). Check that VAR_DIR is writable and the disk has room, or set DATABASE_URL.`,
  STORE_MIGRATION_FAILED: (p: { engine: string; migration: string; reason: string }) =>
    `The ${p.engine} store could not be migrated (${p.migration}): ${p.reason}`,
  DIGEST_USAGE: (p: { problem: string; accepted: string }) => `${p.problem}\nAccepted: ${p.accepted}`,
  DIGEST_BAD_TIME: (p: { time: string; accepted: string }) =>
    `"${p.time}" is not a time of day (00:00 to 23:59).\nAccepted: ${p.accepted}`,
  DIGEST_BAD_ZONE: (p: { zone: string; accepted: string }) =>
    `"${p.zone}" is not a time zone I know (use an IANA name such as Africa/Nairobi, Europe/London or UTC).\nAccepted: ${p.accepted}`,
  DIGEST_BAD_QUERY: (p: { problem: string; accepted: string }) =>
    `The digest query cannot be used: ${p.problem}\nAccepted: ${p.accepted}`,
  DIGEST_CHANNEL_UNREACHABLE: (p: { reason: string }) =>
    `I cannot post to this channel (${p.reason}), so a digest here would never arrive. Invite me to the channel, then subscribe again.`,
  DIGEST_CHANNEL_FULL: (p: { limit: number; invocation: string }) =>
    `This channel already has ${p.limit} digests, the most one channel may have. Stop one first (\`${p.invocation} digest list\` shows their ids, \`${p.invocation} digest off <id>\` stops one).`,
  DIGEST_WORKSPACE_FULL: (p: { limit: number; where: string }) =>
    `This ${p.where} already has ${p.limit} digests across its channels, the most it may have. Stop some in other channels first, or ask whoever runs the bot to raise the limit.`,
  DIGEST_NOT_FOUND: (p: { id: string }) =>
    `No active digest "${p.id}" in this channel. \`/brief digest list\` shows this channel's digests and their ids.`,

  FEED_NOT_A_FEED: (p: { url: string; reason: string }) =>
    `${p.url} is not a feed I can read (${p.reason}). Give the address of an RSS, Atom or JSON Feed; for one article use \`add <url>\`.`,
  SOURCES_FORBIDDEN: (p: { what: string }) =>
    `Only the people listed in SOURCES_ADMINS may ${p.what} here. Ask one of them, or whoever runs the bot.`,
  SOURCES_USAGE: (p: { problem: string; accepted: string }) => `${p.problem}\nAccepted: ${p.accepted}`,
  SOURCES_NOT_FOUND: (p: { id: string; invocation: string }) =>
    `No source "${p.id}". \`${p.invocation} sources\` lists the sources and their ids.`,
  SOURCES_UNAVAILABLE: () => 'Adding articles and sources is not available here: this bot runs without a store or a data directory it may write.',
  ALERT_USAGE: (p: { problem: string; accepted: string }) => `${p.problem}\nAccepted: ${p.accepted}`,
  ALERT_NOT_FOUND: (p: { id: string; invocation: string }) =>
    `No active alert "${p.id}" in this channel. \`${p.invocation} alert list\` shows this channel's alerts and their ids.`,
} as const;

export type ErrorCode = keyof typeof messages;
type ParamsOf<C extends ErrorCode> = Parameters<(typeof messages)[C]>[0];

export class BriefbotError<C extends ErrorCode = ErrorCode> extends Error {
  override readonly name = 'BriefbotError';
  readonly code: C;
  readonly params: ParamsOf<C>;

  constructor(code: C, ...args: ParamsOf<C> extends undefined ? [] : [ParamsOf<C>]) {
    const params = args[0] as ParamsOf<C>;
    super((messages[code] as (p: ParamsOf<C>) => string)(params));
    this.code = code;
    this.params = params;
  }
}

export function isBriefbotError(e: unknown, code?: ErrorCode): e is BriefbotError {
  return e instanceof BriefbotError && (code === undefined || e.code === code);
}
