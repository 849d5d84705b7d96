import type { Topic } from '../factbase/schema.js';

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface TextSpan {
  start: number;
  end: number;
}

interface Term {
  topic: string;
  pattern: RegExp;
  words: number;
}

interface Hit extends TextSpan {
  topic: string;
  words: number;
}

/**
 * Words a hyphen may join before a keyword without changing its sense ("anti-IMF", "non-tariff",
 * "cross-border"): any other first part makes a different word ("palm-oil" is not oil, "high-tech"
 * is an adjective).
 */
const PREFIXES = new Set('anti pro non post pre ex co cross multi inter intra trans sub semi mid re bi'.split(' '));
/** Second parts that keep a keyword's sense ("oil-rich", "trade-related"); other ones make a compound ("power-consolidation"). */
const SUFFIXES = new Set('related based led rich driven focused linked oriented intensive sector sensitive dependent'.split(' '));

/**
 * The head nouns of institutions' names: "Kenya National Chamber of Commerce and Industry" is a
 * chamber, not industry. Used beside the gazetteer's spans, for names it does not hold.
 */
const INSTITUTION =
  /(?:\p{Lu}[\p{L}'’.-]*\s+(?:(?:of|and|for|the|&)\s+)*)*(?:Chambers?|Ministry|Ministries|Department|Committee|Council|Commission|Corporation|Agency|Authority|Bank|Association|Institute|University|Federation|Organi[sz]ation|Board|Bureau|Foundation|Forces)(?:\s+(?:(?:of|and|for|the|&)\s+)*\p{Lu}[\p{L}'’.-]*)*/gu;

/**
 * Tags text with topics by the rules in data/topics.yaml: keywords and phrases, case-insensitive,
 * whole words, simple plurals (tariff/tariffs, economy/economies), any white space inside phrases.
 * Three rules keep a topic to what the text means:
 * - words inside a name do not count (the entity spans found for the sentence, and institutions'
 *   names): "Chamber of Commerce and Industry" is not manufacturing; a rule that is the whole name
 *   ("Standard Gauge Railway") does;
 * - the longer match wins where two overlap: "palm oil" is agriculture, so its "oil" is not energy;
 *   a keyword hyphened into another word is that other word ("palm-oil", "power-consolidation");
 * - a topic's `exclude` phrases are senses that do not count ("defense of", "powers", "Cabinet Secretary").
 */
export class TopicTagger {
  private readonly terms: Term[];
  private readonly excludes: Map<string, RegExp>;

  constructor(topics: readonly Topic[]) {
    this.terms = [];
    this.excludes = new Map();
    for (const t of topics) {
      for (const k of [...t.keywords, ...t.phrases]) {
        this.terms.push({ topic: t.id, pattern: wordPattern([k]), words: k.split(/[\s-]+/u).length });
      }
      if (t.exclude !== undefined && t.exclude.length > 0) this.excludes.set(t.id, wordPattern(t.exclude));
    }
  }

  /** Topic ids for the text; `names` are the spans of the names found in it (EntityMatcher.find). */
  tag(text: string, names: readonly TextSpan[] = []): string[] {
    const blocked = [...names, ...institutionSpans(text)];
    const hits: Hit[] = [];
    for (const term of this.terms) {
      for (const m of text.matchAll(term.pattern)) {
        const hit = { topic: term.topic, start: m.index, end: m.index + m[0].length, words: term.words };
        // A rule that is the whole name ("Standard Gauge Railway", "SGR") still says what the name is about.
        if (blocked.some((b) => inside(hit, b) && !(hit.start === b.start && hit.end === b.end)) || gluedByHyphen(text, hit)) continue;
        hits.push(hit);
      }
    }
    const excluded = new Map<string, TextSpan[]>();
    for (const [topic, pattern] of this.excludes) {
      excluded.set(topic, [...text.matchAll(pattern)].map((m) => ({ start: m.index, end: m.index + m[0].length })));
    }
    // Longest first: a phrase claims its words before any keyword of another topic can.
    hits.sort((a, b) => b.words - a.words || b.end - b.start - (a.end - a.start) || a.start - b.start);
    const taken: Hit[] = [];
    for (const h of hits) {
      if ((excluded.get(h.topic) ?? []).some((x) => overlaps(h, x))) continue;
      if (taken.some((t) => t.topic !== h.topic && overlaps(t, h) && t.words > h.words)) continue;
      taken.push(h);
    }
    return [...new Set(taken.map((t) => t.topic))].sort();
  }
}

function wordPattern(terms: readonly string[]): RegExp {
  const alternatives = terms.map((k) => escapeRegExp(k).replace(/\s+/g, '\\s+') + plural(k));
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
}

function institutionSpans(text: string): TextSpan[] {
  return [...text.matchAll(INSTITUTION)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

function gluedByHyphen(text: string, hit: TextSpan): boolean {
  const before = /([\p{L}\p{N}]+)-$/u.exec(text.slice(Math.max(0, hit.start - 30), hit.start))?.[1];
  const after = /^-([\p{L}\p{N}]+)/u.exec(text.slice(hit.end, hit.end + 30))?.[1];
  if (before !== undefined && !PREFIXES.has(before.toLowerCase())) return true;
  return after !== undefined && !SUFFIXES.has(after.toLowerCase());
}

const inside = (a: TextSpan, b: TextSpan): boolean => a.start >= b.start && a.end <= b.end;
const overlaps = (a: TextSpan, b: TextSpan): boolean => a.start < b.end && b.start < a.end;

function plural(word: string): string {
  if (/y$/i.test(word)) return '(?:ies)?';
  if (/(?:s|x|ch|sh)$/i.test(word)) return '(?:es)?';
  return '(?:s|es)?';
}
