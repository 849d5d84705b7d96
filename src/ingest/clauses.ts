/**
 * The main clause of a sentence, for dating it: a date inside a relative clause ("Ruto, who took
 * office in September 2022, has promised…"), a reduced relative or participle phrase ("a
 * designation conferred by the US in June 2024", "the initiative, launched in 2013 to extend…")
 * says when something else happened, not when the sentence's own event did.
 */

export interface Span {
  start: number;
  end: number;
}

/** Past participles that do not end in -ed and commonly open a reduced relative clause. */
const IRREGULAR_PARTICIPLES =
  'begun|borne|brought|built|chosen|done|drawn|driven|given|grown|held|kept|known|laid|led|made|met|paid|run|seen|set|shown|signed|sold|spent|struck|taken|told|won|written';
const PARTICIPLE = `(?:\\p{L}+ed|${IRREGULAR_PARTICIPLES})`;

const RULES: readonly RegExp[] = [
  // ", who took office in September 2022," / ", which was signed in 2019" (to the next comma or the end).
  /,\s+(?:who|whom|whose|which|where|when)\b[^,;]*(?=[,;]|$|[.!?]["”’]?\s*$)/giu,
  // ", a designation conferred by the US in June 2024" — an appositive noun phrase with a participle.
  new RegExp(`,\\s+(?:a|an|the|its|their|his|her)\\s+(?:[\\p{L}-]+\\s+){0,3}?${PARTICIPLE}\\b[^,;]*`, 'giu'),
  // ", launched in 2013 to extend…" — a participle phrase straight after the comma.
  new RegExp(`,\\s+${PARTICIPLE}\\s+(?:in|on|by|since|during|at|from|after|before|last|earlier)\\b[^,;]*`, 'giu'),
  // "(signed in 2019)" — a bracketed aside.
  /\([^()]*\)/gu,
];

/** The spans of the sentence that lie outside its main clause. */
export function subordinateSpans(sentence: string): Span[] {
  const spans: Span[] = [];
  for (const rule of RULES) {
    for (const m of sentence.matchAll(rule)) spans.push({ start: m.index, end: m.index + m[0].length });
  }
  return spans.sort((a, b) => a.start - b.start);
}

/** The sentence with its subordinate spans blanked (same length, so offsets still line up). */
export function mainClauseOf(sentence: string): string {
  let out = sentence;
  for (const s of subordinateSpans(sentence)) out = out.slice(0, s.start) + ' '.repeat(s.end - s.start) + out.slice(s.end);
  return out;
}
