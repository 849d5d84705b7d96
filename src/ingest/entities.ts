import type { Entity } from '../factbase/schema.js';
import type { Gazetteer } from './data-files.js';

export interface EntityMention {
  entityId: string;
  /** Offsets into the text that was searched. */
  start: number;
  end: number;
  alias: string;
}

/** Sentence-initial words that do not make a neighbouring ambiguous name part of a longer name. */
const FUNCTION_WORDS = new Set(
  'The A An In On At To For From And Or But Of By With As Both While After Before Since Until Like Unlike'.split(' '),
);

const COUNTRY_BEARING = new Set<Entity['kind']>(['place', 'person', 'organization']);

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Finds gazetteer names in text. Rules (documented in entities.yaml too):
 * - case-sensitive, so "US" is the country and "us" is not;
 * - whole words: no letter or digit may touch either end ("Niger" is not found in "Nigeria");
 * - longest alias first at any position ("South Sudan" before "Sudan", "Major Non-NATO Ally" before "NATO");
 * - an `ambiguous` alias counts only when no capitalised word sits next to it, because then it is
 *   most likely part of a person's or institution's name ("Chad Smith", "Georgia Tech").
 */
export class EntityMatcher {
  private readonly pattern: RegExp;
  private readonly byAlias: Map<string, string>;
  private readonly ambiguous: Set<string>;
  readonly byId: ReadonlyMap<string, Entity>;

  constructor(gazetteer: Gazetteer) {
    this.byAlias = new Map();
    for (const e of gazetteer.entities) {
      for (const name of [e.name, ...e.aliases]) if (!this.byAlias.has(name)) this.byAlias.set(name, e.id);
    }
    this.ambiguous = new Set(gazetteer.ambiguous);
    this.byId = new Map(gazetteer.entities.map((e) => [e.id, e]));
    const names = [...this.byAlias.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
    // A name right before "$" is a currency prefix (US$, HK$, NZ$), not a mention of the place.
    this.pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${names.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}$])`, 'gu');
  }

  find(text: string): EntityMention[] {
    const out: EntityMention[] = [];
    for (const m of text.matchAll(this.pattern)) {
      const alias = m[0];
      const start = m.index;
      const end = start + alias.length;
      if (this.ambiguous.has(alias) && nextToCapitalisedWord(text, start, end)) continue;
      const entityId = this.byAlias.get(alias)!;
      out.push({ entityId, start, end, alias });
      // A compound name does not swallow the names inside it: "Malaysia-Kenya Digital Trade
      // Council" still counts for Malaysia and Kenya.
      for (const inner of this.innerOf(alias, entityId)) out.push({ ...inner, start: start + inner.start, end: start + inner.end });
    }
    return out;
  }

  private readonly inner = new Map<string, EntityMention[]>();

  /** Countries and places named inside a longer alias (offsets into the alias). */
  innerOf(alias: string, entityId: string): EntityMention[] {
    const cached = this.inner.get(alias);
    if (cached) return cached;
    const out: EntityMention[] = [];
    const outer = this.byId.get(entityId);
    // Regions ("South American", "North African") hold no names of their own: "American" there is not the US.
    if (outer !== undefined && outer.kind !== 'country' && !(outer.kind === 'place' && outer.country === undefined)) {
      // Every run of whole words inside the alias, except the alias itself.
      const words = [...alias.matchAll(/[\p{L}\p{N}][\p{L}\p{N}.'’]*/gu)].map((w) => ({ start: w.index, end: w.index + w[0].length }));
      for (let i = 0; i < words.length; i++) {
        for (let j = words.length - 1; j >= i; j--) {
          const start = words[i]!.start;
          const end = words[j]!.end;
          if (start === 0 && end === alias.length) continue;
          const name = alias.slice(start, end);
          const id = this.byAlias.get(name);
          const kind = id === undefined ? undefined : this.byId.get(id)?.kind;
          if (id === undefined || (kind !== 'country' && kind !== 'place')) continue;
          if (this.ambiguous.has(name)) continue;
          out.push({ entityId: id, start, end, alias: name });
          i = j;
          break;
        }
      }
    }
    this.inner.set(alias, out);
    return out;
  }

  /** Entity ids mentioned in text, plus the country of every place, person and organization. Sorted, unique. */
  idsIn(text: string): string[] {
    return this.withCountries(this.find(text).map((m) => m.entityId));
  }

  withCountries(ids: Iterable<string>): string[] {
    const out = new Set<string>();
    for (const id of ids) {
      out.add(id);
      const e = this.byId.get(id);
      // A city, a head of state or a national body speaks for its country: "Ruto and Anwar signed"
      // is a Kenya–Malaysia fact even where neither country is named.
      if (e !== undefined && COUNTRY_BEARING.has(e.kind) && e.country !== undefined) out.add(e.country);
    }
    return [...out].sort();
  }

  kindOf(id: string): Entity['kind'] | undefined {
    return this.byId.get(id)?.kind;
  }
}

function nextToCapitalisedWord(text: string, start: number, end: number): boolean {
  const before = /(\p{L}+)[ \u00a0]$/u.exec(text.slice(Math.max(0, start - 40), start))?.[1];
  const after = /^[ \u00a0](\p{L}+)/u.exec(text.slice(end, end + 40))?.[1];
  const capitalised = (w: string | undefined): boolean =>
    w !== undefined && /^\p{Lu}/u.test(w) && !FUNCTION_WORDS.has(w);
  return capitalised(before) || capitalised(after);
}
