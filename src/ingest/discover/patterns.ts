/**
 * The text's own patterns for names the gazetteer does not know. Each returns candidates with the
 * rule that found them (shown by `ingest --explain`). Deliberately narrow: a name is only taken
 * where the sentence's shape says what it is (a title before it, "said" next to it, an acronym
 * defined after it, an organisation or agreement word at its end).
 */

export type CandidateKind = 'person' | 'organization' | 'programme';

export interface Candidate {
  kind: CandidateKind;
  name: string;
  /** Offsets of the name in the sentence. */
  start: number;
  end: number;
  rule: string;
  /** For people: the title or office the text gives them ("Minister for Trade and Industry"). */
  role?: string;
  /** The words just before the title ("Ghana's", "Vietnamese"): where the role's country is read from. */
  roleLead?: string;
  /** For organisations and programmes: an acronym the text defines for them. */
  acronym?: string;
}

const CAP = String.raw`\p{Lu}[\p{Ll}\p{M}]+(?:['’-]\p{Lu}?[\p{Ll}\p{M}]+)*`;
const PARTICLE = '(?:de|da|do|dos|del|van|von|der|bin|binti|al|el|la|le|di)';
/** A person's name: two to four capitalised words (with particles), or one and a regnal number. */
export const NAME = String.raw`${CAP}(?:\s+(?:${PARTICLE}\s+)?${CAP}){1,3}`;
const REGNAL = String.raw`${CAP}\s+[IVX]{1,4}\b`;

const TITLE_CORE =
  'Prime Minister|Vice President|Cabinet Secretary|Principal Secretary|Secretary of State|Secretary-General|Director-General|Director General|Managing Director|Chief Executive|Minister|Undersecretary|Under-Secretary|Secretary|President|Senator|Ambassador|High Commissioner|Commissioner|Governor|Mayor|Chancellor|Premier|Chairman|Chairwoman|Chairperson|Spokesperson|Spokesman|Spokeswoman|Envoy|Speaker|CEO|Dr\\.|Prof\\.|Professor';
const MONARCH = 'King|Queen|Prince|Princess|Crown Prince|Sheikh|Emir|Sultan';
/** Words of a ministry's or an office's remit, which stand between a title and a name. */
const REMIT =
  'Trade|Industry|Foreign|Affairs|Finance|Economy|Economic|Economics|Planning|Investment|Investments|Agriculture|Relations|International|Commerce|Energy|Mines|Mining|Health|Education|Defence|Defense|Interior|Transport|Information|Digital|Technology|Development|Tourism|Labour|Labor|Justice|Environment|Security|State|Works|Fisheries|Water|Culture|Treasury|Cooperation|Co-operation|Regional|Integration|Infrastructure|Communications|Science|Innovation|Home|Public|National|Industrial|External|Export|Exports|Petroleum|Fisheries|Livestock|Forestry|Tourism|Mineral|Minerals|Oil|Gas|Lands|Housing|Youth|Sports|Women|Social|Services|Budget|Revenue|Customs|Ports|Maritime|Aviation|Roads';
const QUALIFIER = `Deputy|Acting|Vice|Assistant|Senior|Chief|Principal|Permanent|First|Second|Former|European|${REMIT}`;

const TITLE = String.raw`(?<title>(?:(?:${QUALIFIER})\s+){0,3}(?:${TITLE_CORE})(?:\s+(?:for|of)\s+(?:the\s+)?(?:${REMIT})(?:\s+(?:and|&|of|for|the)?\s*(?:${REMIT}))*)?)`;
const TITLED_NAME = new RegExp(
  String.raw`(?<lead>(?:\p{Lu}[\p{L}]+(?:['’]s|an|ese|ian|ish|ic|i)\s+)?)${TITLE}\s+(?<name>${NAME})(?![\p{L}\p{N}])|(?<monarchTitle>${MONARCH})\s+(?<monarch>${REGNAL}|${NAME})(?![\p{L}\p{N}])`,
  'gu',
);

/**
 * The same with the title in lower case, as wires and most newspapers write it when a possessive
 * or a nationality leads ("Ghana's trade minister Kwame Asante", "French foreign minister Anne
 * Roux", "Peru's production minister Rosa Quispe"): up to three lower-case words of remit before
 * an office that is a person's title, never a bare remit word.
 */
