import type { EntityMention } from '../entities.js';
import { regionFilter } from './regions.js';
import type { ArticleState } from './state.js';

/** A phrase of a sentence that refers to entities the sentence does not name. */
export interface Reference {
  ids: string[];
  phrase: string;
  start: number;
  /** What the phrase was resolved to, in a reader's words (for `ingest --explain`). */
  reason: string;
}

export type ReferenceRule = (sentence: string, mentions: readonly EntityMention[], st: ArticleState) => Reference[];

const personBefore = (mentions: readonly EntityMention[], st: ArticleState, at: number): boolean =>
  mentions.some((m) => m.start < at && st.names.kindOf(m.entityId) === 'person');

/** "he", "she", "his", "her" → the last person named, unless the sentence names one before the pronoun. */
export const pronounRule: ReferenceRule = (sentence, mentions, st) => {
  const m = /(?<![\p{L}])(?:he|she|his|her|him)(?![\p{L}])/iu.exec(sentence);
  if (!m || personBefore(mentions, st, m.index)) return [];
  const person = lastPersonFor(m[0], st);
  return person === undefined ? [] : [{ ids: [person], phrase: m[0], start: m.index, reason: `"${m[0]}" → the last person named` }];
};

/**
 * The person a pronoun means: the subject of the latest sentence that had one (its speaker, else
 * the first person it names), then the others from the most recent. Someone whose given name
 * tells the other gender is passed over.
 */
export function lastPersonFor(pronoun: string, st: ArticleState): string | undefined {
  const wanted = /^(?:she|her)$/iu.test(pronoun) ? 'female' : 'male';
  const order = [...(st.lastSubject !== undefined ? [st.lastSubject] : []), ...st.recentPeople()];
  return order.find((id) => {
    const g = st.genderOf(id);
    return g === undefined || g === wanted;
  });
}

/** Role nouns and the roles (gazetteer `role`, titled aliases, discovered titles) they fit. */
const ROLES: [RegExp, RegExp][] = [
  [/^head of state$/i, /\b(?:president|king|queen|emir|sultan|monarch)\b/i],
  [/^head of government$/i, /\b(?:prime minister|premier|chancellor)\b/i],
  [/^(?:prime minister|premier)$/i, /\b(?:prime minister|premier)\b/i],
  [/^president$/i, /(?<!vice[ -])\bpresident\b/i],
  [/^(?:king|queen|monarch)$/i, /\b(?:king|queen|monarch)\b/i],
  [/^senator$/i, /\bsenator\b/i],
  [/^cabinet secretary$/i, /\bcabinet secretary\b/i],
  [/^undersecretary$/i, /\bunder-?secretary\b/i],
  [/^minister$/i, /\bminister\b/i],
  [/^secretary$/i, /\bsecretary\b/i],
  [/^(?:ambassador|envoy)$/i, /\b(?:ambassador|envoy|high commissioner)\b/i],
  [/^commissioner$/i, /\bcommissioner\b/i],
  [/^governor$/i, /\bgovernor\b/i],
  [/^(?:chief executive|ceo)$/i, /\b(?:chief executive|ceo)\b/i],
  [/^(?:chairman|chairperson|chairwoman)$/i, /\b(?:chairman|chairperson|chairwoman|chair)\b/i],
];
const ROLE_PHRASE = /(?<![\p{L}])[Tt]he\s+(?:(?<demonym>\p{Lu}[\p{L}-]+)\s+)?(?<role>head of state|head of government|prime minister|premier|president|king|queen|monarch|senator|cabinet secretary|undersecretary|minister|secretary|ambassador|envoy|commissioner|governor|chief executive|ceo|chairman|chairperson|chairwoman)(?![\p{L}])/giu;

/** What a person is, for matching a role noun: their role plus the titled forms of their name. */
function roleText(st: ArticleState, id: string): string {
  const e = st.names.entity(id);
  return e === undefined ? '' : [e.role ?? '', ...e.aliases].join(' | ');
}

/**
 * "the President", "the Head of State", "the senator", "the Chinese president" → the person last
 * named whose role fits (and whose country the demonym names). Not a title in front of a name
 * ("the President, William Ruto," names him already).
 */
