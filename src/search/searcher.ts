import type { FactBase } from '../factbase/factbase.js';
import { resolveSearchConfig, type SearchConfig, type SearchConfigOverrides } from './defaults.js';
import { EntityResolver } from './entity-resolver.js';
import { FilterResolver } from './filters.js';
import { intentOf } from './intent.js';
import { parseQuery } from './query.js';
import { readTerms, type TermSlot } from './query-terms.js';
import { retrieve, Scratch } from './retrieval.js';
import type { SearcherPrebuilt } from './index-transfer.js';
import { buildSearchIndex, type SearchIndex } from './search-index.js';
import { stem } from './stem.js';
import { STOP_WORDS, tokenize } from './text.js';
import {
  DEFAULT_LIMIT,
  type Coverage,
  type CoverageItem,
  type SearchHit,
  type SearchOptions,
  type SearchResult,
  type Searcher,
  type UnmatchedWord,
  type Understood,
} from './types.js';

export interface SearcherOptions extends SearchConfigOverrides {}

/**
 * Builds the index over the fact base (once) and answers queries from it. The pipeline, one file
 * a stage: parse (query.ts, filter-table.ts) → names (entity-resolver.ts) → words, prefixes,
 * phrases, corrections (query-terms.ts) → retrieval and counting (retrieval.ts) → score
 * (scoring.ts) → page (top-heap.ts). The tuning is merged with the defaults once, here.
 */
export function createSearcher(fb: FactBase, options: SearcherOptions = {}): Searcher {
  const config = resolveSearchConfig(options);
  return searcherOverIndex(fb, buildSearchIndex(fb, config), config);
}

/** A searcher over an index built elsewhere (e.g. in a worker thread, see search/index-transfer.ts). */
export function searcherOverIndex(fb: FactBase, index: SearchIndex, config: SearchConfig, prebuilt?: SearcherPrebuilt): Searcher {
  return runSteps(searcherSteps(fb, index, config, prebuilt));
}

/** The searcher's tables for `fb` and `index`, built where there is time (a worker), for searcherOverIndexPaced. */
export function prebuiltSearcherParts(fb: FactBase, index: SearchIndex, config: SearchConfig): SearcherPrebuilt {
  const entities = new EntityResolver(fb, entityCountOf(index), config);
  return { entityNames: entities.prebuilt, coverage: computeCoverage(fb, index, config.coverageSize) };
}

function entityCountOf(index: SearchIndex): (id: string) => number {
  return (id) => index.entities.countOf(id) + index.context.countOf(id);
}

/**
 * The same searcher, built a step at a time with `pause()` between steps, so a thread that serves
 * requests while it takes a new corpus over never runs all of it at once (at 100k facts the
 * steps together blocked the event loop for over 100 ms; each alone takes a fraction of that).
 */
export async function searcherOverIndexPaced(
  fb: FactBase,
  index: SearchIndex,
  config: SearchConfig,
  pause: () => Promise<unknown>,
  prebuilt?: SearcherPrebuilt,
): Promise<Searcher> {
  return runStepsPaced(searcherSteps(fb, index, config, prebuilt), pause);
}

/** Runs a step generator to its end at once. */
export function runSteps<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Runs a step generator with `pause()` awaited between its steps. */
export async function runStepsPaced<T>(steps: Generator<void, T>, pause: () => Promise<unknown>): Promise<T> {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await pause();
  }
}

function* searcherSteps(fb: FactBase, index: SearchIndex, config: SearchConfig, prebuilt?: SearcherPrebuilt): Generator<void, Searcher> {
  const entities = new EntityResolver(fb, entityCountOf(index), config, prebuilt?.entityNames);
  yield;
  const filters = yield* FilterResolver.steps(fb, entities);
  const coverage = prebuilt?.coverage ?? computeCoverage(fb, index, config.coverageSize);
  yield;
  const scratch = new Scratch(index.docFact.length);
  return {
    search: (query, searchOptions = {}) => search(index, config, entities, filters, scratch, query, searchOptions),
    coverage: () => structuredClone(coverage),
  };
}

