import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../logger.js';
import type { Dateline, Entity, Fact, FactBaseData } from '../factbase/schema.js';
import { readArticle } from './article.js';

type ArticleRecord = FactBaseData['articles'][number];
import {
  assembleFactBase,
  draftsOf,
  explainMerged,
  mergeDiscovered,
  mergeDrafts,
  toCandidate,
  type BuildReport,
  type Draft,
  type FactExplanation,
} from './build.js';
import { compareIncrementally, type IncrementalItem } from './corroborate-incremental.js';
import { loadGazetteer, loadRates, loadTopics } from './data-files.js';
import { EntityMatcher } from './entities.js';
import { ingestReads } from './languages.js';
import type { DroppedLine } from './paragraphs.js';
import { relatedLinks } from './related.js';
import { loadSynonyms } from './synonyms.js';
import { TopicTagger } from './topics.js';

export interface IngestArticlesOptions {
  dataDir: string;
  /** The fact base now serving: its facts keep their ids and firstSeen. */
  previous: FactBaseData;
  /** Ids of articles under `<dataDir>/articles/` that are new or changed since `previous`. */
  articleIds: readonly string[];
  /** When the new facts arrived (their firstSeen). */
  now: Date;
  logger: Logger;
}

/**
 * Brings `previous` up to date with new or changed articles without rebuilding the world: only
 * those articles are read and drafted; every other article's facts are taken from `previous` as
 * they are (ids, firstSeen, links); the new drafts are corroborated against the facts already
 * there (compareIncrementally) and merged into them as further citations or become new facts
 * (firstSeen `now`). A changed article's facts that it no longer states are dropped. Articles on
 * disk that `previous` does not list are ingested too, and ones it lists that are gone are removed,
 * so a fact base that fell behind catches up.
 *
 * Where this differs from a full build of the same articles (tests/ingest/incremental.test.ts
 * tests the bounds): rarity counts each old citation's quote (its fact's text for the first)
 * with its fact's entities, not the draft it came from; a pair of two old facts is not judged
 * again, so a new article never merges two old facts nor adds or removes a link between them.
 */
