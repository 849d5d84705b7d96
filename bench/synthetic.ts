import type { Entity, Fact, FactBaseData, Topic } from '../src/factbase/schema.js';
import { FACTBASE_FORMAT_VERSION } from '../src/factbase/schema.js';
import { STOP_WORDS } from '../src/search/text.js';

/**
 * A synthetic fact base shaped like the real one (the same Fact objects the product loads),
 * at any size: a pseudo-English vocabulary drawn with a Zipf distribution, stop words at news
 * rates, facts of 15–40 words naming 1–3 gazetteer entities (a few of them very common, as
 * "Kenya" is in the seeds), and planted target facts with the queries meant to find them.
 */
export interface PlantedQuery {
  factId: string;
  plain: string;
  typo: string;
}

export interface Synthetic {
  data: FactBaseData;
  queries: PlantedQuery[];
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ONSETS = ['b', 'c', 'd', 'f', 'g', 'h', 'j', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'w', 'br', 'cr', 'dr', 'gr', 'pr', 'tr', 'st', 'sp', 'ch', 'sh', 'th', 'pl', 'cl', 'fl', 'bl'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ea', 'ou', 'ai', 'io', 'y'];
const CODAS = ['', '', '', 'n', 'r', 's', 't', 'l', 'm', 'nd', 'st', 'rt', 'ng', 'ct', 'x'];
const NEWS_STOP = ['the', 'of', 'and', 'to', 'in', 'a', 'on', 'for', 'said', 'with', 'by', 'its', 'at', 'from', 'as', 'that', 'will', 'has', 'was', 'be'];

function pseudoWord(rand: () => number, syllables: number): string {
  let w = '';
  for (let s = 0; s < syllables; s++) {
    w += pick(rand, ONSETS) + pick(rand, VOWELS) + (s === syllables - 1 || rand() < 0.3 ? pick(rand, CODAS) : '');
  }
  return w;
}

function pick<T>(rand: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rand() * xs.length)]!;
}

function capitalize(w: string): string {
  return w.charAt(0).toUpperCase() + w.slice(1);
}

