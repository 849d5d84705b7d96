/**
 * Page furniture: everything a web capture carries that is not the story. Every rule is general
 * (about the kind of line, never about one article's words) and has its own test in
 * tests/ingest/furniture.test.ts. Rules either drop a whole line or strip a prefix from it.
 */
import { readDateline, type Dateline } from './datelines.js';

export interface LineContext {
  /** The article's headline, to recognise it repeated in the body. */
  title: string;
  /** Country ids the headline and first story paragraph mention: what the article is about. */
  storyCountries: ReadonlySet<string>;
  /** Country ids (with the countries of places) this line mentions. */
  lineCountries: readonly string[];
  /** True once an end-of-story line (share widget, credits, "recommended") has been seen. */
  afterStoryEnd: boolean;
  /** The next non-empty line, to tell a heading from a wrapped line. */
  next: string | undefined;
  /** True until the first story line is kept: the zone of headline, byline, lead image and dateline. */
  beforeStory: boolean;
  /** True for lines above the headline where the body repeats it (navigation, the lead image's caption). */
  beforeHeadline: boolean;
  /** True after a "Read more" / "Related" marker until the story resumes. */
  inRelatedRun: boolean;
}

export interface DropRule {
  id: string;
  description: string;
  /** True when the rule also marks the end of the story (what follows is page tail). */
  endsStory?: boolean;
  /** True when what follows is a run of other stories' headlines, until the story resumes. */
  opensRun?: boolean;
  drops(line: string, ctx: LineContext): boolean;
}

export interface PrefixRule {
  id: string;
  description: string;
  /** The length of the prefix to strip, or 0. */
  strip(line: string, ctx: LineContext): number;
}

