import nlp from 'compromise';

/**
 * Person and organisation names as compromise tags them (its lexicon of given names and
 * organisation words, plus its tagger's guesses for capitalised words). Offsets are found back in
 * the sentence so a candidate can be compared with the patterns' and the gazetteer's spans.
 */
export function nlpNames(sentence: string): { kind: 'person' | 'organization'; text: string; start: number }[] {
  const doc = nlp(sentence);
  const out: { kind: 'person' | 'organization'; text: string; start: number }[] = [];
  const collect = (kind: 'person' | 'organization', texts: string[]): void => {
    let from = 0;
    for (const raw of texts) {
      const text = raw.replace(/^[“"'(]+|[”"'),.;:!?]+$/gu, '').replace(/['’]s$/u, '').trim();
      if (text === '') continue;
      const start = sentence.indexOf(text, from);
      if (start < 0) continue;
      from = start + text.length;
      out.push({ kind, text, start });
    }
  };
  collect('person', doc.people().out('array') as string[]);
  collect('organization', doc.organizations().out('array') as string[]);
  return out;
}

/** compromise's presumed gender for a person's name (from its lexicon of given names), if any. */
export function presumedGender(name: string): 'female' | 'male' | undefined {
  if (name === '') return undefined;
  const person = (nlp(name).people().json() as { person?: { presumed_gender?: string | null } }[])[0]?.person;
  const g = person?.presumed_gender;
  return g === 'female' || g === 'male' ? g : undefined;
}