export function ingestArticles(opts: IngestArticlesOptions): BuildReport {
  const { previous } = opts;
  const gazetteer = loadGazetteer(opts.dataDir);
  const topics = loadTopics(opts.dataDir);
  const rates = loadRates(opts.dataDir);
  const synonyms = loadSynonyms(opts.dataDir);
  const matcher = new EntityMatcher(gazetteer);
  const tagger = new TopicTagger(topics);

  const onDisk = articleIdsOnDisk(opts.dataDir);
  const known = new Set(previous.articles.map((a) => a.id));
  const touched = new Set([...opts.articleIds.filter((id) => onDisk.has(id)), ...[...onDisk].filter((id) => !known.has(id))]);
  // Articles whose old facts no longer hold: changed ones and ones deleted from disk.
  const retired = new Set([...touched, ...[...known].filter((id) => !onDisk.has(id))]);

  const started = performance.now();
  const drafts: Draft[] = [];
  const dropped: BuildReport['dropped'] = [];
  const discovered = new Map<string, Entity>();
  const discoveredReport: BuildReport['discovered'] = [];
  const metas = new Map<string, ArticleRecord>();
  for (const id of [...touched].sort(byFileName)) {
    const article = readArticle(join(opts.dataDir, 'articles', `${id}.md`));
    let dateline: Dateline | undefined;
    if (ingestReads(article.meta.language)) {
      const out = draftsOf(article, matcher, gazetteer, tagger, rates);
      drafts.push(...out.drafts);
      dropped.push(...out.dropped.map((d: DroppedLine) => ({ articleId: id, ...d })));
      for (const d of out.discovered) {
        discoveredReport.push({ id: d.entity.id, name: d.entity.name, kind: d.entity.kind, articleId: id, rules: d.rules });
        discovered.set(d.entity.id, mergeDiscovered(discovered.get(d.entity.id), d.entity));
      }
      dateline = out.dateline;
    }
    metas.set(id, dateline ? { ...article.meta, dateline } : article.meta);
  }
  for (const a of previous.articles) if (!retired.has(a.id)) metas.set(a.id, a);

  const gazetteerIds = new Set(gazetteer.entities.map((e) => e.id));
  const previousDiscovered = previous.entities.filter((e) => !gazetteerIds.has(e.id));
  const oldFacts = previous.facts.flatMap((f) => withoutRetired(f, retired));
  const entityById = new Map([...gazetteer.entities, ...previousDiscovered].map((e) => [e.id, e]));
  const items: (IncrementalItem & { key: string; start: number; draft?: number })[] = [];
  oldFacts.forEach((f, k) => {
    f.citations.forEach((c, n) => {
      const text = n === 0 ? f.text : c.quote;
      items.push({
        candidate: {
          articleId: c.articleId,
          text: blankNamesOf(text, f, entityById),
          entities: [...f.entities, ...f.context.map((x) => x.id)],
          money: f.amounts.filter((a) => a.kind === 'currency').map((a) => `${a.unit}:${a.value}`),
        },
        fact: k,
        key: `${c.articleId}.md`,
        start: c.start,
      });
    });
  });
  drafts.forEach((d, i) => items.push({ candidate: toCandidate(d), draft: i, key: `${d.citation.articleId}.md`, start: d.citation.start }));
  // The full build's draft order, so ties break and links read as they would there.
  items.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.start - b.start));
  const drafted = performance.now();
  const { groupOf, related, judged } = compareIncrementally(items, { synonyms });
  const compared = performance.now();

  const previousIds = new Map(previous.facts.map((f) => [f.id, f]));
  const firstSeen = opts.now.toISOString();
  const groups = new Map<number, number[]>();
  items.forEach((_, i) => push(groups, groupOf[i]!, i));
  const factOfItem = new Map<number, Fact>();
  const facts: Fact[] = [];
  const explained = new Map<string, FactExplanation>();
  for (const group of groups.values()) {
    const fresh = group.filter((i) => items[i]!.draft !== undefined).map((i) => drafts[items[i]!.draft!]!);
    const oldIndex = group.map((i) => items[i]!.fact).find((k) => k !== undefined);
    const old = oldIndex === undefined ? undefined : oldFacts[oldIndex]!;
    let fact: Fact;
    if (fresh.length === 0) fact = old!;
    else {
      const members = old ? [...pseudoDrafts(old, metas), ...fresh] : fresh;
      fact = mergeDrafts(members, previousIds, firstSeen);
      if (old) {
        // An old fact keeps its id, firstSeen and links (new links are added below), whatever a new member's id was.
        fact.id = old.id;
        fact.firstSeen = old.firstSeen;
        fact.related = old.related;
      }
      explained.set(fact.id, explainMerged(fresh));
    }
    facts.push(fact);
    for (const i of group) factOfItem.set(i, fact);
  }

  const links = relatedLinks(related, (i) => {
    const it = items[i]!;
    const fact = factOfItem.get(i)!;
    if (it.draft !== undefined) return { factId: fact.id, publisher: drafts[it.draft]!.publisher, text: drafts[it.draft]!.text };
    return { factId: fact.id, publisher: metas.get(it.candidate.articleId)?.publisher ?? '', text: it.candidate.text };
  });
  const alive = new Set(facts.map((f) => f.id));
  for (const f of facts) {
    const merged = new Map(f.related.filter((r) => alive.has(r.factId) && r.factId !== f.id).map((r) => [r.factId, r]));
    for (const r of links.get(f.id) ?? []) if (!merged.has(r.factId)) merged.set(r.factId, r);
    f.related = [...merged.values()].sort((a, b) => a.factId.localeCompare(b.factId));
  }
  const allDiscovered = new Map(previousDiscovered.map((e) => [e.id, e]));
  for (const e of discovered.values()) allDiscovered.set(e.id, mergeDiscovered(allDiscovered.get(e.id), e));
  const assembled = assembleFactBase({ articles: [...metas.values()], facts, known: gazetteer.entities, discovered: allDiscovered.values(), topics });
  const { corroborated, linked } = assembled;
  opts.logger.info(
    {
      articles: touched.size,
      retired: retired.size,
      drafts: drafts.length,
      facts: facts.length,
      pairsJudged: judged,
      corroborated,
      linked,
      draftMs: Math.round(drafted - started),
      compareMs: Math.round(compared - drafted),
    },
    'fact base updated incrementally',
  );
  return { ...assembled, dropped, explained, discovered: discoveredReport };
}

