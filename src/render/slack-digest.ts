import type { DigestReply } from '../digest/handle.js';
import type { Digest } from '../digest/model.js';
import { hasContent } from '../digest/model.js';
import { formatSince } from '../digest/wording.js';
import { overviewText, renderFact, sourceContext } from './slack.js';
import { SLACK_LIMITS, type ContextBlock, type SlackBlock, type SlackMessage } from './slack-blocks.js';
import { escapeMrkdwn, truncateWords } from './slack-mrkdwn.js';

/**
 * A digest as one Block Kit message for the channel. Facts are added while the message stays
 * inside Slack's limits (50 blocks, 3000-character sections); whatever does not fit is counted in
 * a closing "see more" line pointing to `/brief <query>`, so a long digest is never rejected.
 */
export function renderDigestSlack(digest: Digest, options: { invocation?: string } = {}): SlackMessage {
  const invocation = options.invocation ?? '/brief';
  const query = escapeMrkdwn(digest.query);
  const head: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncateWords(`${digest.alert ? 'Alert' : 'Digest'}: ${digest.query}`, SLACK_LIMITS.headerText), emoji: true } },
    context([
      `${escapeMrkdwn(digest.scheduleText)} · ${digest.newCount} new ${digest.newCount === 1 ? 'fact' : 'facts'} ${escapeMrkdwn(formatSince(digest))} · id \`${escapeMrkdwn(digest.subscriptionId)}\``,
    ]),
  ];

  if (!hasContent(digest)) {
    const blocks = [head[0]!, section(`No new developments for *${query}* ${escapeMrkdwn(formatSince(digest))}.`)];
    return { text: `Digest: no new developments for ${truncateWords(query, 200)}`, blocks };
  }

  // Slot plan: header + context, then per part a heading, facts (2 blocks each), sources, tail.
  const tailReserve = 1;
  const body: SlackBlock[] = [];
  const sourceBlocks: SlackBlock[] = [];
  const sourcesShown = new Set<number>();
  let newShown = 0;
  let full = false;
  let n = 0;
  const asked = digest.understood.entities.map((e) => e.id);
  const opened = digest.overview.length > 0;

  // The overview's sources are listed with the first fact's (or alone when nothing is new).
  const overviewNos = new Set(digest.overview.flatMap((p) => p.sourceNos));
  const addFact = (fact: Digest['groups'][number]['facts'][number], heading: SlackBlock | undefined): boolean => {
    const factBlocks = renderFact(fact, n + 1, digest.sources, asked);
    // A folded line cites its "also reported" sources too.
    const cited = new Set([fact, ...(fact.alsoReported ?? [])].flatMap((x) => x.citations.map((c) => c.sourceNo)));
    const newSources = digest.sources.filter((s) => !sourcesShown.has(s.no) && (cited.has(s.no) || (n === 0 && overviewNos.has(s.no))));
    const sourcesHeading = sourceBlocks.length === 0 ? 2 : 0;
    const needed =
      head.length + body.length + (heading ? 1 : 0) + factBlocks.length + sourceBlocks.length + newSources.length + sourcesHeading + tailReserve;
    if (needed > SLACK_LIMITS.blocksPerMessage) return false;
    if (heading) body.push(heading);
    body.push(...factBlocks);
    for (const s of newSources) {
      sourcesShown.add(s.no);
      sourceBlocks.push(sourceContext(s));
    }
    n++;
    return true;
  };

  if (opened) {
    body.push(section(overviewText(digest.overview)));
    if (digest.shown === 0) {
      for (const s of digest.sources.filter((x) => overviewNos.has(x.no))) {
        if (head.length + body.length + sourceBlocks.length + 2 + 1 + tailReserve > SLACK_LIMITS.blocksPerMessage) break;
        sourcesShown.add(s.no);
        sourceBlocks.push(sourceContext(s));
      }
    }
  }
  if (digest.shown > 0 && opened) body.push({ type: 'divider' });
  for (const g of digest.groups) {
    let heading: SlackBlock | undefined = section(`*${escapeMrkdwn(g.title)}*${opened ? ' · new' : ''}`);
    for (const f of g.facts) {
      if (!addFact(f, heading)) {
        full = true;
        break;
      }
      heading = undefined;
      newShown += 1 + (f.alsoReported?.length ?? 0);
    }
    if (full) break;
  }

  const blocks: SlackBlock[] = [...head, ...body];
  if (sourceBlocks.length > 0) blocks.push({ type: 'divider' }, section('*Sources*'), ...sourceBlocks);
  const notShown = digest.newCount - newShown;
  const tail =
    notShown > 0
      ? `${notShown} more new ${notShown === 1 ? 'fact' : 'facts'} — see more with \`${escapeMrkdwn(invocation)} ${query}\``
      : `Everything new is above. Ask any time with \`${escapeMrkdwn(invocation)} ${query}\``;
  blocks.push(context([tail]));
  const summary =
    digest.shown > 0
      ? `${digest.newCount} new ${digest.newCount === 1 ? 'fact' : 'facts'}`
      : `where things stand (${digest.overview.length} ${digest.overview.length === 1 ? 'point' : 'points'})`;
  return { text: `${digest.alert ? 'Alert' : 'Digest'}: ${truncateWords(query, 200)} — ${summary}`, blocks: blocks.slice(0, SLACK_LIMITS.blocksPerMessage) };
}

function section(text: string): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncateWords(text, SLACK_LIMITS.sectionText) } };
}

function context(lines: string[]): ContextBlock {
  return { type: 'context', elements: lines.map((l) => ({ type: 'mrkdwn' as const, text: truncateWords(l, SLACK_LIMITS.textObject) })) };
}

/** A `/brief digest …` reply (shown privately to the person who typed it). */
export function renderDigestReplySlack(reply: DigestReply, options: { invocation?: string } = {}): SlackMessage {
  switch (reply.kind) {
    case 'problem':
      return { text: escapeMrkdwn(reply.message), blocks: [section(`:warning: ${escapeMrkdwn(reply.message)}`)] };
    case 'notice': {
      const blocks: SlackBlock[] = [section(`*${escapeMrkdwn(reply.title)}*`)];
      // One section per line keeps each well under 3000 characters and the list readable.
      const room = SLACK_LIMITS.blocksPerMessage - 2;
      for (const line of reply.lines.slice(0, room)) blocks.push(section(escapeMrkdwn(line)));
      if (reply.lines.length > room) blocks.push(context([`${reply.lines.length - room} more not shown`]));
      return { text: escapeMrkdwn(reply.title), blocks };
    }
    case 'preview': {
      const msg = renderDigestSlack(reply.digest, options);
      const blocks = [context([`:eyes: ${escapeMrkdwn(reply.note)}`]), ...msg.blocks].slice(0, SLACK_LIMITS.blocksPerMessage);
      return { text: `Preview — ${msg.text}`, blocks };
    }
  }
}
