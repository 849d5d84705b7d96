import type { Answer } from '../brief/command.js';
import type { Help, UnknownHints } from '../brief/help.js';
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
import {
  card,
  cardSize,
  text,
  TEAMS_LIMITS,
  type ActionSet,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
  type Container,
  type Fact,
  type FactSet,
  type OpenUrlAction,
} from './teams-card.js';
import { actionTitle, clip, escapeTeamsMarkdown as esc } from './teams-markdown.js';
import { renderBriefText } from './text.js';

export { TEAMS_LIMITS, cardSize, type AdaptiveCard, type SubmitData } from './teams-card.js';
export { escapeTeamsMarkdown } from './teams-markdown.js';

/** Any command answer as one Adaptive Card 1.5. */
export function renderTeamsAnswer(answer: Answer): AdaptiveCard {
  switch (answer.kind) {
    case 'brief':
      return renderBriefCard(answer.brief, answer.hints);
    case 'sources':
      return renderSourcesCard(answer.list);
    case 'help':
      return renderHelpCard(answer.help);
  }
}

/**
 * A brief as a card: numbered facts with citation markers, a button per citation that opens the
 * article at the quoted words, the sources with their details, and More when there are more.
 * When the card would exceed the size budget, facts are dropped from the end and More picks up
 * from the first one left out, so nothing is silently lost.
 */
export function renderBriefCard(brief: Brief, hints?: UnknownHints): AdaptiveCard {
  let shown = brief.facts.length;
  let c = briefCard(brief, shown, hints);
  while (shown > 1 && cardSize(c) > TEAMS_LIMITS.cardSize) {
    shown -= 1;
    c = briefCard(brief, shown, hints);
  }
  return c;
}

function briefCard(brief: Brief, shown: number, hints: UnknownHints | undefined): AdaptiveCard {
  const facts = brief.facts.slice(0, shown);
  const cited = new Set([
    ...facts.flatMap((f) => [f, ...(f.alsoReported ?? [])]).flatMap((f) => f.citations.map((c) => c.sourceNo)),
    ...brief.overview.flatMap((p) => p.sourceNos),
  ]);
  const sources = brief.sources.filter((s) => cited.has(s.no));
  // Facts dropped for size are still to come (with what sits in their slots).
  const more = brief.more + brief.facts.slice(shown).reduce((n, f) => n + 1 + (f.alsoReported?.length ?? 0), 0);
  const body: CardElement[] = [text(`Brief: ${esc(brief.query)}`, { weight: 'Bolder', size: 'Medium', style: 'heading' })];
  const understood = describeUnderstood(brief.understood);
  if (understood) body.push(text(understood, { isSubtle: true, spacing: 'None' }));
  if (hints) body.push(...hintBlocks(hints));

  if (brief.total === 0) {
    body.push(text('No facts match.', { weight: 'Bolder' }));
    const s = brief.suggestions;
    if (s && !hints) {
      if (s.entities.length > 0) body.push(text(`It covers: ${esc(s.entities.map((e) => e.label).join(', '))}.`));
      if (s.topics.length > 0) body.push(text(`Topics: ${esc(s.topics.map((t) => t.label).join(', '))}.`));
    }
    return card(body, [{ type: 'Action.Submit', title: 'Sources', data: { action: 'sources' } }], renderBriefText(brief));
  }

  const first = brief.offset + 1;
  const last = brief.offset + facts.length;
  if (brief.overview.length > 0) body.push(overviewContainer(brief.overview));
  const words = countWords(brief);
  body.push(
    text(
      esc(`${words.main}${words.partial ? `; ${words.partial}` : ''}.`) +
        (more > 0 || brief.offset > 0 ? ` Showing ${first}–${last}.` : ''),
    ),
  );
  const asked = brief.understood.entities.map((e) => e.id);
  facts.forEach((f, i) => body.push(factContainer(f, first + i, sources, asked)));
  body.push(text('Sources', { weight: 'Bolder', separator: true, spacing: 'Medium' }));
  body.push(...sources.map(sourceContainer));

  const actions: CardAction[] = [];
  if (more > 0) {
    body.push(text(`${more} more ${more === 1 ? 'fact' : 'facts'}.`, { isSubtle: true }));
    actions.push({ type: 'Action.Submit', title: `More (${more})`, data: { action: 'more', query: brief.query, offset: last } });
  }
  actions.push({ type: 'Action.Submit', title: 'Sources', data: { action: 'sources' } });
  return card(body, actions, fallback(brief, facts.length));
}

