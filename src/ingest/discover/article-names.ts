import type { Entity } from '../../factbase/schema.js';
import { EntityMatcher, type EntityMention } from '../entities.js';

const COUNTRY_BEARING = new Set<Entity['kind']>(['place', 'person', 'organization']);

/**
 * The names one article can use: the gazetteer's, then the names discovered in it. A discovered
 * name inside a gazetteer name is not found there ("Ibrahim" in "Anwar Ibrahim"); a gazetteer
 * name inside a discovered one still is (entities.ts finds it on its own).
 */
export class ArticleNames {
  private readonly extra: EntityMatcher | undefined;
  private readonly byId: Map<string, Entity>;

  constructor(
    readonly gazetteer: EntityMatcher,
    readonly discovered: readonly Entity[],
  ) {
    this.extra = discovered.length > 0 ? new EntityMatcher({ entities: [...discovered], ambiguous: [], regions: {} }) : undefined;
    this.byId = new Map(gazetteer.byId);
    for (const e of discovered) if (!this.byId.has(e.id)) this.byId.set(e.id, e);
  }

  find(text: string): EntityMention[] {
    const known = this.gazetteer.find(text);
    if (!this.extra) return known;
    const more = this.extra.find(text).filter((m) => !known.some((k) => k.start < m.end && k.end > m.start && this.kindOf(k.entityId) === 'person') && !known.some((k) => k.start <= m.start && k.end >= m.end));
    return [...known, ...more].sort((a, b) => a.start - b.start || b.end - a.end);
  }

  entity(id: string): Entity | undefined {
    return this.byId.get(id);
  }

  kindOf(id: string): Entity['kind'] | undefined {
    return this.byId.get(id)?.kind;
  }

  /** The country a place, person or organisation counts for, if it has one. */
  countryOf(id: string): string | undefined {
    const e = this.byId.get(id);
    return e !== undefined && COUNTRY_BEARING.has(e.kind) ? e.country : undefined;
  }

  withCountries(ids: Iterable<string>): string[] {
    const out = new Set<string>();
    for (const id of ids) {
      out.add(id);
      const c = this.countryOf(id);
      if (c !== undefined) out.add(c);
    }
    return [...out].sort();
  }
}
