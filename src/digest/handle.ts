import type { CorpusSource } from '../brief/corpus.js';
import { BriefbotError, isBriefbotError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Clock } from './clock.js';
import { describeSchedule, formatSlot, nextSlot } from './slots.js';
import type { LedgerEntry, NewSubscription, Platform, Store, Subscription } from '../store/types.js';
import { acceptedForms, canonicalZone, parseDigestCommand, type DigestCommand } from './command.js';
import { composeDigest, newestFirstSeen } from './compose.js';
import type { Digest } from './model.js';
import { hasContent } from './model.js';

/** Who is asking, where, and what the handler may use: platform code fills it in. */
export interface DigestContext {
  platform: Platform;
  teamId: string;
  channelId: string;
  userId: string;
  store: Store;
  corpora: CorpusSource;
  clock: Clock;
  logger: Logger;
  /** DIGEST_TZ. */
  defaultZone?: string;
  /** The user's own zone from the platform (Slack users.info `tz`); undefined when unknown. */
  userTimeZone?: () => Promise<string | undefined>;
  /** Whether the bot can post in this channel; a reason when it cannot. */
  checkChannel?: () => Promise<{ ok: true } | { ok: false; reason: string }>;
  invocation?: string;
  /** Caps on active subscriptions; DEFAULT_SUBSCRIPTION_LIMITS when absent. */
  limits?: SubscriptionLimits;
}

export interface SubscriptionLimits {
  perChannel: number;
  /** Per Slack workspace or Teams tenant (the context's teamId). */
  perWorkspace: number;
}

/** Enough for any real channel; small enough that one user cannot fill the store or the scheduler. */
export const DEFAULT_SUBSCRIPTION_LIMITS: SubscriptionLimits = { perChannel: 20, perWorkspace: 500 };

/** Plain text everywhere (renderers escape it); `preview` carries the digest itself. */
export type DigestReply =
  | { kind: 'notice'; title: string; lines: string[] }
  | { kind: 'preview'; digest: Digest; note: string }
  | { kind: 'problem'; message: string };

/** Parse and run `digest …` words; problems come back as a reply, never as a silent failure. */
export async function handleDigestText(rest: string, ctx: DigestContext): Promise<DigestReply> {
  try {
    return await handleDigestCommand(parseDigestCommand(rest, ctx.invocation), ctx);
  } catch (err) {
    if (isBriefbotError(err)) return { kind: 'problem', message: err.message };
    throw err;
  }
}

export async function handleDigestCommand(cmd: DigestCommand, ctx: DigestContext): Promise<DigestReply> {
  switch (cmd.kind) {
    case 'help':
      return help(ctx);
    case 'subscribe':
      return subscribe(cmd, ctx);
    case 'list':
      return list(ctx);
    case 'preview':
      return preview(cmd.id, ctx);
    case 'off':
      return off(cmd.target, ctx);
  }
}

function help(ctx: DigestContext): DigestReply {
  const inv = ctx.invocation ?? '/brief';
  return {
    kind: 'notice',
    title: 'Digests',
    lines: [
      'A digest posts what is new in the fact base on a query to this channel, on a schedule.',
      `${inv} digest daily 08:00 Africa/Nairobi kenya malaysia — every day at 08:00 Nairobi time`,
      `${inv} digest weekdays 07:30 kenya topic:tariffs — Monday to Friday, in your own time zone`,
      `${inv} digest list — this channel's digests, their ids and next run`,
      `${inv} digest preview [id] — what the next digest would say, only to you`,
      `${inv} digest off <id|all> — stop one, or all of this channel's`,
      'Without a zone: your own time zone, else the workspace default, else UTC. Add --always to get a one-line note on days with nothing new (by default nothing is posted).',
    ],
  };
}