export const roleRule: ReferenceRule = (sentence, mentions, st) => {
  const out: Reference[] = [];
  for (const m of sentence.matchAll(ROLE_PHRASE)) {
    const end = m.index + m[0].length;
    if (mentions.some((x) => x.start >= end && x.start <= end + 2 && st.names.kindOf(x.entityId) === 'person')) continue;
    // "The President's office" and "the minister of trade of Ghana" still refer; a capitalised word right after is a title.
    if (/^\s+\p{Lu}\p{Ll}/u.test(sentence.slice(end)) && !/^\s+(?:of|for)\b/u.test(sentence.slice(end))) continue;
    const role = m.groups!['role']!;
    const fits = ROLES.find(([noun]) => noun.test(role))?.[1];
    if (fits === undefined) continue;
    const demonym = m.groups!['demonym'];
    const country = demonym === undefined ? undefined : st.names.find(demonym).find((x) => st.names.kindOf(x.entityId) === 'country')?.entityId;
    if (demonym !== undefined && country === undefined && !/^(?:Head|Prime|Cabinet|Chief)$/iu.test(demonym)) continue;
    const fitting = st.recentPeople((id) => fits.test(roleText(st, id)));
    // A person whose country the text never said can still be "the Indonesian president" when no one else fits.
    const person =
      fitting.find((id) => country === undefined || st.names.entity(id)?.country === country) ??
      fitting.find((id) => st.names.entity(id)?.country === undefined);
    if (person === undefined) continue;
    out.push({ ids: [person], phrase: m[0], start: m.index, reason: `"${m[0]}" → the last ${demonym ? `${demonym} ` : ''}${role.toLowerCase()} named` });
  }
  return out;
};

const LEADER_ROLE = /\b(?:president|prime minister|premier|king|queen|emir|sultan|chancellor|head of)\b/i;

/** "the two leaders", "both leaders", "the two ministers" → the last two people named (with a fitting role where two have one). */
export const leadersRule: ReferenceRule = (sentence, _mentions, st) => {
  const m = /(?<![\p{L}])(?:[Bb]oth|[Tt]he two)\s+(leaders|presidents|heads of state|heads of government|ministers|officials|men|women)(?![\p{L}])/u.exec(sentence);
  if (!m) return [];
  const noun = m[1]!.toLowerCase();
  const fits = noun === 'ministers' ? /\bminister\b/i : noun === 'officials' || noun === 'men' || noun === 'women' ? /./ : LEADER_ROLE;
  const withRole = st.recentPeople((id) => fits.test(roleText(st, id)));
  const two = (withRole.length >= 2 ? withRole : st.recentPeople()).slice(0, 2);
  return two.length === 2 ? [{ ids: two, phrase: m[0], start: m.index, reason: `"${m[0]}" → the last two ${noun} named` }] : [];
};

/**
 * A sentence that opens with "Both" and a verb ("Both emphasized …", "Both agreed …") means the two
 * people just named, as "both leaders" does; with no two people named, the article's two parties.
 * "Both sides/leaders/…" are the rules above; only a past tense (-ed) or a common verb counts as the
 * verb, so "Both banks …" or "Both copper and lithium …" are not read as people.
 */
export const bareBothRule: ReferenceRule = (sentence, _mentions, st) => {
  const m = /^(Both)\s+(?=(?:\p{Ll}+ed|said|say|says|are|were|have|had|will|would|also|sought|spoke|met|made|took|saw)\b)/u.exec(sentence.trimStart());
  if (!m) return [];
  const offset = sentence.length - sentence.trimStart().length;
  const leaders = st.recentPeople((id) => LEADER_ROLE.test(roleText(st, id)));
  const two = (leaders.length >= 2 ? leaders : st.recentPeople()).slice(0, 2);
  if (two.length === 2) return [{ ids: two, phrase: m[1]!, start: offset, reason: '"Both" → the last two people named' }];
  const parties = st.parties();
  return parties.length === 2 ? [{ ids: parties, phrase: m[1]!, start: offset, reason: '"Both" → the article\'s two parties' }] : [];
};