/** Cumulative Zipf weights 1/(rank + q)^s over n items; sample by binary search. */
function zipfSampler(rand: () => number, n: number, s = 1.0, q = 2.7): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let r = 0; r < n; r++) cdf[r] = sum += 1 / (r + 1 + q) ** s;
  return () => {
    const x = rand() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** 1–2 random edits (substitute, delete, insert, swap neighbours); short words get one. */
export function typo(rand: () => number, word: string): string {
  if (word.length < 4) return word;
  const edits = word.length <= 5 ? 1 : 1 + Math.floor(rand() * 2);
  for (let attempt = 0; attempt < 20; attempt++) {
    let w = word;
    for (let e = 0; e < edits; e++) {
      const i = Math.floor(rand() * w.length);
      const letter = String.fromCharCode(97 + Math.floor(rand() * 26));
      switch (Math.floor(rand() * 4)) {
        case 0:
          w = w.slice(0, i) + letter + w.slice(i + 1);
          break;
        case 1:
          if (w.length > 3) w = w.slice(0, i) + w.slice(i + 1);
          break;
        case 2:
          w = w.slice(0, i) + letter + w.slice(i);
          break;
        default:
          if (i + 1 < w.length) w = w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
      }
    }
    if (w.toLowerCase() !== word.toLowerCase()) return w;
  }
  return word.slice(1);
}

interface GazetteerEntry {
  entity: Entity;
  /** How a fact's text names it. */
  mention: string;
  /** How a user might type it: the name or one of the aliases. */
  queryForms: string[];
}

export function generate(size: number, plantedCount: number, seed = 42): Synthetic {
  const rand = mulberry32(seed);

  const vocabSize = 40_000;
  const used = new Set<string>([...STOP_WORDS]);
  const vocab: string[] = [];
  while (vocab.length < vocabSize) {
    const w = pseudoWord(rand, 1 + Math.floor(rand() * 3) + (rand() < 0.3 ? 1 : 0));
    if (w.length < 3 || used.has(w)) continue;
    used.add(w);
    vocab.push(w);
  }
  const nextWord = zipfSampler(rand, vocabSize, 1.0);

  const gazetteer: GazetteerEntry[] = [];
  const name = (): string => {
    for (;;) {
      const w = capitalize(pseudoWord(rand, 2 + Math.floor(rand() * 2)));
      if (!used.has(w.toLowerCase())) {
        used.add(w.toLowerCase());
        return w;
      }
    }
  };
  const codes = new Set<string>();
  for (let i = 0; i < 150; i++) {
    const n = name();
    let code = n.slice(0, 3).toUpperCase();
    while (codes.has(code)) code = Array.from({ length: 3 }, () => String.fromCharCode(65 + Math.floor(rand() * 26))).join('');
    codes.add(code);
    const demonym = `${n}ian`;
    gazetteer.push({
      entity: { id: code, kind: 'country', name: n, aliases: [demonym] },
      mention: rand() < 0.7 ? n : demonym,
      queryForms: [n, n, demonym],
    });
  }
  for (let i = 0; i < 1500; i++) {
    const first = name();
    const last = name();
    const title = pick(rand, ['President', 'Minister', 'Governor', 'Ambassador']);
    gazetteer.push({
      entity: { id: `${first}-${last}-${i}`.toLowerCase(), kind: 'person', name: `${first} ${last}`, aliases: [last, `${title} ${last}`] },
      mention: `${title} ${first} ${last}`,
      queryForms: [`${first} ${last}`, last, `${title} ${last}`],
    });
  }
  const acronyms = new Set<string>();
  for (let i = 0; i < 300; i++) {
    const words = [name(), name(), pick(rand, ['Authority', 'Council', 'Bank', 'Agency', 'Corporation'])];
    let acronym = words.map((w) => w[0]).join('');
    while (acronyms.has(acronym) || used.has(acronym.toLowerCase())) acronym += String.fromCharCode(65 + Math.floor(rand() * 26));
    acronyms.add(acronym);
    gazetteer.push({
      entity: { id: `org-${i}`, kind: 'organization', name: words.join(' '), aliases: [acronym] },
      mention: words.join(' '),
      queryForms: [words.join(' '), acronym],
    });
  }
  // A few entities are in a large share of facts, as Kenya is in the seeds: the hard case for an index.
  const commonShare = [0.25, 0.12, 0.08];
  const nextEntity = zipfSampler(rand, gazetteer.length, 1.1, 10);
  const entitiesOf = (): number[] => {
    const picked = new Set<number>();
    commonShare.forEach((share, i) => {
      if (rand() < share) picked.add(i);
    });
    const extra = 1 + Math.floor(rand() * 2);
    while (picked.size < extra) picked.add(nextEntity());
    return [...picked].slice(0, 3);
  };

  const topics: Topic[] = Array.from({ length: 24 }, (_, i) => {
    const label = capitalize(vocab[50 + i * 7]!);
    return { id: `topic-${i}`, label, keywords: [], phrases: [] };
  });
  const publishers = Array.from({ length: 40 }, () => `The ${name()} ${pick(rand, ['Times', 'Post', 'Herald', 'Wire', 'Daily'])}`);
  const articleCount = Math.max(10, Math.ceil(size / 20));
  const articles = Array.from({ length: articleCount }, (_, i) => ({
    id: `article-${i}`,
    title: `Synthetic article ${i}`,
    publisher: publishers[i % publishers.length]!,
    publisherKind: 'news' as const,
    published: dayString(rand),
    url: `https://news.example/${i}`,
    language: 'en',
  }));

  const plantedEvery = Math.max(1, Math.floor(size / plantedCount));
  const queries: PlantedQuery[] = [];
  const facts: Fact[] = new Array(size);
  for (let i = 0; i < size; i++) {
    const ents = entitiesOf();
    const length = 15 + Math.floor(rand() * 26);
    const words: string[] = [];
    for (let k = 0; k < length; k++) {
      if (rand() < 0.38) words.push(pick(rand, NEWS_STOP));
      else words.push(vocab[nextWord()]!);
    }
    const id = `f_${i.toString(16).padStart(12, '0')}`;
    if (i % plantedEvery === 0 && queries.length < plantedCount) {
      // A target: one entity and three mid-frequency words a user would remember.
      ents.splice(0, ents.length, nextEntity());
      const targets = new Set<string>();
      while (targets.size < 3) {
        const w = vocab[200 + Math.floor(rand() * 15_000)]!;
        if (w.length >= 5) targets.add(w);
      }
      for (const w of targets) words.splice(Math.floor(rand() * words.length), 0, w);
      const g = gazetteer[ents[0]!]!;
      const form = pick(rand, g.queryForms);
      const plain = [form, ...targets].join(' ');
      const typoed = [form.split(' ').map((w) => typo(rand, w)).join(' '), ...[...targets].map((w) => typo(rand, w))].join(' ');
      queries.push({ factId: id, plain, typo: typoed });
    }
    for (const e of ents) words.splice(Math.floor(rand() * words.length), 0, gazetteer[e]!.mention);
    const text = capitalize(words.join(' ')) + '.';
    const date = dayString(rand);
    const citationCount = rand() < 0.8 ? 1 : rand() < 0.75 ? 2 : 3;
    const citations: Fact['citations'] = [];
    for (let c = 0; c < citationCount; c++) {
      const article = articles[Math.floor(rand() * articles.length)]!;
      citations.push({ articleId: article.id, quote: text, start: 0, end: text.length, url: article.url });
    }
    facts[i] = {
      id,
      text,
      entities: ents.map((e) => gazetteer[e]!.entity.id),
      topics: rand() < 0.5 ? [topics[Math.floor(rand() * topics.length)]!.id] : [topics[Math.floor(rand() * 6)]!.id, topics[6 + Math.floor(rand() * 18)]!.id],
      date: { value: date, precision: 'day', kind: 'event', approximate: false },
      context: [],
      amounts: [],
      firstSeen: `${date}T06:00:00.000Z`,
      citations,
      related: [],
      caveats: [],
    };
  }
  return {
    data: {
      formatVersion: FACTBASE_FORMAT_VERSION,
      articles,
      entities: gazetteer.map((g) => g.entity),
      topics,
      facts,
    },
    queries,
  };
}

function dayString(rand: () => number): string {
  const d = new Date(Date.UTC(2023, 0, 1) + Math.floor(rand() * 1095) * 86_400_000);
  return d.toISOString().slice(0, 10);
}