async function subscribe(cmd: Extract<DigestCommand, { kind: 'subscribe' }>, ctx: DigestContext): Promise<DigestReply> {
  const accepted = acceptedForms(ctx.invocation);
  const corpus = ctx.corpora.current();
  // Validate against the real search parser, so filters the search would reject are refused now
  // and not every morning.
  try {
    corpus.searcher.search(cmd.query, { limit: 1 });
  } catch (err) {
    if (isBriefbotError(err) && err.code.startsWith('QUERY_')) {
      throw new BriefbotError('DIGEST_BAD_QUERY', { problem: err.message, accepted });
    }
    throw err;
  }

  const { zone, zoneSource } = await resolveZone(cmd.zone, ctx);
  if (ctx.checkChannel) {
    const check = await ctx.checkChannel();
    if (!check.ok) throw new BriefbotError('DIGEST_CHANNEL_UNREACHABLE', { reason: check.reason });
  }
  const now = ctx.clock.now();
  const schedule = { kind: cmd.schedule, time: cmd.time, timeZone: zone };
  const sub = await addWithinLimits(
    ctx,
    {
      platform: ctx.platform,
      teamId: ctx.teamId,
      channelId: ctx.channelId,
      createdBy: ctx.userId,
      query: cmd.query,
      schedule,
      postWhenEmpty: cmd.postWhenEmpty,
      // "New" starts now: the first digest adds a catch-up for what was already known.
      lastDigestAt: newestFirstSeen(corpus.fb),
    },
    now,
  );
  ctx.logger.info({ subscription: sub.id, channel: sub.channelId, schedule }, 'digest subscribed');
  const inv = ctx.invocation ?? '/brief';
  return {
    kind: 'notice',
    title: `Digest ${sub.id} set up for this channel`,
    lines: [
      `"${sub.query}", ${describeSchedule(schedule)} (${zoneSource}).`,
      `First one: ${formatSlot(nextSlot(schedule, now), zone)}. It opens with where things stand; after that, only what is new.`,
      cmd.postWhenEmpty
        ? 'On days with nothing new it posts a one-line "no new developments".'
        : 'On days with nothing new nothing is posted (add --always to get a one-line note instead).',
      `See it now: ${inv} digest preview ${sub.id} · stop it: ${inv} digest off ${sub.id}`,
    ],
  };
}

async function resolveZone(
  explicit: string | undefined,
  ctx: DigestContext,
): Promise<{ zone: string; zoneSource: string }> {
  if (explicit !== undefined) return { zone: explicit, zoneSource: 'the zone you gave' };
  const userZone = ctx.userTimeZone ? await ctx.userTimeZone().catch(() => undefined) : undefined;
  const user = userZone !== undefined ? canonicalZone(userZone) : undefined;
  if (user !== undefined) return { zone: user, zoneSource: 'your time zone' };
  const fallback = ctx.defaultZone !== undefined ? canonicalZone(ctx.defaultZone) : undefined;
  if (fallback !== undefined) return { zone: fallback, zoneSource: 'the default zone, DIGEST_TZ' };
  return { zone: 'UTC', zoneSource: 'UTC: your time zone is unknown and no default is set' };
}

async function list(ctx: DigestContext): Promise<DigestReply> {
  const subs = await channelSubs(ctx);
  const inv = ctx.invocation ?? '/brief';
  if (subs.length === 0) {
    return { kind: 'notice', title: 'No digests in this channel', lines: [`Start one: ${inv} digest daily 08:00 <query>`] };
  }
  const now = ctx.clock.now();
  const lines: string[] = [];
  for (const s of subs) {
    const [last] = await ctx.store.ledger(s.id, 1);
    lines.push(
      `${s.id} · "${s.query}" · ${describeSchedule(s.schedule)}${s.postWhenEmpty ? ' · --always' : ''} · next: ${formatSlot(nextSlot(s.schedule, now), s.schedule.timeZone)}${last ? ` · last: ${describeLedger(last, s)}` : ''}`,
    );
  }
  lines.push(`Preview one: ${inv} digest preview <id> · stop one: ${inv} digest off <id>`);
  return { kind: 'notice', title: `${subs.length} ${subs.length === 1 ? 'digest' : 'digests'} in this channel`, lines };
}