const TITLE_CORE_LOWER =
  'prime minister|vice president|cabinet secretary|secretary of state|secretary-general|director-general|managing director|chief executive|minister|secretary|president|senator|ambassador|high commissioner|commissioner|governor|mayor|chancellor|premier|chairman|chairwoman|chairperson|spokesperson|spokesman|spokeswoman|envoy';
const TITLED_NAME_LOWER = new RegExp(
  String.raw`(?<![\p{L}])(?<lead>\p{Lu}[\p{L}]+(?:['’]s|an|ese|ian|ish|ic|i)\s+)(?<title>(?:[\p{Ll}-]+\s+){0,3}(?:${TITLE_CORE_LOWER}))\s+(?<name>${NAME})(?![\p{L}\p{N}])`,
  'gu',
);

const SAID_NAME = new RegExp(String.raw`\b(?:said|says|added|told)\s+(?<name>${NAME})(?![\p{L}\p{N}])(?!\s+\p{Lu})`, 'gu');
const NAME_SAID = new RegExp(String.raw`(?:^|[“"]\s*|,\s+)(?<name>${NAME})\s+(?:said|says|added|told|noted|stressed|warned)\b`, 'gu');
const APPOSITION = new RegExp(
  String.raw`(?<name>${NAME}),\s+(?:the|a|an)?\s*(?:\p{Lu}\p{L}+['’]s\s+)?(?<role>(?:[\p{Ll}-]+\s+){0,3}(?:minister|secretary|president|ambassador|director|chairman|chairperson|chief executive|spokesperson|spokesman|spokeswoman|governor|senator|commissioner|envoy|head|mayor|economist|analyst|professor)(?:\s+(?:of|for)\s+[\p{L} ]{2,40}?)?)(?=[,.;]|\s+(?:said|told|says)\b)`,
  'gu',
);

const ORG_HEAD =
  'Ministry|Authority|Council|Commission|Corporation|Bank|Agency|Association|Chamber|Institute|University|Board|Fund|Company|Group|Forum|Federation|Union|Committee|Office|Department|Centre|Center|Secretariat|Parliament|Assembly|Court|Bureau|Service|Foundation|Alliance|Organisation|Organization|Society|Exchange|Trust';
const PROGRAMME_HEAD = 'Agreement|Treaty|Accord|Pact|Protocol|Framework|Programme|Program|Initiative|Strategy|Corridor|Facility|Charter|Plan|Project|Scheme|Zone';
const CONNECT = '(?:of|and|for|the|on|de|&)';
const WORD = String.raw`(?:\p{Lu}[\p{L}\p{M}]*(?:[-'’]\p{Lu}?[\p{L}\p{M}]+)*|\p{Lu}{2,}(?:-\p{Lu}{2,})?)`;
/** A run of capitalised words, joined by the small words names use ("Ministry of Foreign Affairs of Chile"). */
const RUN = String.raw`${WORD}(?:\s+(?:${CONNECT}\s+)*${WORD})*`;
const HEADED = new RegExp(String.raw`(?<![\p{L}\p{N}])(?<name>${RUN})(?![\p{L}\p{N}])`, 'gu');
const ACRONYM = new RegExp(String.raw`(?<name>${RUN})\s+\((?<acr>\p{Lu}[\p{Lu}\p{Ll}&]{1,9})\)`, 'gu');

/** Words that open a sentence or a clause without being part of the name after them. */
const LEADING = new Set(
  'The A An In On At To For From And Or But Of By With As Both While After Before Since Until Under Over Officials Under This That These Those Its Their His Her Our'.split(' '),
);

const ORG_HEAD_RE = new RegExp(`^(?:${ORG_HEAD})$`, 'u');
const PROGRAMME_HEAD_RE = new RegExp(`^(?:${PROGRAMME_HEAD})$`, 'u');
const ORG_LEAD_RE = /^(?:Ministry|Department|Office|Bank|University|Institute|Council|Commission|Board|Chamber)$/u;

export function titledPeople(sentence: string): Candidate[] {
  const out: Candidate[] = [];
  for (const m of sentence.matchAll(TITLED_NAME)) {
    const g = m.groups!;
    const name = g['name'] ?? g['monarch']!;
    const start = m.index + m[0].length - name.length;
    const role = (g['title'] ?? g['monarchTitle'])!;
    const c: Candidate = { kind: 'person', name, start, end: start + name.length, rule: 'title + name', role };
    const lead = g['lead']?.trim();
    if (lead) c.roleLead = lead;
    out.push(c);
  }
  for (const m of sentence.matchAll(TITLED_NAME_LOWER)) {
    const g = m.groups!;
    const name = g['name']!;
    const start = m.index + m[0].length - name.length;
    if (out.some((c) => c.start === start)) continue;
    out.push({ kind: 'person', name, start, end: start + name.length, rule: 'title + name', role: g['title']!, roleLead: g['lead']!.trim() });
  }
  return out;
}

