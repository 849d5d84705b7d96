import type { ArticleMeta, Entity, Fact, FactBaseData, Topic } from './schema.js';
import { loadFactBaseFile } from './load.js';

/** The validated fact base in memory, with lookups by id. Immutable once built. */
export class FactBase {
  readonly facts: readonly Fact[];
  readonly articles: ReadonlyMap<string, ArticleMeta>;
  readonly entities: ReadonlyMap<string, Entity>;
  readonly topics: ReadonlyMap<string, Topic>;
  private readonly byId: ReadonlyMap<string, Fact>;

  /** `byId` may be given when the caller built it already (the worker loader does, a slice at a time). */
  constructor(
    readonly data: FactBaseData,
    byId?: ReadonlyMap<string, Fact>,
  ) {
    this.facts = data.facts;
    this.articles = new Map(data.articles.map((a) => [a.id, a]));
    this.entities = new Map(data.entities.map((e) => [e.id, e]));
    this.topics = new Map(data.topics.map((t) => [t.id, t]));
    this.byId = byId ?? new Map(data.facts.map((f) => [f.id, f]));
  }

  static load(file: string): FactBase {
    return new FactBase(loadFactBaseFile(file));
  }

  fact(id: string): Fact | undefined {
    return this.byId.get(id);
  }

  article(id: string): ArticleMeta | undefined {
    return this.articles.get(id);
  }

  entity(id: string): Entity | undefined {
    return this.entities.get(id);
  }

  topic(id: string): Topic | undefined {
    return this.topics.get(id);
  }
}
