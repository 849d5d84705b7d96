import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalOrder } from '../../src/factbase/changes.js';
import type { FactSink } from '../../src/factbase/fact-store.js';
import { validateFactBase } from '../../src/factbase/load.js';
import { PostgresFactStore } from '../../src/factbase/pg-store.js';
import type { Fact } from '../../src/factbase/schema.js';
import { dataWithNewArticle } from '../fixtures/digest/corpus.js';
import { bigFactBase } from '../fixtures/factbase/big.js';
import { pgQuery, pgUrl } from './engines.js';

/** Records what a streamed read hands on, and what had arrived at each drain. */
function recorder(): FactSink & { facts: Fact[]; counts: (number | undefined)[]; drains: number[] } {
  const r = {
    facts: [] as Fact[],
    counts: [] as (number | undefined)[],
    drains: [] as number[],
    rest(_rest: unknown, facts?: number) {
      r.counts.push(facts);
    },
    fact(f: Fact) {
      r.facts.push(f);
    },
    restart() {
      r.facts.length = 0;
    },
    drain() {
      r.drains.push(r.facts.length);
      return Promise.resolve();
    },
  };
  return r;
}

describe.skipIf(!pgUrl)('PostgreSQL fact store, streamed read', () => {
  const schemas: string[] = [];
  const opened: PostgresFactStore[] = [];
  const open = async (options: { readBatch?: number; analyzeRows?: number } = {}, schema = newSchema()) => {
    const s = await PostgresFactStore.open({ kind: 'postgres', url: pgUrl!, schema }, options);
    opened.push(s);
    return s;
  };
  function newSchema(): string {
    const s = `fss_${randomBytes(6).toString('hex')}`;
    schemas.push(s);
    return s;
  }
  const sql = (schema: string, statement: string) => pgQuery(pgUrl!, statement, schema);
  afterAll(async () => {
    for (const s of opened) await s.close();
    for (const s of schemas) await sql('public', `drop schema if exists ${s} cascade`);
  });

  it('hands the facts on in canonical order a batch at a time, saying how many first, the same as read() and as the file order', async () => {
    const schema = newSchema();
    const data = bigFactBase(400);
    const writer = await open({}, schema);
    const version = await writer.write(data);
    const expected = canonicalOrder(validateFactBase(data, 'test')).facts;
    for (const batch of [1, 7, 5000]) {
      const store = await open({ readBatch: batch }, schema);
      const r = recorder();
      expect(await store.stream(r)).toBe(version);
      expect(r.counts).toEqual([400]);
      expect(r.facts.map((f) => f.id)).toEqual(expected.map((f) => f.id));
      expect(r.facts).toEqual(expected);
      // A batch is a few articles (the seed has 5): small batches drain between articles, one batch at the end.
      expect(r.drains.length).toBe(batch === 5000 ? 1 : new Set(data.articles.map((a) => a.id)).size);
      expect((await store.read()).data.facts).toEqual(expected);
    }
  });

  it('names the fact filed under an article that is gone, and the field of a fact whose stored body is broken', async () => {
    const schema = newSchema();
    const store = await open({}, schema);
    const data = dataWithNewArticle();
    await store.write(data);
    const article = 'agency-2025-12-02-tariffs';
    const filed = canonicalOrder(validateFactBase(data, 'test')).facts.filter((f) => f.citations[0]!.articleId === article);
    expect(filed.length).toBeGreaterThan(0);
    await sql(schema, `update fb_articles set deleted = true where id = '${article}'`);
    await expect(store.stream(recorder())).rejects.toMatchObject({
      code: 'FACTBASE_INCONSISTENT',
      message: expect.stringMatching(new RegExp(`fact ${filed.map((f) => f.id).sort()[0]}, field citations\\.0\\.articleId: unknown article "${article}"`)),
    });
    await sql(schema, `update fb_articles set deleted = false where id = '${article}'`);
    const broken = filed[0]!.id;
    await sql(schema, `update fb_facts set body = body - 'date' where id = '${broken}'`);
    await expect(store.read()).rejects.toMatchObject({ code: 'FACTBASE_INVALID', message: expect.stringContaining(`fact ${broken}, field date`) });
  });

  it('a sink that fails stops the read with its own error, not one that blames the database', async () => {
    const store = await open({ readBatch: 7 });
    await store.write(bigFactBase(60));
    const failing = recorder();
    failing.drain = () => Promise.reject(new Error('index worker failed: out of memory'));
    await expect(store.stream(failing)).rejects.toThrow(/^index worker failed: out of memory$/);
    // The connection went back to the pool in a usable state.
    expect((await store.read()).data.facts).toHaveLength(60);
  });

  it('changesSince says it cannot tell (read all) when more facts changed than the caller would hold', async () => {
    const store = await open();
    const v1 = await store.write(bigFactBase(30));
    await store.write(bigFactBase(50));
    expect((await store.changesSince(v1, 20))?.facts.upsert.length).toBe(20);
    expect(await store.changesSince(v1, 19)).toBeUndefined();
    expect((await store.changesSince(v1))?.facts.upsert.length).toBe(20);
  });

  it('a write of at least analyzeRows rows leaves the planner statistics of its rows behind it, a smaller one does not', async () => {
    const reltuples = async (schema: string) =>
      Number((await sql(schema, `select reltuples from pg_class where oid = '${schema}.fb_facts'::regclass`)).rows[0]!.reltuples);
    const large = newSchema();
    await (await open({ analyzeRows: 1 }, large)).write(bigFactBase(120));
    expect(await reltuples(large)).toBe(120);
    const small = newSchema();
    await (await open({ analyzeRows: 1_000_000 }, small)).write(bigFactBase(120));
    // Never analyzed nor vacuumed: PostgreSQL says -1 (unknown).
    expect(await reltuples(small)).toBe(-1);
  });
});
