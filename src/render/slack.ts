import type { Answer } from '../brief/command.js';
import type { Help, UnknownHints } from '../brief/help.js';
import type { Brief, BriefFact, BriefOverviewPoint, BriefSource, SourcesList } from '../brief/model.js';
import type { Coverage, Understood } from '../search/types.js';
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
import { ACTION_IDS, encodeBriefAction } from './slack-actions.js';
import {
  SLACK_LIMITS,
  type ActionsBlock,
  type ButtonElement,
  type ContextBlock,
  type SlackBlock,
  type SlackMessage,
} from './slack-blocks.js';
import { escapeMrkdwn, mrkdwnLink, truncateWords } from './slack-mrkdwn.js';

export type { SlackBlock, SlackMessage } from './slack-blocks.js';

export interface SlackBriefOptions {
  /** Private (ephemeral) copies carry buttons; a shared copy says who shared it instead. */
  shared?: { byUserId: string };
  /** Unknown words and what to try instead. */
  hints?: UnknownHints;
  /** How users invoke the bot, for "type /brief help". */
  invocation?: string;
}

/** Render any command answer. */
export function renderAnswerSlack(answer: Answer, options: SlackBriefOptions = {}): SlackMessage {
  switch (answer.kind) {
    case 'brief':
      return renderBriefSlack(answer.brief, { ...options, ...(answer.hints ? { hints: answer.hints } : {}) });
    case 'sources':
      return renderSourcesSlack(answer.list);
    case 'help':
      return renderHelpSlack(answer.help);
  }
}

/**
 * A brief as Block Kit. Facts are added while they fit Slack's limits; what does not fit is
 * counted in the closing "N more — use More" line rather than cut.
 */
export function renderBriefSlack(brief: Brief, options: SlackBriefOptions = {}): SlackMessage {
  const invocation = options.invocation ?? '/brief';
  const head: SlackBlock[] = [
    { type: 'header', text: plainText(truncateWords(`Brief: ${brief.query}`, SLACK_LIMITS.headerText)) },
  ];
  const understood = understoodLines(brief.understood);
  if (options.shared) understood.unshift(`Shared by ${userMention(options.shared.byUserId)}`);
  if (understood.length > 0) head.push(context(understood));
  if (options.hints && options.hints.unknown.length > 0) head.push(section(hintsText(options.hints, invocation)));

  if (brief.total > 0 && brief.facts.length === 0) {
    // A stale More button: the fact base changed or everything was shown already.
    const blocks = [...head, section(`No more facts: all ${brief.total} have been shown.`)];
    return { text: fallback(`Brief: ${brief.query}`), blocks: clampBlocks(blocks) };
  }
  if (brief.total === 0) {
    const blocks = [...head, section(`No facts match *${escapeMrkdwn(brief.query)}*.`)];
    if (brief.suggestions && !options.hints) blocks.push(section(coverageText(brief.suggestions, invocation)));
    return { text: fallback(`No facts match ${brief.query}`), blocks: clampBlocks(blocks) };
  }

  if (brief.overview.length > 0) head.push(section(overviewText(brief.overview)));
  // Reserve room for the closing blocks before adding facts: count line, actions.
  const tailReserve = 1 + (options.shared ? 0 : 1);
  const body: SlackBlock[] = [];
  const sourceBlocks: SlackBlock[] = [];
  const sourcesShown = new Set<number>();
  let shown = 0;
  const asked = brief.understood.entities.map((e) => e.id);
  for (const fact of brief.facts) {
    const factBlocks = renderFact(fact, brief.offset + shown + 1, brief.sources, asked);
    const newSources = brief.sources.filter(
      (s) => !sourcesShown.has(s.no) && citedBy(fact, s.no, brief.overview, shown === 0),
    );
    const sourcesHeading = sourceBlocks.length === 0 ? 2 : 0; // divider + "Sources"
    const needed =
      head.length + body.length + factBlocks.length + sourceBlocks.length + newSources.length + sourcesHeading + tailReserve;
    if (needed > SLACK_LIMITS.blocksPerMessage) break;
    body.push(...factBlocks);
    for (const s of newSources) {
      sourcesShown.add(s.no);
      sourceBlocks.push(sourceContext(s));
    }
    shown += 1;
  }

  const first = brief.offset + 1;
  const last = brief.offset + shown;
  const remaining = brief.total - last;
  const blocks: SlackBlock[] = [...head, ...body];
  if (sourceBlocks.length > 0) blocks.push({ type: 'divider' }, section('*Sources*'), ...sourceBlocks);
  const words = countWords(brief);
  const range = remaining > 0 || brief.offset > 0 ? ` · showing ${first}–${last}` : '';
  const counted = `${escapeMrkdwn(words.main)}${words.partial ? `; ${escapeMrkdwn(words.partial)}` : ''}${range}`;
  blocks.push(context([remaining > 0 ? `${counted} · ${remaining} more — use More` : counted]));
  if (!options.shared) {
    const actions = briefActions(brief.query, brief.offset, shown, remaining);
    if (actions) blocks.push(actions);
  }
  return { text: fallback(`Brief: ${brief.query} — ${words.main}`), blocks: clampBlocks(blocks) };
}

