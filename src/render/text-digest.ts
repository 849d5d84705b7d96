import type { BriefSource } from '../brief/model.js';
import type { DigestReply } from '../digest/handle.js';
import type { Digest } from '../digest/model.js';
import { hasContent } from '../digest/model.js';
import { formatSince } from '../digest/wording.js';
import { formatPublished, publisherKindLabel, publisherLine } from './format.js';
import { factLines, overviewLines } from './text.js';

/** A digest as plain text: what `briefbot digest run --dry-run` and previews in a terminal print. */
export function renderDigestText(digest: Digest): string {
  const out = [`${digest.alert ? 'Alert' : 'Digest'}: ${digest.query}`, `${digest.scheduleText} · ${digest.newCount} new ${digest.newCount === 1 ? 'fact' : 'facts'} ${formatSince(digest)} · id ${digest.subscriptionId}`, ''];
  if (!hasContent(digest)) {
    out.push(`No new developments ${formatSince(digest)}.`);
    return out.join('\n') + '\n';
  }
  let n = 0;
  const opened = digest.overview.length > 0;
  if (opened) out.push(...overviewLines(digest.overview), '');
  const asked = digest.understood.entities.map((e) => e.id);
  for (const g of digest.groups) {
    out.push(opened ? `${g.title} (new)` : g.title, '');
    for (const f of g.facts) out.push(...factLines(f, ++n, digest.sources, asked), '');
  }
  out.push('Sources', ...digest.sources.flatMap(sourceLines));
  if (digest.more > 0) out.push('', `${digest.more} more new ${digest.more === 1 ? 'fact' : 'facts'} — see more with: briefbot ask "${digest.query}"`);
  return out.join('\n') + '\n';
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