const TERMINAL = /[.!?…:;"”’)\]]$/u;

export const PREFIX_RULES: readonly PrefixRule[] = [
  {
    id: 'capture-date-residue',
    description: 'a leading " date 2025-04-24" left by the capture tool',
    strip: (line) => /^\s*date:?\s+\d{4}-\d{2}-\d{2}\s+/i.exec(line)?.[0].length ?? 0,
  },
  {
    id: 'dateline',
    description:
      'a dateline before the first sentence, in any case, with an agency tag and any dash ("PARIS, March 3 (AFP) -", "Accra —", "LAGOS, Nigeria, June 2 –", "BEIJING:"); kept as data (datelines.ts)',
    strip: (line, ctx) => {
      const m = readDateline(line);
      // What follows a dateline is the lead sentence, not a few words ("Malaysia – Kenya talks").
      if (m === undefined || line.slice(m.length).trim().split(/\s+/u).length < 5) return 0;
      // Mid-story, only the unmistakable upper-case shape: "Nairobi — the capital — said" is prose.
      const upper = m.dateline.place === m.dateline.place.toUpperCase();
      return ctx.beforeStory || upper ? m.length : 0;
    },
  },
];

export const DROP_RULES: readonly DropRule[] = [
  {
    id: 'headline-repeat',
    description: 'the headline repeated at the top of the body',
    drops: (line, ctx) => normalise(line) === normalise(ctx.title),
  },
  {
    id: 'byline',
    description: 'bylines and date stamps ("By Jane Doe | Nov 24, 2025", "Date: 2025-05-15")',
    drops: (line) =>
      /^(?:By|BY|by)\s+\p{Lu}[\p{L}.'-]*(?:\s+\p{Lu}[\p{L}.'-]*){0,4}\s*(?:[|,·].*)?$/u.test(line) ||
      /^(?:date|published|updated|posted)\s*:\s*\S.{0,40}$/i.test(line),
  },
  {
    id: 'photo-caption',
    description: 'a photo caption with its credit in brackets ("… at State House. [PCS]", "(Photo: AFP)")',
    drops: (line) => /\[\p{Lu}[\p{L}\p{N} /&.,'-]{1,30}\]\s*$/u.test(line) || /\((?:photo|image|file photo)\s*:[^)]*\)\s*$/i.test(line),
  },
  {
    id: 'share-widget',
    description: 'share, print, comment and follow widgets, and lines of bare punctuation',
    endsStory: true,
    drops: (line) =>
      /^(?:share(?: this)?(?: (?:story|article|post|page))?|tweet|print|e-?mail|whatsapp|leave (?:your|a) comments?|comments?(?: \(\d+\))?|post a comment|follow us(?: on .*)?|copy link|quote)$/i.test(
        line.trim(),
      ) || /^[\p{P}\p{S}\s]+$/u.test(line),
  },
  {
    id: 'related-block',
    description: '"Recommended", "Read more", "Related" and similar blocks of links to other stories',
    endsStory: true,
    opensRun: true,
    drops: (line) =>
      /^(?:recommended(?: (?:news|stories|for you))?|read (?:more|also|next)|related(?: (?:news|stories|articles|content|posts))?|more (?:from|on|in) .{1,40}|you (?:may|might) also like|most (?:read|popular)|trending(?: now)?|latest news|see also)(?:\s*[:.]?\s*$|\s*:\s+\S)/i.test(
        line.trim(),
      ) && line.trim().length < 120,
  },
  {
    id: 'credit-line',
    description: 'translation, adaptation and reporting credits',
    endsStory: true,
    drops: (line) =>
      /^(?:this (?:article|story) was (?:initially|originally|first) published in \w+|adapted (?:in|into) \w+ by|translated (?:from \w+ )?by|(?:additional )?reporting by|writing by|editing by|edited by|compiled by)\b/i.test(
        line.trim(),
      ),
  },
  {
    id: 'newsletter-plug',
    description: 'newsletter, subscription and "stay tuned" plugs',
    endsStory: true,
    drops: (line) =>
      /\b(?:stay tuned to|subscribe to (?:our|the)|sign up for (?:our|the)|newsletter|follow us on|download (?:our|the) app|get the latest .{0,40} (?:in|to) your inbox)\b/i.test(
        line,
      ),
  },
  {
    id: 'truncated-teaser',
    description: 'a teaser of another story, cut off with "..." or "…"',
    drops: (line) => /(?:\.\.\.|…)\s*$/u.test(line) && !/^["“]/u.test(line.trim()),
  },
  {
    id: 'unrelated-tail',
    description: 'after the story has ended, a line about countries the story does not mention',
    drops: (_line, ctx) =>
      ctx.afterStoryEnd &&
      ctx.lineCountries.length > 0 &&
      ctx.storyCountries.size > 0 &&
      ctx.lineCountries.every((c) => !ctx.storyCountries.has(c)),
  },
  {
    id: 'related-run',
    description:
      'after a "Read more" / "Related" marker, the headline-like lines of other stories, until the story resumes with a sentence or a quote (even when they name the story\'s own country)',
    drops: (line, ctx) => ctx.inRelatedRun && isHeadlineLike(line, ctx.next),
  },
  {
    id: 'caption-uncredited',
    description:
      'a photo caption with no credit: a present-tense "X speaks during …" line in the page head, or anywhere a verbless "X and Y at Z on <date>." line (the lead image\'s caption; no verb, so no claim)',
    drops: (line, ctx) => isVerblessCaption(line) || ((ctx.beforeStory || ctx.beforeHeadline) && isPresentTenseCaption(line)),
  },
  {
    id: 'section-label',
    description:
      'a short line without closing punctuation that is not continued by the next line: section headings, category labels, banner residue',
    drops: (line, ctx) => {
      const t = line.trim();
      if (TERMINAL.test(t) || /^[•▪●◦*–-]\s/u.test(t)) return false;
      const words = t.split(/\s+/).length;
      const continued = ctx.next !== undefined && /^\p{Ll}/u.test(ctx.next.trim());
      return words <= 8 && t.length <= 60 && !continued;
    },
  },
];

/** A line that reads as a headline: no closing punctuation, not a quote, not continued by the next line. */
function isHeadlineLike(line: string, next: string | undefined): boolean {
  const t = line.trim();
  if (TERMINAL.test(t) || /^["“‘']/u.test(t) || /^[•▪●◦*–-]\s/u.test(t)) return false;
  const continued = next !== undefined && /^\p{Ll}/u.test(next.trim());
  return !continued && t.split(/\s+/u).length <= 30;
}

/** Lower-case words a verbless caption ("X and Y at State House on May 3, 2025.") may hold. */
const CAPTION_FUNCTION_WORDS = new Set(
  'at on in during of the a an and for with after before ahead from to de near outside inside'.split(' '),
);
const CAPTION_PREPOSITIONS = 'during|at|as|after|while|with|alongside|before|upon|outside|inside';

function captionSized(t: string): boolean {
  const words = t.split(/\s+/u).length;
  return words >= 4 && words <= 45;
}

/** "Nigeria's finance minister speaks during a news conference…", "Ministers (L-R) pose…". */
function isPresentTenseCaption(line: string): boolean {
  const t = line.trim();
  if (!captionSized(t)) return false;
  if (/\((?:L-R|R-L|left|right|centre|center|C|L|R)\)/iu.test(t)) return true;
  const present = new RegExp(`^\\p{Lu}[\\p{L}'’.-]*(?:,?\\s+[\\p{L}'’.-]+){0,9}\\s+\\p{Ll}+s\\s+(?:${CAPTION_PREPOSITIONS})\\b`, 'u');
  return present.test(t) && !/\b(?:said|says|told|according|has|have|had|was|were|will|is|are)\b/u.test(t);
}

/** "X and Y at State House on November 24, 2025.": names, a place and a date, and no verb at all. */
function isVerblessCaption(line: string): boolean {
  const t = line.trim();
  if (!captionSized(t) || !/^\p{Lu}/u.test(t) || !/\s(?:at|during|in|on)\s+\p{Lu}/u.test(t)) return false;
  const lower = (t.match(/\p{L}[\p{L}'’-]*/gu) ?? []).filter((w) => /^\p{Ll}/u.test(w));
  return lower.length > 0 && lower.every((w) => CAPTION_FUNCTION_WORDS.has(w));
}

function normalise(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

export interface Verdict {
  drop?: DropRule;
  /** The dateline the line started with, when the dateline rule stripped one. */
  dateline?: Dateline;
  /** Characters stripped from the start of the line, and by which rules. */
  stripped: number;
  strippedBy: string[];
}

/** Applies the prefix rules repeatedly, then the drop rules, to one line. */
export function judgeLine(line: string, ctx: LineContext): Verdict {
  let stripped = 0;
  const strippedBy: string[] = [];
  let dateline: Dateline | undefined;
  for (let changed = true; changed; ) {
    changed = false;
    for (const rule of PREFIX_RULES) {
      const n = rule.strip(line.slice(stripped), ctx);
      if (n > 0 && n < line.length - stripped) {
        if (rule.id === 'dateline') dateline ??= readDateline(line.slice(stripped))?.dateline;
        stripped += n;
        strippedBy.push(rule.id);
        changed = true;
      }
    }
  }
  const rest = line.slice(stripped);
  const drop = DROP_RULES.find((r) => r.drops(rest, ctx));
  const verdict: Verdict = drop ? { drop, stripped, strippedBy } : { stripped, strippedBy };
  if (dateline !== undefined && drop === undefined) verdict.dateline = dateline;
  return verdict;
}
