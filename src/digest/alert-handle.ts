import { BriefbotError, isBriefbotError } from '../errors.js';
import type { Subscription } from '../store/types.js';
import { alertAcceptedForms, parseAlertCommand, type AlertCommand } from './alert-command.js';
import { newestFirstSeen } from './compose.js';
import { addWithinLimits, describeLedger, type DigestContext, type DigestReply } from './handle.js';

/**
 * `alert …`: an alert is a subscription of schedule kind `alert` (see ScheduleKind), so it is
 * claimed, posted, retried and recorded exactly like a digest, through the same ledger and
 * posters; only its slots differ (src/schedule/plan.ts planAlert).
 */
export async function handleAlertText(rest: string, ctx: DigestContext): Promise<DigestReply> {
  try {
    return await handleAlertCommand(parseAlertCommand(rest, ctx.invocation), ctx);
  } catch (err) {
    if (isBriefbotError(err)) return { kind: 'problem', message: err.message };
    throw err;
  }
}

export async function handleAlertCommand(cmd: AlertCommand, ctx: DigestContext): Promise<DigestReply> {
  const inv = ctx.invocation ?? '/brief';
  switch (cmd.kind) {
    case 'help':
      return {
        kind: 'notice',
        title: 'Alerts',
        lines: [
          'An alert posts each new fact matching a query to this channel as it arrives in the fact base (at most one message a minute, each fact once).',
          `${inv} alert kenya malaysia — subscribe this channel`,
          `${inv} alert list — this channel's alerts, their ids and last post`,
          `${inv} alert off <id|all> — stop one, or all of this channel's`,
        ],
      };
    case 'subscribe':
      return subscribe(cmd.query, ctx);
    case 'list':
      return list(ctx);
    case 'off':
      return off(cmd.target, ctx);
  }
}

async function subscribe(query: string, ctx: DigestContext): Promise<DigestReply> {
  const inv = ctx.invocation ?? '/brief';
  const corpus = ctx.corpora.current();
  try {
    corpus.searcher.search(query, { limit: 1 });
  } catch (err) {
    if (isBriefbotError(err) && err.code.startsWith('QUERY_')) {
      throw new BriefbotError('ALERT_USAGE', { problem: err.message, accepted: alertAcceptedForms(inv) });
    }
    throw err;
  }
  if (ctx.checkChannel) {
    const check = await ctx.checkChannel();
    if (!check.ok) throw new BriefbotError('DIGEST_CHANNEL_UNREACHABLE', { reason: check.reason });
  }
  const sub = await addWithinLimits(
    ctx,
    {
      platform: ctx.platform,
      teamId: ctx.teamId,
      channelId: ctx.channelId,
      createdBy: ctx.userId,
      query,
      schedule: { kind: 'alert', time: '', timeZone: 'UTC' },
      postWhenEmpty: false,
      // Facts already known are not news: only what arrives from now on is posted.
      lastDigestAt: newestFirstSeen(corpus.fb),
    },
    ctx.clock.now(),
  );
  ctx.logger.info({ subscription: sub.id, channel: sub.channelId, user: ctx.userId }, 'alert subscribed');
  return {
    kind: 'notice',
    title: `Alert ${sub.id} set up for this channel`,
    lines: [
      `"${sub.query}": each new fact that matches is posted here within a minute of arriving, at most one message a minute.`,
      `Stop it: ${inv} alert off ${sub.id}`,
    ],
  };
}

async function list(ctx: DigestContext): Promise<DigestReply> {
  const inv = ctx.invocation ?? '/brief';
  const alerts = await channelAlerts(ctx);
  if (alerts.length === 0) return { kind: 'notice', title: 'No alerts in this channel', lines: [`Start one: ${inv} alert <query>`] };
  const lines: string[] = [];
  for (const a of alerts) {
    const [last] = await ctx.store.ledger(a.id, 1);
    lines.push(`${a.id} · "${a.query}"${last ? ` · last: ${describeLedger(last, a)}` : ' · nothing posted yet'}`);
  }
  lines.push(`Stop one: ${inv} alert off <id>`);
  return { kind: 'notice', title: `${alerts.length} ${alerts.length === 1 ? 'alert' : 'alerts'} in this channel`, lines };
}

async function off(target: string, ctx: DigestContext): Promise<DigestReply> {
  const where = { platform: ctx.platform, channelId: ctx.channelId };
  const alerts = await channelAlerts(ctx);
  const chosen = target === 'all' ? alerts : alerts.filter((a) => a.id === target);
  if (target !== 'all' && chosen.length === 0) throw new BriefbotError('ALERT_NOT_FOUND', { id: target, invocation: ctx.invocation ?? '/brief' });
  let n = 0;
  for (const a of chosen) if (await ctx.store.deactivateSubscription(a.id, where)) n++;
  ctx.logger.info({ alerts: chosen.map((a) => a.id), channel: ctx.channelId }, 'alert turned off');
  if (target !== 'all') return { kind: 'notice', title: `Alert ${target} turned off`, lines: [] };
  return { kind: 'notice', title: n === 0 ? 'No alerts in this channel' : `Turned off ${n} ${n === 1 ? 'alert' : 'alerts'}`, lines: [] };
}

async function channelAlerts(ctx: DigestContext): Promise<Subscription[]> {
  const all = await ctx.store.listSubscriptions({ platform: ctx.platform, channelId: ctx.channelId });
  return all.filter((s) => s.schedule.kind === 'alert');
}
