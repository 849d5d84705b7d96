import type { DigestReply } from '../digest/handle.js';
import type { Digest } from '../digest/model.js';
import { hasContent } from '../digest/model.js';
import { formatSince } from '../digest/wording.js';
import type { BriefFact } from '../brief/model.js';
import { card, cardSize, text, TEAMS_LIMITS, type AdaptiveCard, type CardElement } from './teams-card.js';
import { escapeTeamsMarkdown as esc } from './teams-markdown.js';
import { factContainer, overviewContainer, sourceContainer } from './teams.js';

/**
 * A digest as one Adaptive Card for the subscribed conversation: where things stand (first
 * digest only), the new facts by group, the sources. Facts are added while the card stays under
 * the size budget; whatever does not fit is counted in a closing line pointing to a brief.
 */
export function renderDigestCard(digest: Digest, options: { invocation?: string } = {}): AdaptiveCard {
  const invocation = options.invocation ?? 'brief';
  const since = formatSince(digest);
  const head: CardElement[] = [
    text(`${digest.alert ? 'Alert' : 'Digest'}: ${esc(digest.query)}`, { weight: 'Bolder', size: 'Medium', style: 'heading' }),
    text(
      esc(`${digest.scheduleText} · ${digest.newCount} new ${digest.newCount === 1 ? 'fact' : 'facts'} ${since} · id ${digest.subscriptionId}`),
      { isSubtle: true, spacing: 'None' },
    ),
  ];
  const fallbackText = `${digest.alert ? 'Alert' : 'Digest'}: ${digest.query} — ${digest.newCount} new ${since}`;
  if (!hasContent(digest)) {
    return card([head[0]!, text(`No new developments for ${esc(digest.query)} ${esc(since)}.`)], [], fallbackText);
  }

  const parts: { heading: string; facts: BriefFact[] }[] = [];
  const opened = digest.overview.length > 0;
  for (const g of digest.groups) parts.push({ heading: opened ? `${g.title} (new)` : g.title, facts: g.facts });
  const asked = digest.understood.entities.map((e) => e.id);
  const total = parts.reduce((n, p) => n + p.facts.length, 0);
  // A line folds the other reports of its claim: "N more" counts facts, not lines.
  const factsIn = (f: BriefFact): number => 1 + (f.alsoReported?.length ?? 0);

  const build = (limit: number): AdaptiveCard => {
    const body = [...head];
    const cited = new Set<number>(digest.overview.flatMap((p) => p.sourceNos));
    if (opened) body.push(overviewContainer(digest.overview));
    let n = 0;
    let shownFacts = 0;
    for (const part of parts) {
      if (n >= limit) break;
      body.push(text(esc(part.heading), { weight: 'Bolder', separator: true, spacing: 'Medium' }));
      for (const f of part.facts) {
        if (n >= limit) break;
        n++;
        shownFacts += factsIn(f);
        body.push(factContainer(f, n, digest.sources, asked));
        for (const x of [f, ...(f.alsoReported ?? [])]) for (const c of x.citations) cited.add(c.sourceNo);
      }
    }
    const sources = digest.sources.filter((s) => cited.has(s.no));
    if (sources.length > 0) body.push(text('Sources', { weight: 'Bolder', separator: true, spacing: 'Medium' }), ...sources.map(sourceContainer));
    const left = digest.shown - shownFacts + digest.more;
    if (left > 0) {
      body.push(text(`${left} more — ask: ${esc(`${invocation} ${digest.query}`)}`, { isSubtle: true }));
    }
    return card(body, [], fallbackText);
  };

  let limit = total;
  let c = build(limit);
  while (limit > 1 && cardSize(c) > TEAMS_LIMITS.cardSize) {
    limit -= 1;
    c = build(limit);
  }
  return c;
}

/** The answer to a `digest …` command in the conversation it was typed in. */
export function renderDigestReplyCard(reply: DigestReply, options: { invocation?: string } = {}): AdaptiveCard {
  switch (reply.kind) {
    case 'problem':
      return card([text(esc(reply.message), { color: 'Attention' })], [], reply.message);
    case 'notice':
      return card(
        [text(esc(reply.title), { weight: 'Bolder' }), ...reply.lines.map((l) => text(esc(l), { spacing: 'Small' }))],
        [],
        reply.title,
      );
    case 'preview': {
      const inner = renderDigestCard(reply.digest, options);
      return card([text(esc(reply.note), { isSubtle: true }), ...inner.body], [], `Preview — ${inner.fallbackText}`);
    }
  }
}
