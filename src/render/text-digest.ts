import type { BriefFact, BriefSource } from '../brief/model.js';
import type { DigestReply } from '../digest/handle.js';
import type { Digest } from '../digest/model.js';
import { hasContent } from '../digest/model.js';
import { formatSince } from '../digest/wording.js';
import { formatAmount, formatFactDate, formatPublished, markers, publisherKindLabel, publisherLine, sourcesCount } from './format.js';

/** A digest as plain text: what `briefbot digest run --dry-run` and previews in a terminal print. */
export function renderDigestText(digest: Digest): string {
  const out = [`Digest: ${digest.query}`, `${digest.scheduleText} · ${digest.newCount} new ${digest.newCount === 1 ? 'fact' : 'facts'} ${formatSince(digest)} · id ${digest.subscriptionId}`, ''];
  if (!hasContent(digest)) {
    out.push(`No new developments ${formatSince(digest)}.`);
    return out.join('\n') + '\n';
  }
  let n = 0;
  if (digest.catchUp.length > 0) {
    out.push('Where things stand', '');
    for (const f of digest.catchUp) out.push(...factLines(f, ++n), '');
  }
  for (const g of digest.groups) {
    out.push(digest.catchUp.length > 0 ? `${g.title} (new)` : g.title, '');
    for (const f of g.facts) out.push(...factLines(f, ++n), '');
  }
  out.push('Sources', ...digest.sources.flatMap(sourceLines));
  if (digest.more > 0) out.push('', `${digest.more} more new ${digest.more === 1 ? 'fact' : 'facts'} — see more with: briefbot ask "${digest.query}"`);
  return out.join('\n') + '\n';
}

function factLines(f: BriefFact, n: number): string[] {
  const nos = f.citations.map((c) => c.sourceNo);
  const meta = [formatFactDate(f.date)];
  if (f.topics.length > 0) meta.push(f.topics.map((t) => t.name).join(', '));
  const distinct = new Set(nos).size;
  if (distinct > 1) meta.push(sourcesCount(distinct));
  if (f.speaker) meta.push(`quote: ${f.speaker.name}`);
  const lines = [`${n}. ${f.text} ${markers(nos)}`, `   ${meta.join(' · ')}`];
  if (f.amounts.length > 0) lines.push(`   ${f.amounts.map(formatAmount).join('; ')}`);
  for (const c of f.citations) lines.push(`   [${c.sourceNo}] ${c.url}`);
  return lines;
}

function sourceLines(s: BriefSource): string[] {
  return [`[${s.no}] ${publisherLine(s)} (${publisherKindLabel(s.publisherKind)}), ${formatPublished(s.published, s.publishedIsApprox)}: ${s.title}`, `    ${s.url}`];
}

/** A digest command's reply in a terminal. */
export function renderDigestReplyText(reply: DigestReply): string {
  switch (reply.kind) {
    case 'problem':
      return `${reply.message}\n`;
    case 'notice':
      return [reply.title, ...reply.lines.map((l) => `  ${l}`)].join('\n') + '\n';
    case 'preview':
      return `${reply.note}\n\n${renderDigestText(reply.digest)}`;
  }
}