export function describeLedger(e: LedgerEntry, s: Subscription): string {
  const when = formatSlot(new Date(e.slot), s.schedule.timeZone);
  switch (e.status) {
    case 'sent':
      return `posted ${when}`;
    case 'empty':
      return `nothing new ${when}`;
    case 'claimed':
      return `posting ${when}`;
    case 'failed':
      return `FAILED ${when}: ${e.detail ?? 'unknown error'}`;
    case 'skipped':
      return `skipped ${when}: ${e.detail ?? ''}`;
    case 'unknown':
      return `NOT CONFIRMED ${when}: ${e.detail ?? 'the post may or may not have arrived'} (not re-sent, so it is never posted twice)`;
  }
}

async function preview(id: string | undefined, ctx: DigestContext): Promise<DigestReply> {
  const subs = await channelSubs(ctx);
  const inv = ctx.invocation ?? '/brief';
  let sub: Subscription | undefined;
  if (id !== undefined) {
    sub = subs.find((s) => s.id === id);
    if (!sub) throw new BriefbotError('DIGEST_NOT_FOUND', { id });
  } else if (subs.length === 1) {
    sub = subs[0];
  } else if (subs.length === 0) {
    return { kind: 'notice', title: 'No digests in this channel', lines: [`Start one: ${inv} digest daily 08:00 <query>`] };
  } else {
    return {
      kind: 'notice',
      title: 'Which digest?',
      lines: [...subs.map((s) => `${s.id} · "${s.query}"`), `Say which: ${inv} digest preview <id>`],
    };
  }
  const now = ctx.clock.now();
  const digest = composeDigest(ctx.corpora.current(), sub!, now);
  const next = formatSlot(nextSlot(sub!.schedule, now), sub!.schedule.timeZone);
  const note = hasContent(digest)
    ? `Preview, only to you. The next digest posts ${next}, with whatever is new by then.`
    : sub!.postWhenEmpty
      ? `Preview, only to you. If nothing new arrives, ${next} posts this one line.`
      : `Preview, only to you. Nothing is new yet, so as things stand nothing would be posted ${next}.`;
  return { kind: 'preview', digest, note };
}

async function off(target: string, ctx: DigestContext): Promise<DigestReply> {
  const where = { platform: ctx.platform, channelId: ctx.channelId };
  if (target === 'all') {
    // Digests only: the channel's alerts are turned off with `alert off`.
    let n = 0;
    for (const s of await channelSubs(ctx)) if (await ctx.store.deactivateSubscription(s.id, where)) n++;
    return { kind: 'notice', title: n === 0 ? 'No digests in this channel' : `Turned off ${n} ${n === 1 ? 'digest' : 'digests'}`, lines: [] };
  }
  const isDigest = (await channelSubs(ctx)).some((s) => s.id === target);
  if (!isDigest || !(await ctx.store.deactivateSubscription(target, where))) throw new BriefbotError('DIGEST_NOT_FOUND', { id: target });
  ctx.logger.info({ subscription: target, channel: ctx.channelId }, 'digest turned off');
  return { kind: 'notice', title: `Digest ${target} turned off`, lines: [] };
}

/** The channel's digests (its alerts are subscriptions too, listed by `alert list`). */
async function channelSubs(ctx: DigestContext): Promise<Subscription[]> {
  const all = await ctx.store.listSubscriptions({ platform: ctx.platform, channelId: ctx.channelId });
  return all.filter((s) => s.schedule.kind !== 'alert');
}

/**
 * Adds a subscription (digest or alert) unless the channel or workspace is at its cap. The caps
 * are counted in the insert's own transaction, so concurrent subscribes never overshoot.
 */
export async function addWithinLimits(ctx: DigestContext, input: NewSubscription, now: Date): Promise<Subscription> {
  const added = await ctx.store.addSubscriptionCapped(input, now, ctx.limits ?? DEFAULT_SUBSCRIPTION_LIMITS);
  if ('full' in added) {
    if (added.full === 'channel') throw new BriefbotError('DIGEST_CHANNEL_FULL', { limit: added.limit, invocation: ctx.invocation ?? '/brief' });
    throw new BriefbotError('DIGEST_WORKSPACE_FULL', { limit: added.limit, where: ctx.platform === 'teams' ? 'tenant' : 'workspace' });
  }
  return added.added;
}
