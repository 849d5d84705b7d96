import type { Entity } from '../../factbase/schema.js';
import type { EntityMatcher } from '../entities.js';
import { nlpNames } from './nlp.js';
import { attributedPeople, definedAcronyms, headedNames, NAME, titledPeople, type Candidate } from './patterns.js';

/** A name found in the text: an entity marked `discovered`, and why it was taken. */
export interface Discovered {
  entity: Entity;
  /** The rules that found it, for `ingest --explain`. */
  rules: string[];
}

/** Words compromise tags as names that are titles or remits, stripped from the front of its spans. */
const TITLE_WORDS = new Set(
  'President Vice Prime Minister Deputy Cabinet Secretary Senator Ambassador Governor Mayor Commissioner Director Chairman Chairperson King Queen Prince Sheikh Emir Sultan Trade Industry Foreign Finance Agriculture Commerce Undersecretary Mr Mrs Ms Dr Prof Professor Chief Executive CEO Former Acting European'.split(' '),
);
const WHOLE_NAME = new RegExp(`^${NAME}$`, 'u');

const TITLE_CORE_WORDS = new Set('Minister Secretary President Senator Ambassador Governor Mayor Commissioner Director Chairman Chairperson Spokesperson Envoy Undersecretary Premier Chancellor CEO King Queen'.split(' '));

/** "Fisheries Minister Moussa Diop" found by "said X": the title goes to the role, the rest is the name. */
function stripTitle(c: Candidate): void {
  const words = c.name.split(/\s+/u);
  let last = -1;
  words.forEach((w, i) => {
    if (TITLE_CORE_WORDS.has(w)) last = i;
  });
  if (last < 0 || words.length - last - 1 < 2) return;
  const name = words.slice(last + 1).join(' ');
  if (c.role === undefined) c.role = words.slice(0, last + 1).join(' ');
  c.start = c.end - name.length;
  c.name = name;
}