/** Whether a source is cited by this fact (or, with the first fact, by the overview above it). */
function citedBy(fact: BriefFact, no: number, overview: readonly BriefOverviewPoint[], first: boolean): boolean {
  const facts = [fact, ...(fact.alsoReported ?? [])];
  if (facts.some((f) => f.citations.some((c) => c.sourceNo === no))) return true;
  return first && overview.some((p) => p.sourceNos.includes(no));
}

/** "Where things stand" as one section: a dated line per event, its markers and sources, any disagreement. */
export function overviewText(points: readonly BriefOverviewPoint[]): string {
  const lines = ['*Where things stand*'];
  for (const p of points) {
    lines.push(`• *${escapeMrkdwn(factDateLabel(p.date))}* — ${escapeMrkdwn(p.text)} ${markers(p.sourceNos)} · ${sourcesCount(p.sources)}`);
    for (const d of p.disagreements ?? []) lines.push(`      _Sources differ — ${escapeMrkdwn(disagreementText(d))}_`);
  }
  return truncateWords(lines.join('\n'), SLACK_LIMITS.sectionText);
}

export function renderFact(fact: BriefFact, n: number, sources: readonly BriefSource[], asked: readonly string[] = []): SlackBlock[] {
  const nos = [...fact.citations, ...(fact.alsoReported ?? []).flatMap((a) => a.citations)].map((c) => c.sourceNo);
  const mark = ` ${markers([...new Set(nos)].sort((a, b) => a - b))}`;
  const lead = `*${n}.* `;
  const text = `${lead}${truncateWords(escapeMrkdwn(fact.text), SLACK_LIMITS.sectionText - lead.length - mark.length)}${mark}`;
  const meta = factMeta(fact, sources, asked);
  if (fact.amounts.length > 0) meta.push(fact.amounts.map(formatAmount).join('; '));
  const elements = [escapeMrkdwn(meta.join(' · '))];
  for (const caveat of fact.caveats) elements.push(`:warning: ${escapeMrkdwn(caveat)}`);
  const label = (no: number, articleId: string): string => {
    const source = sources.find((s) => s.no === no);
    return source ? publisherLine(source) : articleId;
  };
  for (const c of fact.citations) {
    const link = mrkdwnLink(c.url, `open at quote — ${label(c.sourceNo, c.articleId)}`);
    const quote = truncateWords(escapeMrkdwn(displayQuote(c.quote)), SLACK_LIMITS.textObject - link.length - 20);
    elements.push(`[${c.sourceNo}] _“${quote}”_ ${link}`);
  }
  // The same claim as another source told it: its own words, in this slot rather than a new one.
  for (const a of fact.alsoReported ?? []) {
    for (const c of a.citations) {
      const link = mrkdwnLink(c.url, `open at quote — ${label(c.sourceNo, c.articleId)}`);
      const quote = truncateWords(escapeMrkdwn(displayQuote(c.quote)), SLACK_LIMITS.textObject - link.length - 40);
      elements.push(`also reported [${c.sourceNo}] _“${quote}”_ ${link}`);
    }
  }
  // A context block holds 10 elements; the rest of a long merge stays in the markers and Sources.
  return [section(text), context(elements.slice(0, SLACK_LIMITS.contextElements))];
}

export function sourceContext(s: BriefSource): ContextBlock {
  const parts = [
    `[${s.no}] *${escapeMrkdwn(publisherLine(s))}*`,
    escapeMrkdwn(publisherKindLabel(s.publisherKind)),
    escapeMrkdwn(formatPublished(s.published, s.publishedIsApprox)),
    mrkdwnLink(s.url, s.titleIsInferred ? `${s.title} (title inferred)` : s.title),
  ];
  const elements = [truncateWords(parts.join(' · '), SLACK_LIMITS.textObject)];
  for (const caveat of s.caveats.slice(0, SLACK_LIMITS.contextElements - 1)) {
    elements.push(truncateWords(`:warning: ${escapeMrkdwn(caveat)}`, SLACK_LIMITS.textObject));
  }
  return context(elements);
}

function briefActions(query: string, offset: number, shown: number, remaining: number): ActionsBlock | undefined {
  const buttons: ButtonElement[] = [];
  const postValue = encodeBriefAction({ query, offset, count: shown });
  if (postValue) buttons.push(button('Post to channel', ACTION_IDS.post, postValue, 'primary'));
  const moreValue = remaining > 0 ? encodeBriefAction({ query, offset: offset + shown }) : undefined;
  if (moreValue) buttons.push(button('More', ACTION_IDS.more, moreValue));
  buttons.push(button('Sources', ACTION_IDS.sources, 'sources'));
  return { type: 'actions', block_id: 'brief_actions', elements: buttons };
}

