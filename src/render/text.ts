import type { Brief, BriefFact, BriefSource, SourcesList } from '../brief/model.js';
import type { Understood } from '../search/types.js';
import {
  formatAmount,
  formatFactDate,
  formatPublished,
  markers,
  publisherKindLabel,
  publisherLine,
  sourcesCount,
  understoodWords,
  aboutAllNote,
} from './format.js';

/** The terminal rendering of a Brief: what `briefbot ask` prints. Plain text, no colour codes. */
export function renderBriefText(brief: Brief): string {
  const out: string[] = [`Brief: ${brief.query}`];
  const understood = describeUnderstood(brief.understood);
  if (understood) out.push(understood);
  out.push('');

  if (brief.total === 0) {
    out.push('No facts match.');
    if (brief.understood.unknown.length > 0) out.push(`Not in the fact base: ${brief.understood.unknown.join(', ')}.`);
    const s = brief.suggestions;
    if (s) {
      if (s.entities.length > 0) out.push(`It covers: ${s.entities.map((e) => e.label).join(', ')}.`);
      if (s.topics.length > 0) out.push(`Topics: ${s.topics.map((t) => t.label).join(', ')}.`);
    }
    return out.join('\n') + '\n';
  }

  const first = brief.offset + 1;
  const last = brief.offset + brief.facts.length;
  const note = aboutAllNote(brief);
  out.push(
    `${brief.total} ${brief.total === 1 ? 'fact matches' : 'facts match'}` +
      (note ? ` (${note})` : '') +
      (brief.total > brief.facts.length ? `; showing ${first}–${last}.` : '.'),
    '',
  );
  brief.facts.forEach((f, i) => out.push(...factLines(f, first + i), ''));
  out.push('Sources', ...brief.sources.flatMap(sourceLines));
  if (brief.more > 0) out.push('', `${brief.more} more — use --offset ${last} (and --limit) to see them.`);
  return out.join('\n') + '\n';
}

export function renderSourcesText(list: SourcesList): string {
  const out = [`${list.sources.length} articles, ${list.facts} facts.`, ''];
  out.push(...list.sources.flatMap(sourceLines));
  return out.join('\n') + '\n';
}

function describeUnderstood(u: Understood): string {
  const w = understoodWords(u);
  return [w.understood, w.corrected].filter((l) => l !== undefined).join('\n');
}

/** A fact as numbered lines: text with markers, date · topics · sources, amounts, links. */
export function factLines(f: BriefFact, n: number): string[] {
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
  const title = s.titleIsInferred ? `${s.title} (headline inferred)` : s.title;
  const lines = [
    `[${s.no}] ${publisherLine(s)} (${publisherKindLabel(s.publisherKind)}), ${formatPublished(s.published, s.publishedIsApprox)}: ${title}`,
    `    ${s.url}`,
  ];
  for (const c of s.caveats) lines.push(`    Note: ${c}`);
  return lines;
}