function search(
  index: SearchIndex,
  config: SearchConfig,
  entityResolver: EntityResolver,
  filterResolver: FilterResolver,
  scratch: Scratch,
  query: string,
  options: SearchOptions,
): SearchResult {
  const parsed = parseQuery(query);
  const filters = filterResolver.resolve(parsed);
  const tokens = tokenize(parsed.text);
  const isWord = (norm: string): boolean =>
    STOP_WORDS.has(norm) || intentOf(norm) !== undefined || index.terms.id(stem(norm)) !== undefined;
  const mentions = entityResolver.resolve(tokens, isWord);
  // A quoted phrase that is exactly a name is that entity ("Kuala Lumpur").
  const phrases: string[] = [];
  for (const phrase of parsed.phrases) {
    const hit = entityResolver.lookupName(phrase);
    if (hit?.exact === true) {
      if (!mentions.entities.some((e) => e.id === hit.entity.id)) {
        mentions.entities.push({ id: hit.entity.id, name: hit.entity.name, kind: hit.entity.kind, matched: phrase, exact: true });
      }
    } else phrases.push(phrase);
  }
  const ranked = mentions.entities.slice(0, config.maxRankedEntities);
  const entityLists = ranked.map((e) => ({ mentions: index.entities.listOf(e.id), context: index.context.listOf(e.id) }));
  const terms = readTerms(
    index,
    config,
    tokens.filter((_, i) => !mentions.consumed[i]),
    phrases,
    entityLists.map((e) => e.mentions),
  );
  const slots = rankedSlots(terms.slots, config.maxRankedTerms);

  const limit = Math.max(0, Math.floor(options.limit ?? DEFAULT_LIMIT));
  const offset = Math.max(0, Math.floor(options.offset ?? 0));
  const after = options.firstSeenAfter === undefined ? undefined : Date.parse(options.firstSeenAfter);
  if (after !== undefined && Number.isNaN(after)) {
    throw new RangeError(`firstSeenAfter is not an ISO date-time: ${options.firstSeenAfter}`);
  }

  const result = retrieve(index, scratch, config, {
    entities: entityLists,
    slots,
    filters,
    sinceFirst: parsed.since?.first ?? 0,
    untilLast: parsed.until?.last ?? 99_999_999,
    after: after ?? -Infinity,
    want: offset + limit,
    wanted: { intents: terms.intents },
  });

  const tried = ranked.map((e) => e.id);
  const unmatched: UnmatchedWord[] = [
    ...terms.unknown.map((word) => ({ word, reason: 'unknown' as const, triedWith: tried })),
    ...slots
      .map((slot, j) => ({ slot, j }))
      .filter(({ j }) => !result.slotSeenWithAll[j])
      .map(({ slot }) => ({
        word: slot.raw,
        reason: tried.length > 0 ? ('not-with-entities' as const) : ('unknown' as const),
        triedWith: tried,
      })),
  ];
  const understood: Understood = {
    entities: mentions.entities,
    terms: slots.map((s) => s.term),
    corrections: [...mentions.corrections, ...terms.corrections],
    unknown: terms.unknown,
    filters,
    ignored: terms.ignored,
    intents: terms.intents,
    phrases,
    prefixes: terms.prefixes,
    unmatched,
  };
  const scorer = result.scorer;
  const hits: SearchHit[] = result.top.slice(offset).map(({ doc, score, mask }) => ({
    fact: index.facts[index.docFact[doc]!]!,
    score: Math.round(score * 10_000) / 10_000,
    matchedAllEntities: scorer.allEntities(mask),
    matchedAll: scorer.allEntities(mask) && scorer.allWords(mask),
    entityMatches: scorer.entityMatches(mask, tried),
    matchedTerms: scorer.matchedSlots(mask).map((j) => slots[j]!.term),
    parts: scorer.parts(mask, index, doc, score),
  }));
  const counts = { ...result.counts, partial: result.total - result.counts.matchedAll };
  return { query, understood, total: result.total, totalAllEntities: result.counts.allEntities, offset, hits, counts };
}

/** The slots that take part in ranking: all of them, or the most specific ones of a long query. */
function rankedSlots(slots: TermSlot[], max: number): TermSlot[] {
  if (slots.length <= max) return slots;
  const keep = new Set([...slots].sort((a, b) => a.df - b.df).slice(0, max));
  return slots.filter((s) => keep.has(s));
}

function computeCoverage(fb: FactBase, index: SearchIndex, size: number): Coverage {
  const top = (keys: readonly string[], count: (k: string) => number, label: (k: string) => string): CoverageItem[] =>
    keys
      .map((id) => ({ id, label: label(id), count: count(id) }))
      .filter((x) => x.count > 0)
      .sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : 1))
      .slice(0, size);
  return {
    entities: top(index.entities.keys, (k) => index.entities.countOf(k), (k) => fb.entity(k)?.name ?? k),
    topics: top(index.topics.keys, (k) => index.topics.countOf(k), (k) => fb.topic(k)?.label ?? k),
    facts: index.docFact.length,
    articles: fb.articles.size,
  };
}
