import type { ContextEntity } from '../../factbase/schema.js';
import type { ArticleNames } from '../discover/article-names.js';
import type { EntityMention } from '../entities.js';
import type { CountryRegion } from '../gazetteer/generated.js';
import { speakerOf, statementAuthorIn, type Speaker } from '../speakers.js';
import { INSTRUMENT_WORDS, REFERENCE_RULES, type Reference } from './rules.js';
import { ArticleState } from './state.js';

/** Why a fact carries an entity: shown by `ingest --explain`, checked by the property test. */
export interface EntityReason {
  id: string;
  origin: 'mention' | 'reference' | 'lead-in' | 'story' | 'dateline';
  why: string;
}

export interface Annotation {
  /** Named in the sentence (with the countries of the people, places and bodies named). */
  entities: string[];
  context: ContextEntity[];
  speaker?: Speaker;
  reasons: EntityReason[];
  mentions: EntityMention[];
}

/**
 * Reads one article's sentences in order and says, for each, which entities it names and which it
 * carries through context. Call `annotate` for every sentence, kept or not, so references in later
 * sentences see what earlier ones named.
 */
export class ArticleAnnotator {
  private readonly st: ArticleState;
  private previousSpeaker: Speaker | undefined;

  constructor(
    private readonly names: ArticleNames,
    regions: Readonly<Record<string, CountryRegion>>,
    title: string,
    lead: string,
  ) {
    // The story's parties: the countries and bodies (the EU, the AU) the headline names, then the lead's countries.
    const story: string[] = [];
    const take = (text: string, kinds: readonly string[]): void => {
      for (const m of names.find(text)) {
        for (const id of names.withCountries([m.entityId])) {
          const kind = names.kindOf(id) ?? '';
          if (kinds.includes(kind) && (kind === 'country' || id === m.entityId) && !story.includes(id)) story.push(id);
        }
      }
    };
    take(title, ['country', 'organization']);
    take(lead, ['country']);
    this.st = new ArticleState(names, regions, story);
  }

  get story(): readonly string[] {
    return this.st.story;
  }

  annotate(text: string, leadIn?: string): Annotation {
    const { names, st } = this;
    const found = names.find(text);
    const refs = references(text, found, st);
    // A region word that only describes a referred-to country ("the east African nation") is not a mention of the region.
    const mentions = found.filter(
      (m) => !(names.kindOf(m.entityId) === 'place' && names.countryOf(m.entityId) === undefined && refs.some((r) => r.start <= m.start && r.start + r.phrase.length >= m.end)),
    );
    const speaker = speakerOf(text, mentions, st, this.previousSpeaker);

    const reasons: EntityReason[] = [];
    const entities = new Set<string>();
    const addEntity = (id: string, why: string): void => {
      if (entities.has(id)) return;
      entities.add(id);
      reasons.push({ id, origin: 'mention', why });
      const country = names.countryOf(id);
      if (country !== undefined && !entities.has(country)) {
        entities.add(country);
        reasons.push({ id: country, origin: 'mention', why: `country of ${id}` });
      }
    };
    for (const m of mentions) addEntity(m.entityId, `named "${m.alias}"`);
    if (speaker?.named) addEntity(speaker.id, `speaker, named "${speaker.phrase}"`);

    const context: ContextEntity[] = [];
    const addContext = (id: string, via: ContextEntity['via'], why: string, phrase?: string): void => {
      if (entities.has(id) || context.some((c) => c.id === id)) return;
      context.push(phrase === undefined ? { id, via } : { id, via, phrase });
      reasons.push({ id, origin: via, why });
      const country = names.countryOf(id);
      if (country !== undefined) addContext(country, via, `country of ${id}`, phrase);
    };
    for (const r of refs) for (const id of r.ids) addContext(id, 'reference', r.reason, r.phrase);
    if (speaker !== undefined && !speaker.named) addContext(speaker.id, 'reference', `speaker: ${speaker.how}`, speaker.phrase);
    if (leadIn !== undefined) {
      for (const l of this.leadInEntities(leadIn)) addContext(l.id, 'lead-in', l.reason, leadIn.length <= 120 ? leadIn : undefined);
    }
    const hasCountry = [...entities, ...context.map((c) => c.id)].some((id) => names.kindOf(id) === 'country');
    if (!hasCountry) for (const id of st.story) addContext(id, 'story', 'a main party of the story (headline and lead)');

    this.remember(text, mentions, refs, speaker);
    const out: Annotation = { entities: [...entities].sort(), context, reasons, mentions };
    if (speaker !== undefined) out.speaker = speaker;
    return out;
  }

