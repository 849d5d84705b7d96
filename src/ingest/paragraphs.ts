import type { Dateline } from './datelines.js';
import type { EntityMatcher } from './entities.js';
import { judgeLine, type LineContext } from './furniture.js';

/** A run of body text kept after cleaning: `body.slice(start, end) === text`. */
export interface Segment {
  start: number;
  end: number;
  text: string;
}

/**
 * A paragraph as the author wrote it: one or more segments of the body (several when the capture
 * hard-wrapped it across blank lines). `leadIn` is the sentence that introduces a bullet.
 */
export interface Paragraph {
  segments: Segment[];
  bullet: boolean;
  leadIn?: string;
}

export interface DroppedLine {
  line: number;
  text: string;
  rule: string;
}

const BULLET = /^[•▪●◦*–-]\s+/u;
const TERMINAL = /[.!?…"”’)\]]$/u;

/**
 * Splits a body into lines, removes furniture (furniture.ts), and rebuilds paragraphs: a line
 * that ends without closing punctuation and is continued by a lower-case line, or is long enough
 * that it cannot be a heading, was wrapped by the capture and is joined to the next.
 */
export function paragraphsOf(
  body: string,
  title: string,
  matcher: EntityMatcher,
): { paragraphs: Paragraph[]; dropped: DroppedLine[]; dateline?: { dateline: Dateline; paragraph: number } } {
  const lines = splitLines(body);
  const countriesOf = (text: string): string[] =>
    matcher.idsIn(text).filter((id) => matcher.kindOf(id) === 'country');
  const firstStory = lines.find((l) => l.text.trim().split(/\s+/).length > 12);
  const storyCountries = new Set([...countriesOf(title), ...countriesOf(firstStory?.text ?? '')]);

  const kept: (Segment & { bullet: boolean })[] = [];
  const dropped: DroppedLine[] = [];
  const headlineAt = lines.findIndex((l) => sameWords(l.text, title));
  let afterStoryEnd = false;
  let inRelatedRun = false;
  // Whether the story had ended before the related block opened: a block mid-story does not end it.
  let endedBeforeRun = false;
  let dateline: { dateline: Dateline; start: number } | undefined;
  lines.forEach((l, i) => {
    const ctx: LineContext = {
      title,
      storyCountries,
      lineCountries: countriesOf(l.text),
      afterStoryEnd,
      next: lines[i + 1]?.text,
      beforeStory: kept.length === 0,
      beforeHeadline: i < headlineAt,
      inRelatedRun,
    };
    const verdict = judgeLine(l.text, ctx);
    if (verdict.drop) {
      dropped.push({ line: l.number, text: l.text, rule: verdict.drop.id });
      if (verdict.drop.opensRun && kept.length > 0 && !inRelatedRun) {
        inRelatedRun = true;
        endedBeforeRun = afterStoryEnd;
      }
      // Widgets above the first story line (a forum's "Quote" button) do not end the story.
      if (verdict.drop.endsStory && kept.length > 0) afterStoryEnd = true;
      return;
    }
    if (inRelatedRun) {
      // The story resumed: the related block was an insert, not the page tail.
      inRelatedRun = false;
      afterStoryEnd = endedBeforeRun;
    }
    if (verdict.dateline !== undefined && dateline === undefined) dateline = { dateline: verdict.dateline, start: l.start + verdict.stripped };
    let start = l.start + verdict.stripped;
    let text = body.slice(start, l.end);
    const bullet = BULLET.exec(text);
    if (bullet) {
      start += bullet[0].length;
      text = text.slice(bullet[0].length);
    }
    kept.push({ start, end: l.end, text, bullet: bullet !== null });
  });

  const paragraphs: Paragraph[] = [];
  let leadIn: string | undefined;
  for (const seg of kept) {
    const prev = paragraphs.at(-1);
    const prevSeg = prev?.segments.at(-1);
    if (prev && prevSeg && !prev.bullet && !seg.bullet && isWrapped(prevSeg.text, seg.text)) {
      prev.segments.push(segment(seg));
      continue;
    }
    if (seg.bullet) {
      paragraphs.push(leadIn === undefined ? { segments: [segment(seg)], bullet: true } : { segments: [segment(seg)], bullet: true, leadIn });
      continue;
    }
    leadIn = seg.text.trimEnd().endsWith(':') ? seg.text.trim() : undefined;
    paragraphs.push({ segments: [segment(seg)], bullet: false });
  }
  // A lead-in is context for its bullets, not a claim of its own.
  const leadIns = new Set(paragraphs.flatMap((p) => (p.leadIn ? [p.leadIn] : [])));
  const out = paragraphs.filter((p) => !(p.segments.length === 1 && leadIns.has(p.segments[0]!.text.trim())));
  const found = dateline;
  const lead = found === undefined ? -1 : out.findIndex((p) => p.segments[0]!.start === found.start);
  return lead < 0 || found === undefined
    ? { paragraphs: out, dropped }
    : { paragraphs: out, dropped, dateline: { dateline: found.dateline, paragraph: lead } };
}

function sameWords(a: string, b: string): boolean {
  const n = (s: string): string => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  return n(a) === n(b);
}

function isWrapped(prev: string, next: string): boolean {
  const p = prev.trimEnd();
  if (TERMINAL.test(p) || p.endsWith(':')) return false;
  return /^\p{Ll}/u.test(next.trimStart()) || p.length >= 80;
}

function segment(s: Segment): Segment {
  return { start: s.start, end: s.end, text: s.text };
}

interface Line {
  number: number;
  start: number;
  end: number;
  text: string;
}

/** Non-blank lines with their offsets, trailing white space excluded. */
function splitLines(body: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  let number = 1;
  for (const raw of body.split('\n')) {
    const lead = raw.length - raw.trimStart().length;
    const text = raw.trim();
    if (text !== '') out.push({ number, start: start + lead, end: start + lead + text.length, text });
    start += raw.length + 1;
    number += 1;
  }
  return out;
}