function articleIdsOnDisk(dataDir: string): Set<string> {
  const dir = join(dataDir, 'articles');
  if (!existsSync(dir)) return new Set();
  return new Set(
    readdirSync(dir)
      .filter((f) => f.endsWith('.md'))
      .map((f) => f.slice(0, -'.md'.length)),
  );
}

/** readArticles' order: by file name, which is not always the id's order ("a-b.md" < "a.md"). */
function byFileName(a: string, b: string): number {
  const x = `${a}.md`;
  const y = `${b}.md`;
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * An old fact without the citations of retired articles, or nothing when none is left. When the
 * lead citation goes, the next one's words become the fact's text (its other fields were the
 * union over its reports and stay: the bound the tests state).
 */
function withoutRetired(f: Fact, retired: ReadonlySet<string>): Fact[] {
  if (!f.citations.some((c) => retired.has(c.articleId))) return [{ ...f }];
  const citations = f.citations.filter((c) => !retired.has(c.articleId));
  if (citations.length === 0) return [];
  const text = retired.has(f.citations[0]!.articleId) ? citations[0]!.quote : f.text;
  return [{ ...f, text, citations }];
}

/**
 * An old fact as drafts for mergeDrafts: its first citation carries the fact's text and fields,
 * the others only their citation and date of publication, so a new report published earlier
 * leads (as in a full build) and the unions come out the same.
 */
function pseudoDrafts(f: Fact, metas: ReadonlyMap<string, ArticleRecord>): Draft[] {
  return f.citations.map((c, n) => {
    const meta = metas.get(c.articleId);
    const base = {
      id: f.id,
      citation: c,
      published: meta?.published ?? '',
      publisher: meta?.publisher ?? '',
      claimText: '',
      explanation: { entities: [] },
    };
    if (n > 0) return { ...base, text: c.quote, entities: [], topics: [], date: { kind: 'published', value: base.published } as Fact['date'], amounts: [], context: [], caveats: [] };
    const lead: Draft = { ...base, text: f.text, entities: f.entities, topics: f.topics, date: f.date, amounts: f.amounts, context: f.context, caveats: f.caveats };
    if (f.speaker !== undefined) lead.speaker = f.speaker;
    return lead;
  });
}

/**
 * An old sentence with the names of its fact's entities, context and speaker blanked, as the
 * full build blanks a draft's mentions (build.ts blankMentions). Searching only the fact's own
 * names (whole words, longest first) instead of running the gazetteer over every old sentence
 * is what keeps this linear in the base and cheap: the gazetteer's one big pattern costs about
 * a millisecond a sentence.
 */
function blankNamesOf(text: string, f: Fact, entityById: ReadonlyMap<string, Entity>): string {
  const ids = [...f.entities, ...f.context.map((c) => c.id), ...(f.speaker ? [f.speaker] : [])];
  const names = [...new Set(ids.flatMap((id) => {
    const e = entityById.get(id);
    return e ? [e.name, ...e.aliases] : [];
  }))].sort((a, b) => b.length - a.length);
  const out = text.split('');
  const chars = text;
  for (const name of names) {
    for (let at = chars.indexOf(name); at >= 0; at = chars.indexOf(name, at + 1)) {
      const before = chars[at - 1];
      const after = chars[at + name.length];
      if ((before !== undefined && /[\p{L}\p{N}]/u.test(before)) || (after !== undefined && /[\p{L}\p{N}]/u.test(after))) continue;
      for (let k = at; k < at + name.length; k++) out[k] = ' ';
    }
  }
  return out.join('');
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