  /** A bullet's lead-in is read once, when its first item is: what it names and refers to. */
  private leadInEntities(leadIn: string): { id: string; reason: string }[] {
    const cached = this.st.leadIns.get(leadIn);
    if (cached) return cached;
    const mentions = this.names.find(leadIn);
    const ids: { id: string; reason: string }[] = mentions.map((m) => ({ id: m.entityId, reason: `the lead-in names "${m.alias}"` }));
    for (const r of references(leadIn, mentions, this.st)) for (const id of r.ids) ids.push({ id, reason: `the lead-in's ${r.reason}` });
    this.st.leadIns.set(leadIn, ids);
    return ids;
  }

  private remember(text: string, mentions: EntityMention[], refs: Reference[], speaker: Speaker | undefined): void {
    const { names, st } = this;
    const firstCountry = mentions.flatMap((m) => names.withCountries([m.entityId])).find((id) => names.kindOf(id) === 'country');
    if (firstCountry !== undefined) st.lastCountrySubject = firstCountry;
    for (const m of mentions) {
      const kind = names.kindOf(m.entityId);
      if (kind === 'person') st.notePerson(m.entityId);
      for (const id of names.withCountries([m.entityId])) {
        if (names.kindOf(id) === 'country') {
          st.noteCountry(id);
          st.noteFirstMention(id);
        }
      }
    }
    for (const r of refs) for (const id of r.ids) if (names.kindOf(id) === 'person') st.notePerson(id);
    if (speaker !== undefined && names.kindOf(speaker.id) === 'person') st.notePerson(speaker.id);
    const people = [...mentions.filter((m) => names.kindOf(m.entityId) === 'person').map((m) => ({ id: m.entityId, at: m.start })), ...refs.filter((r) => r.ids.length === 1 && names.kindOf(r.ids[0]!) === 'person').map((r) => ({ id: r.ids[0]!, at: r.start }))].sort((a, b) => a.at - b.at);
    const subject = speaker !== undefined && names.kindOf(speaker.id) === 'person' ? speaker.id : people[0]?.id;
    if (subject !== undefined) st.lastSubject = subject;
    const programme = mentions.find((m) => names.kindOf(m.entityId) === 'programme');
    if (programme !== undefined || INSTRUMENT_WORDS.test(text)) {
      const parties = [
        ...mentions.filter((m) => {
          const k = names.kindOf(m.entityId);
          return k === 'country' || k === 'place' || k === 'organization';
        }).map((m) => m.entityId),
        ...refs.flatMap((r) => r.ids).filter((id) => names.kindOf(id) === 'country'),
      ];
      const unique = [...new Set(parties)];
      if (programme !== undefined) st.instrument = { id: programme.entityId, parties: unique };
      else if (unique.length > 0) st.instrument = { parties: unique };
    }
    st.statementAuthor = statementAuthorIn(text, mentions, st) ?? st.statementAuthor;
    this.previousSpeaker = speaker;
  }
}

/** The rules in order; a phrase one rule resolved is not resolved again by a later one. */
function references(text: string, mentions: readonly EntityMention[], st: ArticleState): Reference[] {
  const out: Reference[] = [];
  for (const rule of REFERENCE_RULES) {
    for (const r of rule(text, mentions, st)) {
      const end = r.start + r.phrase.length;
      if (out.some((o) => o.start < end && o.start + o.phrase.length > r.start)) continue;
      out.push(r);
    }
  }
  return out;
}