/** The slug id a discovered name gets: "Javier Muñoz" → javier-munoz. */
export function slugOf(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * Finds the people, organisations and agreements of an article the gazetteer does not know:
 * compromise's person names (cleaned of titles and checked to look like a name) plus the
 * patterns' candidates. A candidate that is, or lies inside, a gazetteer name is not new; one
 * that only contains gazetteer names ("Malaysia-Kenya Digital Trade Council") is, and keeps them
 * as its own mentions (entities.ts). Countries come from the title's lead ("Ghana's", "Vietnamese")
 * or, for organisations, from the one country their name contains.
 */
export function discoverNames(sentences: readonly string[], matcher: EntityMatcher): Discovered[] {
  const found = new Map<string, Discovered>();
  for (const sentence of sentences) {
    const known = matcher.find(sentence);
    const candidates: Candidate[] = [...titledPeople(sentence), ...attributedPeople(sentence), ...definedAcronyms(sentence), ...headedNames(sentence)];
    for (const n of nlpNames(sentence)) {
      if (n.kind !== 'person') continue;
      const words = n.text.split(/\s+/u);
      while (words.length > 0 && TITLE_WORDS.has(words[0]!.replace(/\.$/u, ''))) words.shift();
      const name = words.join(' ');
      if (!WHOLE_NAME.test(name)) continue;
      const start = sentence.indexOf(name, n.start);
      if (start >= 0) candidates.push({ kind: 'person', name, start, end: start + name.length, rule: 'compromise person' });
    }
    for (const c of candidates) if (c.kind === 'person') stripTitle(c);
    const fromPatterns = candidates.filter((c) => c.rule !== 'compromise person');
    for (const c of candidates) {
      // The patterns know where a title ends; compromise's span may start inside one ("Relations Javier Muñoz").
      if (c.rule === 'compromise person' && fromPatterns.some((p) => p.kind === 'person' && p.start < c.end && p.end > c.start)) continue;
      for (const piece of c.kind === 'person' ? [c] : outsideKnown(c, sentence, known, matcher)) {
        if (known.some((k) => k.start <= piece.start && k.end >= piece.end)) continue;
        if (piece.kind === 'person' && !plausiblePerson(piece, sentence, known, matcher)) continue;
        if (piece.kind !== 'person' && isGeneric(piece.name, piece.acronym !== undefined)) continue;
        add(found, toEntity(piece, matcher), piece.rule, matcher);
      }
    }
  }
  return [...found.values()].sort((a, b) => a.entity.id.localeCompare(b.entity.id));
}

/**
 * An organisation or agreement candidate that runs over known names ("Kenya National Chamber of
 * Commerce and Industry and the National Chamber of Commerce of Malaysia") is cut at them; each
 * piece left over is a candidate only if it still ends in (or opens with) its kind's word.
 */
function outsideKnown(c: Candidate, sentence: string, known: ReturnType<EntityMatcher['find']>, matcher: EntityMatcher): Candidate[] {
  const inside = known.filter((k) => k.start >= c.start && k.end <= c.end && k.end - k.start < c.end - c.start);
  const blocking = inside.filter((k) => {
    // A hyphen joins a name into a compound ("Indonesia-EU Comprehensive … Agreement"): not a cut.
    if (sentence[k.end] === '-' || sentence[k.start - 1] === '-') return false;
    const kind = matcher.kindOf(k.entityId);
    return kind === 'organization' || kind === 'programme' || kind === 'person';
  });
  if (blocking.length === 0) return [c];
  const pieces: Candidate[] = [];
  let from = c.start;
  for (const k of [...blocking].sort((a, b) => a.start - b.start)) {
    pieces.push(...piece(c, sentence, from, k.start));
    from = Math.max(from, k.end);
  }
  pieces.push(...piece(c, sentence, from, c.end));
  return pieces;
}

function piece(c: Candidate, sentence: string, from: number, to: number): Candidate[] {
  const raw = sentence.slice(from, to);
  const m = /^(?:\s|and\b|of\b|for\b|the\b|&|,)*(.*?)(?:\s|and\b|of\b|for\b|the\b|&|,)*$/u.exec(raw);
  const text = m?.[1] ?? '';
  if (text.split(/\s+/u).length < 2) return [];
  const start = from + raw.indexOf(text);
  const again = headedNames(text).filter((h) => h.start === 0 && h.end === text.length);
  return again.length > 0 ? [{ ...c, kind: again[0]!.kind, name: text, start, end: start + text.length }] : [];
}

/** Generic instrument and body words ("Memorandum of Understanding", "Joint Committee") are not names. */
const GENERIC = new Set(
  'Memorandum Understanding Letter Intent Joint Statement Agreement Treaty Accord Pact Protocol Framework Programme Program Initiative Strategy Committee Council Commission Ministry Office Board Fund Plan Project Scheme Zone Facility Key New National Bilateral Trade Free Economic Comprehensive Partnership'.split(' '),
);
const CONNECTORS = new Set(['of', 'and', 'for', 'the', 'on', 'de', '&']);

/** Words that stay generic even when the text defines an acronym for them ("Memorandum of Understanding (MoU)"). */
const GENERIC_EVEN_DEFINED = new Set('Memorandum Understanding Letter Intent Joint Statement'.split(' '));

function isGeneric(name: string, defined: boolean): boolean {
  const generic = defined ? GENERIC_EVEN_DEFINED : GENERIC;
  return name.split(/\s+/u).every((w) => generic.has(w) || CONNECTORS.has(w));
}

function plausiblePerson(c: Candidate, sentence: string, known: ReturnType<EntityMatcher['find']>, matcher: EntityMatcher): boolean {
  // A run that contains a country, place or organisation ("Kenya Power", "Accra Mall") is not a person.
  if (known.some((k) => k.start < c.end && k.end > c.start && matcher.kindOf(k.entityId) !== 'person')) return false;
  if (known.some((k) => k.start < c.end && k.end > c.start)) return false;
  // compromise alone guesses names from capitalised words; sentence-initial runs need a pattern too.
  if (c.rule === 'compromise person' && c.start === 0) return false;
  return !/\b(?:Ministry|Council|Bank|Agreement|Authority|Centre|Center|Palace|Region|Street|University)\b/u.test(sentence.slice(c.start, c.end));
}

function toEntity(c: Candidate, matcher: EntityMatcher): Entity {
  const aliases = new Set<string>();
  if (c.acronym) aliases.add(c.acronym);
  if (c.kind === 'person') {
    // The surname a later sentence uses alone: the last word ("Asante"), and in a name of three
    // words also the middle one, since Spanish and Portuguese names put the surname used alone
    // first ("Rosa Quispe Huamán" → "Quispe"). A gazetteer name at the same place still wins.
    const words = c.name.split(/\s+/u);
    const surnames = words.length === 3 ? [words[1]!, words[2]!] : [words.at(-1)!];
    for (const w of surnames) if (w.length >= 4 && !/^[IVX]+$/u.test(w)) aliases.add(w);
    if (c.role) aliases.add(`${c.role} ${c.name}`);
  }
  const entity: Entity = { id: slugOf(c.name), kind: c.kind, name: c.name, aliases: [...aliases], discovered: true };
  if (c.role) entity.role = c.role;
  const country = countryOf(c, matcher);
  if (country) entity.country = country;
  return entity;
}

/** One country, from a title's lead ("Ghana's", "Vietnamese") or the name itself; none when it is unclear. */
function countryOf(c: Candidate, matcher: EntityMatcher): string | undefined {
  const source = c.kind === 'person' ? `${c.roleLead ?? ''} ${c.role ?? ''}` : c.name;
  const ids = [...new Set(matcher.find(source).map((m) => m.entityId).filter((id) => matcher.kindOf(id) === 'country'))];
  if (ids.length === 1) return ids[0];
  return undefined;
}

function add(found: Map<string, Discovered>, e: Entity, rule: string, matcher: EntityMatcher): void {
  if (e.id === '' || matcher.byId.has(e.id)) return;
  const prev = found.get(e.id);
  if (!prev) {
    found.set(e.id, { entity: e, rules: [rule] });
    return;
  }
  prev.entity.aliases = [...new Set([...prev.entity.aliases, ...e.aliases])];
  if (prev.entity.role === undefined && e.role !== undefined) prev.entity.role = e.role;
  if (prev.entity.country === undefined && e.country !== undefined) prev.entity.country = e.country;
  if (!prev.rules.includes(rule)) prev.rules.push(rule);
}