/** "both sides", "the two governments", "both countries" → the article's two parties. */
export const partiesRule: ReferenceRule = (sentence, _mentions, st) => {
  const m = /(?<![\p{L}])(?:[Bb]oth|[Tt]he two)\s+(?:sides|countries|governments|nations|states|parties|partners|delegations|economies|capitals)(?![\p{L}])/u.exec(sentence);
  if (!m) return [];
  const parties = st.parties();
  return parties.length === 2 ? [{ ids: parties, phrase: m[0], start: m.index, reason: `"${m[0]}" → the article's two parties` }] : [];
};

const COUNTRY_PHRASE = /(?<![\p{L}])[Tt]he\s+(?<desc>(?:[\p{L}-]+\s+){0,3}?)(?<noun>country|nation|kingdom|republic|state|economy|archipelago)(?![\p{L}-])/gu;
/** Words that make "the … nation" something other than one country already named. */
const NOT_A_DESCRIPTION = /(?:^|\s)(?:two|both|three|other|same|host|first|next|each|whole|entire|new|member|partner|island|city|nation's)(?:\s|$)/iu;

/**
 * "the country", "the east African nation", "the Asian nation", "the North African kingdom" →
 * the country last named that the description fits (by the generated region data), else the
 * story's party that fits. "state" and "economy" need a description ("the state phosphate group" is not one).
 */
export const countryRule: ReferenceRule = (sentence, mentions, st) => {
  const out: Reference[] = [];
  for (const m of sentence.matchAll(COUNTRY_PHRASE)) {
    const desc = m.groups!['desc']!.trim();
    const noun = m.groups!['noun']!;
    if (NOT_A_DESCRIPTION.test(desc)) continue;
    const region = regionFilter(desc);
    if ((noun === 'state' || noun === 'economy' || noun === 'republic') && region === undefined) continue;
    if (desc !== '' && region === undefined && !/^(?:[\p{Ll}-]+\s*)+$/u.test(desc)) continue;
    const fits = (id: string): boolean => region === undefined || region.fits(st.regions[id] ?? {});
    const named = mentions.filter((x) => x.start < m.index && st.names.kindOf(x.entityId) === 'country').map((x) => x.entityId);
    // In the sentence itself, then the previous sentence's subject ("Kenyan officials … the border with Uganda. The country …" is Kenya), then by recency.
    const subject = st.lastCountrySubject === undefined ? [] : [st.lastCountrySubject];
    const candidates = [...named.reverse(), ...subject, ...[...st.countries].reverse(), ...st.story];
    const country = candidates.find(fits);
    if (country === undefined) continue;
    out.push({ ids: [country], phrase: m[0], start: m.index, reason: `"${m[0]}" → ${country === subject[0] && !named.includes(country) ? 'the previous sentence\'s country' : 'the last country named'}${region ? ` that is ${region.phrase}` : ''}` });
  }
  return out;
};

/** "the document", "the agreement", "the deal" → the instrument last named, and who it is between. */
export const instrumentRule: ReferenceRule = (sentence, _mentions, st) => {
  const m = /(?<![\p{L}])[Tt]he\s+(?:document|agreement|deal|pact|accord|treaty|memorandum|MoU|protocol|charter|letter)(?![\p{L}])/u.exec(sentence);
  if (!m || st.instrument === undefined) return [];
  const ids = [...(st.instrument.id ? [st.instrument.id] : []), ...st.instrument.parties];
  return ids.length > 0 ? [{ ids, phrase: m[0], start: m.index, reason: `"${m[0]}" → the instrument last named${st.instrument.id ? '' : ' (its parties)'}` }] : [];
};

/** In order: a later rule does not resolve a phrase an earlier one already did. */
export const REFERENCE_RULES: readonly ReferenceRule[] = [partiesRule, leadersRule, bareBothRule, roleRule, countryRule, instrumentRule, pronounRule];

/** An instrument a sentence names (a programme entity) or describes ("signed a letter of intent"). */
export const INSTRUMENT_WORDS = /(?<![\p{L}])(?:agreements?|memorand(?:um|a)|MoUs?|deals?|pacts?|accords?|treat(?:y|ies)|letters? of intent|protocols?|charters?)(?![\p{L}])/u;
