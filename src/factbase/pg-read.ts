import type pg from 'pg';
import { BriefbotError } from '../errors.js';
import { articleRanks, canonicalOrder, sortFacts } from './changes.js';
import type { FactSink } from './fact-store.js';
import { consistencyChecker, factChecker, validateFactBase } from './load.js';
import { FACTBASE_FORMAT_VERSION } from './schema.js';

/** The tables that carry a version and a tombstone per row. */
export type Tracked = 'fb_articles' | 'fb_entities' | 'fb_topics' | 'fb_facts';

type FactRow = { id: string; body: Record<string, unknown>; first_seen: string; citations: unknown[]; related: unknown[] | null };

/**
 * A fact's columns, its citations and links aggregated beside it (one row a fact, one round trip
 * a batch), firstSeen as the ISO string a Date would give (to the millisecond, truncated): at 1M
 * facts, three queries a batch and a Date per row cost the reader ~4 s of its own time.
 */
const FACT_COLUMNS = `f.id, f.body, to_char(f.first_seen at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as first_seen,
  (select json_agg(json_build_object('articleId', x.article_id, 'quote', x.quote, 'start', x.start_offset, 'end', x.end_offset, 'url', x.url) order by x.ord)
     from fb_citations x where x.fact_id = f.id) as citations,
  (select json_agg(json_strip_nulls(json_build_object('factId', l.related_fact_id, 'how', l.how, 'differs', l.differs)) order by l.ord)
     from fb_fact_links l where l.fact_id = f.id) as related`;

/**
 * An error of the sink a read hands facts to (an index worker that failed, a load given up on),
 * carried out of the read's transaction as it is: it says nothing about the database.
 */
export class SinkFailed extends Error {
  constructor(readonly reason: unknown) {
    super('the fact sink failed');
  }
}

async function toSink<T>(step: () => T | Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (e) {
    throw new SinkFailed(e);
  }
}

export async function currentVersion(c: pg.ClientBase): Promise<string> {
  const { rows } = await c.query<{ v: string }>('select coalesce(max(version), 0)::text as v from fb_versions');
  return rows[0]!.v;
}

/**
 * The fact base of the snapshot `c` reads in (one REPEATABLE READ transaction), handed to `sink`
 * as read and in canonical order, never held whole: the articles, entities and topics first
 * (validated together), then the facts a few articles at a time in article order (about `batch`
 * facts a query), each checked with zod and against the rest, the batch's `drain` awaited before
 * the next is read. Ordered by the first-cited article so no fact waits for the last to be read:
 * the article order is localeCompare's (as a file's), not the database collation's, so the
 * articles are ordered here and their facts asked for by article id.
 */
export async function streamSnapshot(c: pg.ClientBase, location: string, batch: number, sink: FactSink): Promise<string> {
  const version = await currentVersion(c);
  if (version === '0') throw new BriefbotError('FACTSTORE_EMPTY', { location });
  const bodies = async (table: Tracked) => (await c.query<{ body: unknown }>(`select body from ${table} where not deleted`)).rows.map((r) => r.body);
  const shell = validateFactBase(
    { formatVersion: FACTBASE_FORMAT_VERSION, articles: await bodies('fb_articles'), entities: await bodies('fb_entities'), topics: await bodies('fb_topics'), facts: [] },
    location,
  );
  const { facts: _none, ...rest } = canonicalOrder(shell);
  // A fact's first citation (ord 0) names the article it is filed under; a removed fact's citations are removed with it.
  const perArticle = new Map(
    (await c.query<{ article_id: string; n: number }>('select article_id, count(*)::int as n from fb_citations where ord = 0 group by article_id')).rows.map((r) => [r.article_id, r.n]),
  );
  const total = (await c.query<{ n: number }>('select count(*)::int as n from fb_facts where not deleted')).rows[0]!.n;
  await toSink(() => sink.rest(rest, total));
  const ranks = articleRanks(rest.articles.map((a) => a.id));
  const consistent = consistencyChecker(rest, location);
  const valid = factChecker(location);
  const read = (articleIds: string[]) =>
    c.query<FactRow>(`select ${FACT_COLUMNS} from fb_citations c join fb_facts f on f.id = c.fact_id where c.ord = 0 and c.article_id = any($1) and not f.deleted`, [
      articleIds,
    ]);
  const groups = articleGroups(rest.articles, perArticle, ranks, batch);
  let sent = 0;
  // The next batch is asked for before this one is checked: the database reads it meanwhile.
  // (Its failure is the awaiting loop's to report, or nobody's once the read has failed otherwise.)
  const ask = (g: number) => {
    const q = g < groups.length ? read(groups[g]!) : undefined;
    q?.catch(() => undefined);
    return q;
  };
  let next = ask(0);
  for (let g = 0; next; g++) {
    const { rows } = await next;
    next = ask(g + 1);
    const facts = sortFacts(
      rows.map((r, i) => valid(asFact(r), sent + i)),
      ranks,
    );
    for (const f of facts) consistent(f);
    await toSink(() => {
      for (const f of facts) sink.fact(f);
    });
    sent += facts.length;
    await toSink(() => sink.drain?.());
  }
  if (sent !== total) throw await strayFact(c, location, rest.articles.map((a) => a.id));
  return version;
}

