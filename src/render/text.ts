import type { Brief, BriefFact, BriefOverviewPoint, BriefSource, SourcesList } from '../brief/model.js';
import type { Understood } from '../search/types.js';
import {
  countWords,
  disagreementText,
  displayQuote,
  factDateLabel,
  factMeta,
  formatAmount,
  formatPublished,
  markers,
  publisherKindLabel,
  publisherLine,
  sourcesCount,
  understoodWords,
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

  if (brief.overview.length > 0) out.push(...overviewLines(brief.overview), '');
  const first = brief.offset + 1;
  const last = brief.offset + brief.facts.length;
  const counts = countWords(brief);
  const showing = brief.more > 0 || brief.offset > 0 ? ` Showing ${first}–${last}.` : '';
  out.push(`${counts.main}${counts.partial ? `; ${counts.partial}` : ''}.${showing}`, '');
  const asked = brief.understood.entities.map((e) => e.id);
  brief.facts.forEach((f, i) => out.push(...factLines(f, first + i, brief.sources, asked), ''));
  out.push('Sources', ...brief.sources.flatMap(sourceLines));
  if (brief.more > 0) out.push('', `${brief.more} more — use --offset ${last} (and --limit) to see them.`);
  return out.join('\n') + '\n';
}

/** "Where things stand": one line per event, date first, with its sources and any disagreement. */
export function overviewLines(points: readonly BriefOverviewPoint[]): string[] {
  const out = ['Where things stand'];
  for (const p of points) {
    out.push(`- ${factDateLabel(p.date)}: ${p.text} ${markers(p.sourceNos)} · ${sourcesCount(p.sources)}`);
    for (const d of p.disagreements ?? []) out.push(`    Sources differ — ${disagreementText(d)}`);
  }
  return out;
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

/**
 * A fact as numbered lines: text with markers; date · topics · sources · kind · speaker; amounts;
 * caveats; each citation's quote and link; other reports of the same claim beside it.
 */
export function factLines(f: BriefFact, n: number, sources: readonly BriefSource[] = [], asked: readonly string[] = []): string[] {
  const nos = f.citations.map((c) => c.sourceNo);
  const lines = [`${n}. ${f.text} ${markers([...nos].sort((a, b) => a - b))}`, `   ${factMeta(f, sources, asked).join(' · ')}`];
  if (f.amounts.length > 0) lines.push(`   ${f.amounts.map(formatAmount).join('; ')}`);
  for (const c of f.caveats) lines.push(`   Note: ${c}`);
  // The quote is shown where it says more than the fact's text (a merged fact's other reports).
  for (const c of f.citations) {
    const quote = displayQuote(c.quote);
    if (quote !== displayQuote(f.text)) lines.push(`   [${c.sourceNo}] “${quote}”`);
    lines.push(`   [${c.sourceNo}] ${c.url}`);
  }
  for (const a of f.alsoReported ?? []) {
    const who = a.citations.map((c) => sources.find((s) => s.no === c.sourceNo)?.publisher ?? c.articleId);
    lines.push(`   Also reported by ${[...new Set(who)].join(', ')} ${markers(a.citations.map((c) => c.sourceNo))}: ${a.text}`);
    for (const c of a.caveats) lines.push(`     Note: ${c}`);
  }
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
