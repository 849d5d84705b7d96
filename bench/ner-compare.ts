/**
 * `npm run bench:ner`: precision and recall of person and organisation detection on the d1 fixture
 * articles (hand-annotated in tests/fixtures/ner-gold.json), for compromise alone, wink-nlp alone
 * (its light English model has no person/organisation entities, so its proper-noun runs are the
 * candidates), and briefbot's discovery (compromise + the text's patterns). Names the gazetteer
 * already knows are left out of every system's output and of the gold list.
 */
import { readFileSync } from 'node:fs';
import nlp from 'compromise';
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { readArticles } from '../src/ingest/article.js';
import { loadGazetteer } from '../src/ingest/data-files.js';
import { discoverNames } from '../src/ingest/discover/discover.js';
import { EntityMatcher } from '../src/ingest/entities.js';
import { paragraphsOf } from '../src/ingest/paragraphs.js';
import { sentencesOf } from '../src/ingest/sentences.js';

type Kind = 'person' | 'organization';
const gold = JSON.parse(readFileSync('tests/fixtures/ner-gold.json', 'utf8')) as Record<string, Record<Kind, string[]> | string>;
const matcher = new EntityMatcher(loadGazetteer('data'));
const wink = winkNLP(model);
const clean = (s: string): string => s.replace(/^[“"'(]+|[”"'),.;:!?]+$/gu, '').replace(/['’]s$/u, '').trim();
const known = (s: string): boolean => matcher.find(s).some((m) => m.start === 0 && m.end === s.length);

function compromiseNames(sentences: string[]): Record<Kind, Set<string>> {
  const out = { person: new Set<string>(), organization: new Set<string>() };
  for (const s of sentences) {
    const doc = nlp(s);
    for (const p of doc.people().out('array') as string[]) out.person.add(clean(p));
    for (const o of doc.organizations().out('array') as string[]) out.organization.add(clean(o));
  }
  return out;
}

function winkNames(sentences: string[]): Set<string> {
  const out = new Set<string>();
  for (const s of sentences) {
    const doc = wink.readDoc(s);
    const tokens = doc.tokens().out() as string[];
    const pos = doc.tokens().out(wink.its.pos) as string[];
    let run: string[] = [];
    const flush = (): void => {
      if (run.length > 0) out.add(clean(run.join(' ').replace(/ - /g, '-')));
      run = [];
    };
    tokens.forEach((t, i) => (pos[i] === 'PROPN' || (run.length > 0 && (t === '-' || t === 'of'))) ? run.push(t) : flush());
    flush();
  }
  return out;
}

function score(found: Set<string>, truth: Set<string>): { tp: number; fp: number; fn: number } {
  const f = [...found].filter((x) => x !== '' && !known(x));
  const tp = f.filter((x) => truth.has(x)).length;
  return { tp, fp: f.length - tp, fn: [...truth].filter((x) => !found.has(x)).length };
}

const totals: Record<string, { tp: number; fp: number; fn: number }> = {};
const add = (key: string, s: { tp: number; fp: number; fn: number }): void => {
  const t = (totals[key] ??= { tp: 0, fp: 0, fn: 0 });
  t.tp += s.tp;
  t.fp += s.fp;
  t.fn += s.fn;
};
const dir = 'tests/fixtures';
for (const a of readArticles(dir)) {
  const g = gold[a.meta.id];
  if (g === undefined || typeof g === 'string') continue;
  const { paragraphs } = paragraphsOf(a.body, a.meta.title, matcher);
  const sentences = [a.meta.title, ...paragraphs.flatMap((p) => sentencesOf(p).map((s) => s.text))];
  const truth = { person: new Set(g.person), organization: new Set(g.organization) };
  const c = compromiseNames(sentences);
  add('compromise person', score(c.person, truth.person));
  add('compromise organization', score(c.organization, truth.organization));
  const w = winkNames(sentences);
  add('wink-nlp proper-noun runs (person + organization)', score(w, new Set([...truth.person, ...truth.organization])));
  const ours = discoverNames(sentences, matcher);
  add('briefbot person', score(new Set(ours.filter((d) => d.entity.kind === 'person').map((d) => d.entity.name)), truth.person));
  add('briefbot organization/programme', score(new Set(ours.filter((d) => d.entity.kind !== 'person').map((d) => d.entity.name)), truth.organization));
}
const rows = Object.entries(totals).map(([k, t]) => {
  const p = t.tp + t.fp === 0 ? 0 : t.tp / (t.tp + t.fp);
  const r = t.tp + t.fn === 0 ? 0 : t.tp / (t.tp + t.fn);
  return `| ${k} | ${p.toFixed(2)} | ${r.toFixed(2)} | ${t.tp} | ${t.fp} | ${t.fn} |`;
});
process.stdout.write(['| system | precision | recall | tp | fp | fn |', '|---|---|---|---|---|---|', ...rows, ''].join('\n'));
