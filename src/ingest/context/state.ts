import type { ArticleNames } from '../discover/article-names.js';
import { presumedGender } from '../discover/nlp.js';
import type { CountryRegion } from '../gazetteer/generated.js';

/** An agreement or document the article has named or described, and who it is between. */
export interface Instrument {
  id?: string;
  parties: string[];
}

/**
 * What one article has said so far, for references in later sentences: the people and countries
 * named (most recent last), the last instrument, the last statement's author, and the story's
 * main parties (the countries of the headline and the lead).
 */
export class ArticleState {
  readonly people: string[] = [];
  readonly countries: string[] = [];
  instrument: Instrument | undefined;
  /** The subject of the latest sentence that had a person in it: whom a following "he"/"she" most likely means. */
  lastSubject: string | undefined;
  /** The first country of the latest sentence that named one: whom a following bare "the country" most likely means. */
  lastCountrySubject: string | undefined;
  statementAuthor: string | undefined;
  readonly leadIns = new Map<string, { id: string; reason: string }[]>();

  constructor(
    readonly names: ArticleNames,
    readonly regions: Readonly<Record<string, CountryRegion>>,
    /** The countries of the headline and the lead, in order of first mention. */
    readonly story: readonly string[],
  ) {}

  private readonly genders = new Map<string, 'female' | 'male' | undefined>();

  /** The gender compromise presumes from a person's given name, where it has one. */
  genderOf(id: string): 'female' | 'male' | undefined {
    if (!this.genders.has(id)) this.genders.set(id, presumedGender(this.names.entity(id)?.name ?? ''));
    return this.genders.get(id);
  }

  notePerson(id: string): void {
    const at = this.people.indexOf(id);
    if (at >= 0) this.people.splice(at, 1);
    this.people.push(id);
  }

  noteCountry(id: string): void {
    const at = this.countries.indexOf(id);
    if (at >= 0) this.countries.splice(at, 1);
    this.countries.push(id);
  }

  /** The most recently named people, newest first, that pass `fits`. */
  recentPeople(fits: (id: string) => boolean = () => true): string[] {
    return [...this.people].reverse().filter(fits);
  }

  /** The article's two parties: the story's first two countries, else the first countries it names. */
  parties(): string[] {
    const out = [...this.story];
    for (const c of this.countriesInOrder) if (out.length < 2 && !out.includes(c)) out.push(c);
    return out.slice(0, 2);
  }

  /** Countries in the order the article first named them (story parties use it when the lead names fewer than two). */
  readonly countriesInOrder: string[] = [];

  noteFirstMention(id: string): void {
    if (!this.countriesInOrder.includes(id)) this.countriesInOrder.push(id);
  }
}