function understoodLines(u: Understood): string[] {
  const w = understoodWords(u, escapeMrkdwn, (name) => `*${name}*`);
  return [w.understood, w.corrected].filter((l) => l !== undefined);
}

function hintsText(hints: UnknownHints, invocation: string): string {
  const words = hints.unknown.map((h) =>
    h.suggestion === undefined
      ? `*${escapeMrkdwn(h.word)}*`
      : `*${escapeMrkdwn(h.word)}* (did you mean *${escapeMrkdwn(h.suggestion)}*?)`,
  );
  return truncateWords(
    `:grey_question: Not in the fact base: ${words.join(', ')}.\n${coverageText(hints.coverage, invocation)}`,
    SLACK_LIMITS.sectionText,
  );
}

function coverageText(c: Coverage, invocation: string): string {
  const lines: string[] = [];
  if (c.entities.length > 0) lines.push(`It covers: ${escapeMrkdwn(c.entities.slice(0, 15).map((e) => e.label).join(', '))}.`);
  if (c.topics.length > 0) lines.push(`Topics: ${escapeMrkdwn(c.topics.slice(0, 15).map((t) => t.label).join(', '))}.`);
  lines.push(`Type \`${escapeMrkdwn(invocation)} help\` for the query grammar.`);
  return truncateWords(lines.join('\n'), SLACK_LIMITS.sectionText);
}

/** The articles in the fact base, newest first. */
export function renderSourcesSlack(list: SourcesList): SlackMessage {
  const head: SlackBlock[] = [
    { type: 'header', text: plainText('Sources') },
    context([`${list.sources.length} ${list.sources.length === 1 ? 'article' : 'articles'}, ${list.facts} facts`]),
  ];
  const room = SLACK_LIMITS.blocksPerMessage - head.length - 1;
  const fits = list.sources.length <= room + 1 ? list.sources : list.sources.slice(0, room);
  const blocks: SlackBlock[] = [...head, ...fits.map(sourceContext)];
  if (fits.length < list.sources.length) blocks.push(context([`${list.sources.length - fits.length} more not shown`]));
  return { text: `Sources: ${list.sources.length} articles`, blocks };
}

export function renderHelpSlack(help: Help): SlackMessage {
  const blocks: SlackBlock[] = [{ type: 'header', text: plainText(truncateWords(`${help.invocation} — help`, SLACK_LIMITS.headerText)) }];
  if (help.problem) blocks.push(section(`:warning: ${escapeMrkdwn(help.problem)}`));
  blocks.push(section(escapeMrkdwn(help.summary)));
  blocks.push(section(['*Usage*', ...help.usage.map((u) => `\`${escapeMrkdwn(u.form)}\` — ${escapeMrkdwn(u.what)}`)].join('\n')));
  blocks.push(
    section(
      ['*Examples*', ...help.examples.map((e) => `\`${escapeMrkdwn(`${help.invocation} ${e.query}`)}\` — ${escapeMrkdwn(e.what)}`)].join('\n'),
    ),
  );
  blocks.push(
    section(['*Filters*', ...help.filters.map((f) => `\`${escapeMrkdwn(f.example)}\` — ${escapeMrkdwn(f.what)}`)].join('\n')),
  );
  return { text: fallback(help.problem ? `${help.invocation}: ${help.problem}` : `${help.invocation} help`), blocks };
}

/** A short message for failures the user should hear about (the details go to the log). */
export function renderErrorSlack(message: string): SlackMessage {
  return { text: fallback(message), blocks: [section(`:warning: ${escapeMrkdwn(message)}`)] };
}

/** The top-level `text` (notifications, screen readers) is mrkdwn too: escaped like the rest. */
function fallback(text: string): string {
  return truncateWords(escapeMrkdwn(text), 300);
}

function plainText(text: string) {
  return { type: 'plain_text' as const, text, emoji: true };
}

function section(text: string): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncateWords(text, SLACK_LIMITS.sectionText) } };
}

/** Context elements from mrkdwn the caller has already escaped (and built links in). */
function context(lines: string[]): ContextBlock {
  const elements = lines
    .filter((l) => l !== '')
    .slice(0, SLACK_LIMITS.contextElements)
    .map((l) => ({ type: 'mrkdwn' as const, text: truncateWords(l, SLACK_LIMITS.textObject) }));
  return { type: 'context', elements };
}

function button(label: string, actionId: string, value: string, style?: 'primary'): ButtonElement {
  const b: ButtonElement = { type: 'button', text: plainText(truncateWords(label, SLACK_LIMITS.buttonText)), action_id: actionId, value };
  if (style) b.style = style;
  return b;
}

/** Slack user ids are [UW] + alphanumerics; anything else is shown as text, never as a mention. */
function userMention(id: string): string {
  return /^[UW][A-Z0-9]{2,}$/.test(id) ? `<@${id}>` : escapeMrkdwn(id);
}

function clampBlocks(blocks: SlackBlock[]): SlackBlock[] {
  return blocks.slice(0, SLACK_LIMITS.blocksPerMessage);
}
