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
  FACTSTORE_EMPTY: (p: { location: string }) =>
    `${p.location}: the fact store holds no fact base yet. Run \`npx briefbot ingest\` to fill it.`,
  FACTSTORE_CONFLICT: (p: { location: string; expected: string; found: string }) =>
    `${p.location}: the fact base changed while this write was prepared (expected version ${p.expected}, found ${p.found}). Read it again and retry.`,
  FACTSTORE_WRITE_FAILED: (p: { location: string; reason: string }) =>
    `${p.location}: the fact base write failed and was rolled back; the previous version still serves (${p.reason}).`,
  FACTSTORE_UNREACHABLE: (p: { location: string; reason: string }) => `${p.location}: the fact store cannot be reached (${p.reason}).`,
  STORE_BUSY: (p: { waitedMs: number; queued: number }) =>
    `The store is busy: no connection came free within ${p.waitedMs} ms (${p.queued} more calls waiting).`,
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
  FETCH_BAD_URL: (p: { url: string }) =>
    `"${p.url}" is not a web address I can fetch. Give a full http:// or https:// link, e.g. https://example.com/news/story.`,
  FETCH_SCHEME: (p: { scheme: string }) => `I only fetch http:// and https:// links, not ${p.scheme}// ones.`,
  FETCH_PRIVATE_ADDRESS: (p: { host: string; address: string }) =>
    `I do not fetch ${p.host}: it points at a private or internal address (${p.address}). Only public web pages can be added (an intranet deploy can set SOURCES_ALLOW_PRIVATE=1).`,
  FETCH_DNS: (p: { host: string }) => `I could not find the site ${p.host} (its name does not resolve). Check the link.`,
  FETCH_CONNECT: (p: { host: string; reason: string }) => `I could not connect to ${p.host} (${p.reason}). Try again later.`,
  FETCH_TIMEOUT: (p: { host: string; seconds: number }) =>
    `${p.host} took longer than ${p.seconds} s to answer, so I gave up. Try again later.`,
  FETCH_TOO_LARGE: (p: { host: string; maxBytes: number }) =>
    `The page at ${p.host} is larger than ${Math.round(p.maxBytes / 1024)} KB, more than I read for one article.`,
  FETCH_TOO_MANY_REDIRECTS: (p: { host: string; max: number }) =>
    `${p.host} redirected more than ${p.max} times, so I stopped following it. Try the final address of the page.`,
  FETCH_HTTP_STATUS: (p: { host: string; status: number; path: string; retryAfter?: string }) =>
    p.status === 404 || p.status === 410
      ? `${p.host}${p.path} was not found (HTTP ${p.status}). Check the link.`
      : p.status === 401 || p.status === 403
        ? `${p.host} refused to give me ${p.path} (HTTP ${p.status}): it may need a login or block bots.`
        : p.status === 429
          ? `${p.host} says I am asking too often (HTTP 429). Try again later.`
          : `${p.host} answered HTTP ${p.status} for ${p.path}${p.status >= 500 ? ': the site has a problem, try again later' : ''}.`,
  FETCH_CONTENT_TYPE: (p: { host: string; contentType: string; accepted: string[] }) =>
    `${p.host} sent ${p.contentType || 'no content type'}, not what I can read here (${p.accepted.join(', ')}).`,
  FETCH_ROBOTS: (p: { host: string; path: string }) =>
    `${p.host} asks bots not to fetch ${p.path} (its robots.txt disallows it), so I did not.`,
  FETCH_ROBOTS_UNREACHABLE: (p: { host: string; status: number }) =>
    `${p.host}'s robots.txt could not be read (HTTP ${p.status}); until it can, I treat the site as closed to bots. Try again later.`,

  ADD_NOT_ARTICLE: (p: { url: string; why: string }) =>
    `${p.url} does not look like a news article (${p.why}). Link to the story itself, not a section or index page.`,
  ADD_PAYWALL: (p: { url: string; words: number }) =>
    `${p.url} is behind a paywall: I can only read a ${p.words}-word teaser, too little to cite. Add a free copy of the story instead.`,
  ADD_BUSY: (p: { lock: string; seconds: number }) =>
    `The fact base is being updated by another process (${p.lock} held for over ${p.seconds} s). Try again in a moment.`,
  NEWS_SITE_INVALID: (p: { file: string; problem: string }) => `${p.file}: ${p.problem}`,
  NEWS_SITE_UNKNOWN_PAGE: (p: { slug: string; known: string[] }) =>
    `The news site stand-in has no page "${p.slug}" (site.json lists ${p.known.join(', ')}).`,
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