function fallback(brief: Brief, shown: number): string {
  const facts = brief.facts.slice(0, shown);
  const lines = [`Brief: ${brief.query}`, ...brief.overview.map((p) => `${factDateLabel(p.date)}: ${clip(p.text, 200)}`), ...facts.map((f, i) => `${brief.offset + i + 1}. ${clip(f.text, 300)}`)];
  return clip(lines.join('\n'), 2_000);
}

/** "Where things stand": a dated line per event with its markers, sources and any disagreement. */
export function overviewContainer(points: readonly BriefOverviewPoint[]): Container {
  const items: CardElement[] = [text('Where things stand', { weight: 'Bolder' })];
  for (const p of points) {
    items.push(
      text(`**${esc(factDateLabel(p.date))}** — ${esc(clip(p.text, TEAMS_LIMITS.textChars))} ${esc(markers(p.sourceNos))} · ${esc(sourcesCount(p.sources))}`, {
        spacing: 'Small',
      }),
    );
    for (const d of p.disagreements ?? []) {
      items.push(text(esc(`Sources differ — ${disagreementText(d)}`), { isSubtle: true, spacing: 'None' }));
    }
  }
  return { type: 'Container', items, separator: true, spacing: 'Medium' };
}

export function factContainer(f: BriefFact, n: number, sources: readonly BriefSource[], asked: readonly string[] = []): Container {
  const all = [f, ...(f.alsoReported ?? [])];
  const nos = all.flatMap((x) => x.citations.map((c) => c.sourceNo));
  const items: CardElement[] = [
    text(`**${n}.** ${esc(clip(f.text, TEAMS_LIMITS.textChars))} ${esc(markers([...new Set(nos)].sort((a, b) => a - b)))}`),
    text(esc(factMeta(f, sources, asked).join(' · ')), { isSubtle: true, spacing: 'None' }),
  ];
  if (f.amounts.length > 0) items.push(text(esc(f.amounts.map(formatAmount).join('; ')), { spacing: 'None' }));
  for (const c of f.caveats) items.push(text(esc(`Note: ${clip(c, TEAMS_LIMITS.textChars)}`), { color: 'Warning', spacing: 'None' }));
  const publisherOf = (no: number, articleId: string): string => sources.find((s) => s.no === no)?.publisher ?? articleId;
  // Every report's own words: a merged fact shows each citation's quote, not only the first.
  for (const x of all) {
    for (const c of x.citations) {
      const quote = displayQuote(c.quote);
      if (x === f && f.citations.length === 1 && quote === displayQuote(f.text)) continue;
      const who = x === f ? `[${c.sourceNo}]` : `also reported [${c.sourceNo}] ${publisherOf(c.sourceNo, c.articleId)}:`;
      items.push(text(`${esc(who)} _“${esc(clip(quote, TEAMS_LIMITS.textChars))}”_`, { isSubtle: true, spacing: 'None' }));
    }
  }
  const links: OpenUrlAction[] = all.flatMap((x) => x.citations).map((c) => ({
    type: 'Action.OpenUrl' as const,
    title: actionTitle(`[${c.sourceNo}] ${publisherOf(c.sourceNo, c.articleId)}`, TEAMS_LIMITS.actionTitle),
    url: c.url,
  }));
  const actions: ActionSet = { type: 'ActionSet', actions: links, spacing: 'Small' };
  return { type: 'Container', items: [...items, actions], separator: true, spacing: 'Medium' };
}

export function sourceContainer(s: BriefSource): Container {
  const title = s.titleIsInferred ? `${s.title} (headline inferred)` : s.title;
  return {
    type: 'Container',
    items: [
      text(`**[${s.no}]** ${esc(clip(title, TEAMS_LIMITS.textChars))}`),
      sourceFacts(s),
      {
        type: 'ActionSet',
        spacing: 'Small',
        actions: [{ type: 'Action.OpenUrl', title: actionTitle(`Open ${s.publisher}`, TEAMS_LIMITS.actionTitle), url: s.url }],
      },
    ],
    spacing: 'Small',
  };
}