export function attributedPeople(sentence: string): Candidate[] {
  const out: Candidate[] = [];
  for (const re of [SAID_NAME, NAME_SAID]) {
    for (const m of sentence.matchAll(re)) {
      const name = m.groups!['name']!;
      const start = m.index + m[0].indexOf(name);
      out.push({ kind: 'person', name, start, end: start + name.length, rule: re === SAID_NAME ? '"said X"' : '"X said"' });
    }
  }
  for (const m of sentence.matchAll(APPOSITION)) {
    const name = m.groups!['name']!;
    out.push({ kind: 'person', name, start: m.index, end: m.index + name.length, rule: '"X, the minister of …"', role: m.groups!['role']!.trim() });
  }
  return out;
}

/** Do the acronym's letters stand, in order, among the initials of the name's words? */
function spells(acronym: string, name: string): boolean {
  const initials = name
    .split(/[\s-]+/u)
    .map((w) => w[0] ?? '')
    .join('')
    .toUpperCase();
  let i = 0;
  for (const ch of initials) if (ch === acronym[i]?.toUpperCase()) i++;
  return i === acronym.length;
}

/** "Regional Trade Facilitation Programme (RTFP)": the name is trimmed to start at the acronym's first letter. */
export function definedAcronyms(sentence: string): Candidate[] {
  const out: Candidate[] = [];
  for (const m of sentence.matchAll(ACRONYM)) {
    const acr = m.groups!['acr']!;
    const raw = m.groups!['name']!;
    const words = [...raw.matchAll(/\S+/gu)];
    const first = words.findIndex((w) => !LEADING.has(w[0]) && w[0][0] === acr[0]);
    const trimmed = first < 0 ? undefined : raw.slice(words[first]!.index);
    // The trimmed name must spell the acronym (RTFP in Regional Trade Facilitation Programme). One
    // that does not is an acronym of another language ("National Meat Institute (INAC)", from the
    // Spanish): the whole capitalised run is the name then, never the one word that starts with its letter.
    const name = trimmed !== undefined && spells(acr, trimmed) ? trimmed : words.length >= 2 ? raw : undefined;
    if (name === undefined) continue;
    const from = raw.length - name.length;
    const last = name.split(/\s+/u).at(-1)!;
    const start = m.index + from;
    out.push({ kind: PROGRAMME_HEAD_RE.test(last) ? 'programme' : 'organization', name, start, end: start + name.length, rule: 'acronym defined in parentheses', acronym: acr });
  }
  return out;
}

/** Capitalised runs that end in an organisation or agreement word, or open with "Ministry of …". */
export function headedNames(sentence: string): Candidate[] {
  const out: Candidate[] = [];
  for (const m of sentence.matchAll(HEADED)) {
    let words = [...m.groups!['name']!.matchAll(/\S+/gu)].map((w) => ({ text: w[0], at: m.index + w.index }));
    while (words.length > 0 && (LEADING.has(words[0]!.text) || /^(?:of|and|for|the|on|de|&|in)$/u.test(words[0]!.text))) words = words.slice(1);
    if (words.length < 2) continue;
    const last = words.at(-1)!.text;
    const first = words[0]!.text;
    // "Coordinating Ministry for Economic Affairs": an organisation word followed by its remit.
    const headAt = words.findIndex((w, i) => ORG_HEAD_RE.test(w.text) && /^(?:of|for)$/u.test(words[i + 1]?.text ?? ''));
    const kind: CandidateKind | undefined = PROGRAMME_HEAD_RE.test(last)
      ? 'programme'
      : ORG_HEAD_RE.test(last) || ORG_LEAD_RE.test(first) || headAt > 0
        ? 'organization'
        : undefined;
    if (kind === undefined) continue;
    const start = words[0]!.at;
    const end = words.at(-1)!.at + last.length;
    out.push({ kind, name: sentence.slice(start, end), start, end, rule: kind === 'programme' ? 'agreement word' : 'organisation word' });
  }
  return out;
}