/**
 * The article ids in order, cut into groups of about `batch` facts (by first citation), never
 * between ids that compare equal (their facts sort together). Articles without facts are left out.
 */
function articleGroups(articles: readonly { id: string }[], perArticle: ReadonlyMap<string, number>, ranks: ReadonlyMap<string, number>, batch: number): string[][] {
  const groups: string[][] = [];
  let group: string[] = [];
  let grouped = 0;
  for (const { id } of articles) {
    const n = perArticle.get(id) ?? 0;
    if (n === 0) continue;
    if (grouped > 0 && grouped + n > batch && ranks.get(group.at(-1)!) !== ranks.get(id)) {
      groups.push(group);
      group = [];
      grouped = 0;
    }
    group.push(id);
    grouped += n;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

/** Why a fact was not read with the articles: it has no citation, or its first cites an article that is not there. */
async function strayFact(c: pg.ClientBase, location: string, articleIds: string[]): Promise<BriefbotError> {
  const { rows } = await c.query<{ id: string; article_id: string | null }>(
    `select f.id, c.article_id from fb_facts f left join fb_citations c on c.fact_id = f.id and c.ord = 0
     where not f.deleted and (c.article_id is null or c.article_id <> all($1)) order by f.id limit 1`,
    [articleIds],
  );
  const stray = rows[0];
  if (!stray) return new BriefbotError('FACTBASE_INCONSISTENT', { file: location, record: 'facts', field: '(count)', problem: 'the facts read do not add up to the facts stored' });
  if (stray.article_id === null) return new BriefbotError('FACTBASE_INVALID', { file: location, record: `fact ${stray.id}`, field: 'citations', problem: 'no citation (at least one is required)' });
  return new BriefbotError('FACTBASE_INCONSISTENT', { file: location, record: `fact ${stray.id}`, field: 'citations.0.articleId', problem: `unknown article "${stray.article_id}"` });
}

/**
 * The facts `where` selects, whole (citations, links), read `batch` at a time in id order,
 * each passed through `check` as it arrives.
 */
export async function factsWhere<T>(c: pg.ClientBase, where: string, params: unknown[], batch: number, check: (raw: unknown, index: number) => T): Promise<T[]> {
  const out: T[] = [];
  const at = params.length;
  for (let after = ''; ; ) {
    const { rows } = await c.query<FactRow>(`select ${FACT_COLUMNS} from fb_facts f where ${where} and f.id > $${at + 1} order by f.id limit $${at + 2}`, [
      ...params,
      after,
      batch,
    ]);
    for (const r of rows) out.push(check(asFact(r), out.length));
    if (rows.length < batch) return out;
    after = rows.at(-1)!.id;
  }
}

/** A row as the fact it stores (unchecked): its body (parsed for this row alone, so taken as it is) with firstSeen, citations and links put back. */
function asFact(r: FactRow): unknown {
  const f = r.body;
  f['firstSeen'] = r.first_seen;
  f['citations'] = r.citations ?? [];
  f['related'] = r.related ?? [];
  return f;
}
