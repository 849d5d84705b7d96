import Fuse from 'fuse.js';
import { filterHelp } from '../search/filter-table.js';
import type { Coverage } from '../search/types.js';

/** Platform-neutral help: renderers lay it out; the words live here once. */
export interface Help {
  kind: 'help';
  invocation: string;
  summary: string;
  usage: { form: string; what: string }[];
  examples: { query: string; what: string }[];
  filters: { name: string; example: string; what: string }[];
  /** Why help is shown instead of an answer (a bad filter, a query too long). */
  problem?: string;
}

export function helpContent(invocation = '/brief'): Help {
  return {
    kind: 'help',
    invocation,
    summary:
      'Ask what the news says about people, countries, organisations and topics. Every fact comes with the words of its source and a link that opens the article at them.',
    usage: [
      { form: `${invocation} <words>`, what: 'a brief: the matching facts, each with numbered citations' },
      { form: `${invocation} add <url>`, what: 'fetch one article into the fact base; I answer when its facts are in' },
      { form: `${invocation} sources`, what: 'the feeds I follow (last poll, last error, counts) and how many articles I have' },
      { form: `${invocation} sources add <feed url> [name]`, what: 'follow an RSS, Atom or JSON feed · `sources remove <id>` stops · `sources articles` lists the articles' },
      { form: `${invocation} alert <words>`, what: 'post each new fact that matches here, as it arrives · `alert list`, `alert off <id>`' },
      { form: `${invocation} digest daily 08:00 <words>`, what: 'a daily digest of what is new · `digest help` for more' },
      { form: `${invocation} help`, what: 'this help' },
    ],
    examples: [
      { query: 'kenya malaysia', what: 'facts that mention both countries' },
      { query: 'malaysa kenyan beef', what: 'typos and demonyms are forgiven' },
      { query: 'kenya china topic:trade since:2025-06', what: 'a topic, from June 2025 on' },
      { query: 'ruto source:reuters', what: 'only what one publisher reported' },
    ],
    filters: filterHelp(),
  };
}

export interface UnknownHint {
  word: string;
  /** The closest thing the fact base covers, when one is close enough to be worth offering. */
  suggestion?: string;
}

export interface UnknownHints {
  unknown: UnknownHint[];
  /** What the fact base covers, for "try one of…". */
  coverage: Coverage;
}

/**
 * For words that matched nothing, offer the nearest covered entity or topic label. The searcher
 * already corrected small typos, so only a loose match is worth suggesting here.
 */
export function unknownWordHints(words: readonly string[], coverage: Coverage): UnknownHints {
  const labels = [...coverage.entities, ...coverage.topics].map((c) => c.label);
  const fuse = new Fuse(labels, { includeScore: true, threshold: 0.5, ignoreLocation: true });
  return {
    unknown: words.map((word) => {
      const best = fuse.search(word, { limit: 1 })[0];
      return best === undefined ? { word } : { word, suggestion: best.item };
    }),
    coverage,
  };
}