function sourceFacts(s: BriefSource): FactSet {
  const facts: Fact[] = [
    { title: 'Publisher', value: esc(publisherLine(s)) },
    { title: 'Kind', value: esc(publisherKindLabel(s.publisherKind)) },
    { title: 'Published', value: esc(formatPublished(s.published, s.publishedIsApprox)) },
    ...s.caveats.map((c) => ({ title: 'Note', value: esc(clip(c, TEAMS_LIMITS.textChars)) })),
  ];
  return { type: 'FactSet', facts, spacing: 'None' };
}

function describeUnderstood(u: Understood): string {
  const w = understoodWords(u, esc);
  return [w.understood, w.corrected].filter((l) => l !== undefined).join('\n\n');
}

function hintBlocks(h: UnknownHints): CardElement[] {
  const words = h.unknown.map((u) =>
    u.suggestion === undefined ? `"${u.word}"` : `"${u.word}" (did you mean ${u.suggestion}?)`,
  );
  const out: CardElement[] = [text(`Not in the fact base: ${esc(words.join(', '))}.`, { color: 'Warning' })];
  const covers = h.coverage.entities.slice(0, 12).map((e) => e.label);
  if (covers.length > 0) out.push(text(`Try one of: ${esc(covers.join(', '))}.`, { isSubtle: true, spacing: 'None' }));
  return out;
}

/** Every article in the fact base, newest first, each with its details and a link. */
export function renderSourcesCard(list: SourcesList): AdaptiveCard {
  const head: CardElement[] = [
    text('Sources', { weight: 'Bolder', size: 'Medium', style: 'heading' }),
    text(`${list.sources.length} ${list.sources.length === 1 ? 'article' : 'articles'}, ${list.facts} facts.`, {
      isSubtle: true,
      spacing: 'None',
    }),
  ];
  const fallbackText = `Sources: ${list.sources.length} articles, ${list.facts} facts.`;
  const containers: CardElement[] = [];
  const pointer = (left: number): CardElement =>
    text(`${left} more not shown; ask for a brief to narrow them down.`, { isSubtle: true });
  for (const [i, s] of list.sources.entries()) {
    const last = i === list.sources.length - 1;
    // Room is kept for the pointer line, so the card that ends with it still fits.
    const next = card([...head, ...containers, sourceContainer(s), ...(last ? [] : [pointer(list.sources.length)])], [], fallbackText);
    if (cardSize(next) > TEAMS_LIMITS.cardSize) {
      return card([...head, ...containers, pointer(list.sources.length - containers.length)], [], fallbackText);
    }
    containers.push(sourceContainer(s));
  }
  return card([...head, ...containers], [], fallbackText);
}

export function renderHelpCard(help: Help): AdaptiveCard {
  const body: CardElement[] = [text('briefbot', { weight: 'Bolder', size: 'Medium', style: 'heading' })];
  if (help.problem !== undefined) body.push(text(esc(help.problem), { color: 'Attention' }));
  body.push(text(esc(help.summary)));
  body.push(text('How to ask', { weight: 'Bolder', separator: true }));
  body.push({ type: 'FactSet', facts: help.usage.map((u) => ({ title: esc(u.form), value: esc(u.what) })) });
  body.push(text('Examples', { weight: 'Bolder' }));
  body.push({
    type: 'FactSet',
    facts: help.examples.map((e) => ({ title: esc(`${help.invocation} ${e.query}`.trim()), value: esc(e.what) })),
  });
  body.push(text('Filters', { weight: 'Bolder' }));
  body.push({ type: 'FactSet', facts: help.filters.map((f) => ({ title: esc(f.example), value: esc(f.what) })) });
  return card(body, [{ type: 'Action.Submit', title: 'Sources', data: { action: 'sources' } }], help.summary);
}

/** A short plain card for errors and confirmations the platform layer reports. */
export function renderNoticeCard(message: string): AdaptiveCard {
  return card([text(esc(message))], [], message);
}
