import Fuse from 'fuse.js';
import type { FactBase } from '../factbase/factbase.js';
import type { EntityResolver } from './entity-resolver.js';
import { badFilter, type ParsedQuery } from './query.js';
import { stem } from './stem.js';
import { foldCase, tokenize } from './text.js';
import type { Filters } from './types.js';

/**
 * Resolves topic:, source: and country: values against the fact base. Their sets are small
 * (tens of topics and publishers), so fuse.js fits: forgiving, and fast at that size.
 */
export class FilterResolver {
  private readonly topicFuse: Fuse<{ id: string; label: string }>;
  private readonly publishers: string[];
  private readonly publisherFuse: Fuse<{ name: string }>;

  /** `publisherFuse` may be given when built already (see steps); else it is built here. */
  constructor(
    private readonly fb: FactBase,
    private readonly entities: EntityResolver,
    publisherFuse?: Fuse<{ name: string }>,
  ) {
    this.topicFuse = new Fuse(
      [...fb.topics.values()].map((t) => ({ id: t.id, label: t.label })),
      { keys: ['id', 'label'], threshold: 0.34, ignoreLocation: true, includeScore: true },
    );
    this.publishers = publishersOf(fb);
    this.publisherFuse = publisherFuse ?? new Fuse(publisherDocs(fb, this.publishers), PUBLISHER_FUSE);
  }

  /**
   * The same resolver, built a step at a time (see searcher.ts, runStepsPaced): the publisher
   * index covers every article id (thousands at 100k facts) and took 7-95 ms in one turn of a
   * busy event loop, so its documents are added a slice per step.
   */
  static *steps(fb: FactBase, entities: EntityResolver): Generator<void, FilterResolver> {
    const docs = publisherDocs(fb, publishersOf(fb));
    const fuse = new Fuse<{ name: string }>([], PUBLISHER_FUSE);
    for (let i = 0; i < docs.length; i++) {
      fuse.add(docs[i]!);
      if ((i + 1) % FUSE_SLICE === 0) yield;
    }
    yield;
    return new FilterResolver(fb, entities, fuse);
  }

  resolve(parsed: ParsedQuery): Filters {
    const filters: Filters = { topics: [], sources: [], sourceNames: [], countries: [] };
    if (parsed.since) filters.since = parsed.since.text;
    if (parsed.until) filters.until = parsed.until.text;
    for (const f of parsed.filters) {
      if (f.key === 'topic') pushNew(filters.topics, this.topic(f.value));
      if (f.key === 'country') pushNew(filters.countries, this.country(f.value));
      if (f.key === 'source') {
        for (const id of this.source(f.value)) pushNew(filters.sources, id);
        pushNew(filters.sourceNames, f.value);
      }
    }
    return filters;
  }

  private topic(value: string): string {
    const want = words(value);
    for (const t of this.fb.topics.values()) {
      if (words(t.id) === want || words(t.label) === want) return t.id;
    }
    const best = this.topicFuse.search(value, { limit: 1 })[0];
    if (best) return best.item.id;
    throw badFilter(`topic:${value}`, 'no such topic', [...this.fb.topics.keys()].sort().join(', '));
  }

  private country(value: string): string {
    const upper = value.toUpperCase();
    if (/^[A-Z]{3}$/.test(upper) && this.fb.entity(upper)?.kind === 'country') return upper;
    const hit = this.entities.lookupName(value);
    const e = hit?.entity;
    if (e?.kind === 'country') return e.id;
    if (e?.country !== undefined && this.fb.entity(e.country)?.kind === 'country') return e.country;
    const known = [...this.fb.entities.values()].filter((x) => x.kind === 'country').map((x) => x.id).sort();
    throw badFilter(`country:${value}`, 'no such country in the fact base', `ISO alpha-3 codes or names: ${known.join(', ')}`);
  }

  /** Article ids whose publisher (or id) matches: exactly, as whole words ("standard"), or fuzzily. */
  private source(value: string): string[] {
    const want = foldCase(value).trim();
    const articles = [...this.fb.articles.values()];
    const byPublisher = (pick: (publisher: string) => boolean): string[] =>
      articles.filter((a) => pick(foldCase(a.publisher)) || pick(foldCase(a.via ?? ''))).map((a) => a.id);
    let ids = articles.filter((a) => a.id === want).map((a) => a.id);
    if (ids.length === 0) ids = byPublisher((p) => p === want);
    if (ids.length === 0) ids = byPublisher((p) => containsWords(p, want));
    if (ids.length === 0) {
      const best = this.publisherFuse.search(value, { limit: 1 })[0]?.item.name;
      if (best !== undefined) ids = this.fb.articles.has(best) ? [best] : byPublisher((p) => p === foldCase(best));
    }
    if (ids.length === 0) {
      throw badFilter(`source:${value}`, 'no article from that publisher', `publishers: ${this.publishers.join(', ')}`);
    }
    return ids.sort();
  }
}

const PUBLISHER_FUSE = { keys: ['name'], threshold: 0.2, ignoreLocation: true, includeScore: true };
/** Documents added to the publisher index per step (about a millisecond's work). */
const FUSE_SLICE = 1000;

function publishersOf(fb: FactBase): string[] {
  return [...new Set([...fb.articles.values()].map((a) => a.publisher))].sort();
}

function publisherDocs(fb: FactBase, publishers: readonly string[]): { name: string }[] {
  return [...publishers, ...fb.articles.keys()].map((name) => ({ name }));
}

function pushNew(list: string[], value: string): void {
  if (!list.includes(value)) list.push(value);
}

function words(s: string): string {
  return tokenize(s)
    .map((t) => stem(t.norm))
    .join(' ');
}

function containsWords(haystack: string, needle: string): boolean {
  if (needle.length < 3) return false;
  return ` ${words(haystack)} `.includes(` ${words(needle)} `);
}
