import type { Fact } from './schema.js';

/**
 * Shares the strings a fact base repeats, as facts are read. JSON.parse, v8.deserialize and
 * PostgreSQL rows give every value its own copy: a citation's quote is most often the fact's
 * text again, and article ids, urls, entity and topic ids, dates and firstSeen instants recur
 * across thousands of facts. Measured on 100k generated facts: 1,397 bytes of heap per fact
 * read, 943 after sharing. Strings are immutable, so sharing one changes no value anyone sees.
 *
 * One interner per load: its pool holds each distinct string once while the load runs, and is
 * dropped with the interner.
 */
export function createFactInterner(): (fact: Fact) => Fact {
  const pool = new Map<string, string>();
  const intern = (s: string): string => {
    const held = pool.get(s);
    if (held !== undefined) return held;
    pool.set(s, s);
    return s;
  };
  const internAll = (xs: string[]): void => {
    for (let i = 0; i < xs.length; i++) xs[i] = intern(xs[i]!);
  };
  return (f) => {
    internAll(f.entities);
    internAll(f.topics);
    f.firstSeen = intern(f.firstSeen);
    f.date.value = intern(f.date.value);
    // v8.deserialize (the corpus cache) gives even these one-word values a copy each.
    f.date.precision = intern(f.date.precision) as typeof f.date.precision;
    f.date.kind = intern(f.date.kind) as typeof f.date.kind;
    if (f.date.source !== undefined) f.date.source = intern(f.date.source) as typeof f.date.source;
    if (f.date.phrase !== undefined) f.date.phrase = intern(f.date.phrase);
    if (f.speaker !== undefined) f.speaker = intern(f.speaker);
    for (const c of f.context ?? []) {
      c.id = intern(c.id);
      c.via = intern(c.via) as typeof c.via;
    }
    for (const c of f.citations) {
      // Compared, not pooled: a text is seldom seen twice, but its quote usually equals it.
      if (c.quote === f.text) c.quote = f.text;
      c.articleId = intern(c.articleId);
      c.url = intern(c.url);
    }
    return f;
  };
}
