import type { EntityMention } from './entities.js';
import { lastPersonFor, roleRule } from './context/rules.js';
import type { ArticleState } from './context/state.js';

/** Who a quote is credited to, and how the attribution was read (for `ingest --explain`). */
export interface Speaker {
  id: string;
  how: string;
  /** The words that name or refer to the speaker outside the quote. */
  phrase: string;
  /** True when the phrase names the speaker (a mention); false for "he", "the minister", "the statement". */
  named: boolean;
}

const QUOTE = /[“"]([^”"]{12,})[”"]/gu;
const VERB = '(?:said|says|added|told|noted|stated|explained|remarked|emphasi[sz]ed|argued|declared|insisted|warned|stressed|observed|wrote|recalled|continued|concluded)';
const AFTER_VERB_FIRST = new RegExp(String.raw`^\s*[,.]?\s*[—–-]?\s*${VERB}\s+(?<subj>.{2,120}?)(?=\s*(?:[,.;:]|$|\s+(?:on|in|at|after|before|during|adding|according|as|while|when|who|to|of)\b))`, 'u');
const AFTER_SUBJ_FIRST = new RegExp(String.raw`^\s*[,.]?\s*[—–-]?\s*(?<subj>[^,;“”"]{2,120}?)(?:,[^,“”"]{3,80},)?\s+(?:${VERB}|(?:was|were) quoted)\b`, 'u');
const AFTER_VERB = new RegExp(String.raw`^\s*[,.]?\s*[—–-]?\s*${VERB}\s+`, 'u');
/** Words that may stand between "said" and the speaker's name: titles and offices, not a clause. */
const TITLE_GAP = /^(?:[\p{Lu}\p{N}][\p{L}\p{N}'’.&-]*|of|for|and|the|a|an|its|[\p{Ll}]+(?:minister|secretary|president|ambassador|director|chairman|spokesperson|spokesman|spokeswoman|governor|senator|commissioner|envoy|chief|executive|officer|head|deputy|trade|foreign)|,)$/u;
const BEFORE = new RegExp(String.raw`(?<subj>[^,;.“”"]{2,120}?)(?:,[^,“”"]{3,80},)?\s+(?:${VERB}(?:\s+(?:reporters|journalists|the \w+|an? \w+|us|him|her|them|parliament|lawmakers))?(?:\s+(?:in|at|on|during) [^,:“”"]{2,60})?|(?:was|were) quoted as saying|(?:described|called|highlighted|termed|characteri[sz]ed|dubbed) [^“”"]{2,60} as(?: [^“”",.]{0,30})?|(?:put|summed) it)\s*[,:]?\s*$`, 'u');
const ACCORDING = /^\s*[,.]?\s*according to\s+(?<subj>[^,.;]{2,100})/u;
const STATEMENT = /^(?:the|a|its|their)\s+(?:joint\s+)?(?:statement|communiqu[eé]|release|press release|readout|ministry|office|presidency|government)$|^it$/iu;

/**
 * The speaker of a quotation, read only from the quote's own attribution: the words right after
 * the closing mark (`"…," said X`, `"…," X said`, `"…," he said`, `"…", the statement said`,
 * `according to X`) or right before the opening one (`X said, "…"`, `X told reporters: "…"`,
 * `the Chinese president was quoted as saying "…"`, `X described the pact as "…"`). A person the
 * sentence merely mentions elsewhere is never the speaker. A sentence that is nothing but a
 * quotation continues the previous quote's speaker (a speech running over several sentences or
 * paragraphs).
 */
export function speakerOf(
  sentence: string,
  mentions: readonly EntityMention[],
  st: ArticleState,
  previous: Speaker | undefined,
): Speaker | undefined {
  const quotes = [...sentence.matchAll(QUOTE)];
  if (quotes.length === 0) return undefined;
  if (previous !== undefined && /^[“"][^”"]+[”"]?$/u.test(sentence.trim())) return { ...previous, how: 'continues the previous quote', named: false };
  for (const q of quotes) {
    const open = q.index;
    const close = q.index + q[0].length;
    const after = sentence.slice(close);
    const before = sentence.slice(0, open);
    const direct = namedAfterVerb(after, close, mentions, st);
    if (direct) return direct;
    for (const [re, text, base] of [
      [AFTER_VERB_FIRST, after, close],
      [AFTER_SUBJ_FIRST, after, close],
      [ACCORDING, after, close],
      [BEFORE, before, 0],
    ] as const) {
      const m = re.exec(text);
      if (!m) continue;
      const subj = m.groups!['subj']!;
      const at = base + m.index + m[0].indexOf(subj);
      const found = subjectOf(subj.trim(), at + (subj.length - subj.trimStart().length), mentions, st);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * `"…," said Kenya's Cabinet Secretary for ICT, Eliud Owalo` and `said Ts. Mahadhir Aziz, CEO of
 * MDEC`: the first person named after the verb, with only titles and offices between.
 */
function namedAfterVerb(after: string, base: number, mentions: readonly EntityMention[], st: ArticleState): Speaker | undefined {
  const verb = AFTER_VERB.exec(after);
  if (!verb) return undefined;
  const from = base + verb[0].length;
  const person = mentions.find((m) => m.start >= from && st.names.kindOf(m.entityId) === 'person');
  if (!person || person.start - from > 90) return undefined;
  const gap = after.slice(verb[0].length, person.start - base);
  if (/[“”"]/u.test(gap)) return undefined;
  const words = gap.replace(/,/gu, ' , ').split(/\s+/u).filter(Boolean);
  if (!words.every((w) => TITLE_GAP.test(w))) return undefined;
  return { id: person.entityId, how: 'named right after the speech verb', phrase: person.alias, named: true };
}

/** The entity a subject phrase names or refers to; only a phrase that is the whole subject counts. */
function subjectOf(subj: string, at: number, mentions: readonly EntityMention[], st: ArticleState): Speaker | undefined {
  const end = at + subj.length;
  // A name that ends the subject ("Ghana's trade minister Kwame Asante") or is all of it.
  const inSubject = mentions.filter((m) => m.start >= at && m.end <= end);
  const person = inSubject.filter((m) => st.names.kindOf(m.entityId) === 'person').at(-1);
  if (person && end - person.end <= 1) return { id: person.entityId, how: 'named next to the speech verb', phrase: person.alias, named: true };
  const org = inSubject.filter((m) => st.names.kindOf(m.entityId) === 'organization').at(-1);
  if (org && end - org.end <= 1 && org.start - at <= 4) return { id: org.entityId, how: 'named next to the speech verb', phrase: org.alias, named: true };
  if (/^(?:he|she)$/iu.test(subj)) {
    const id = lastPersonFor(subj, st);
    return id === undefined ? undefined : { id, how: `"${subj}" → the last person named`, phrase: subj, named: false };
  }
  if (STATEMENT.test(subj)) {
    return st.statementAuthor === undefined ? undefined : { id: st.statementAuthor, how: `"${subj}" → the statement's author`, phrase: subj, named: false };
  }
  const role = roleRule(subj, [], st)[0];
  if (role && role.start === 0 && role.phrase.length >= subj.length - 1) return { id: role.ids[0]!, how: role.reason, phrase: subj, named: false };
  return undefined;
}

/** "X said in a statement", "a statement from X", "X's statement": who the next "the statement said" means. */
export function statementAuthorIn(sentence: string, mentions: readonly EntityMention[], st: ArticleState): string | undefined {
  if (!/\b(?:statement|communiqu[eé]|press release)\b/iu.test(sentence)) return undefined;
  // A joint statement has several authors: no one of them is "the statement".
  if (/\bjoint\b/iu.test(sentence)) return undefined;
  const bodies = mentions.filter((m) => {
    const k = st.names.kindOf(m.entityId);
    return k === 'organization' || k === 'person';
  });
  return bodies[0]?.entityId;
}
