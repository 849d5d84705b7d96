import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusOfParts, loadCorpusParts, streamStoreParts } from '../../src/corpus/cached-load.js';
import { factsOfFrame } from '../../src/corpus/corpus-cache.js';
import { WorkerCorpusLoader } from '../../src/corpus/worker-loader.js';
import { writeFactBaseFile } from '../../src/factbase/file-io.js';
import { PostgresFactStore } from '../../src/factbase/pg-store.js';
import type { Fact } from '../../src/factbase/schema.js';
import { bigFactBase } from '../fixtures/factbase/big.js';
import { pgQuery, pgUrl } from '../factbase/engines.js';

const QUERIES = ['kenya malaysia', 'trade value', 'malaysa beef topic:tariffs'];

describe.skipIf(!pgUrl)('a PostgreSQL fact base loaded streamed (facts framed and indexed as read)', () => {
  const schema = `fsp_${randomBytes(6).toString('hex')}`;
  const descriptor = { kind: 'postgres' as const, url: pgUrl!, schema };
  let store: PostgresFactStore;
  const loaders: WorkerCorpusLoader[] = [];
  afterAll(async () => {
    for (const l of loaders) await l.close();
    await store?.close();
    await pgQuery(pgUrl!, `drop schema if exists ${schema} cascade`);
  });

  it('gives the facts and the index a file of the same fact base gives, indexed on this thread or a worker', async () => {
    store = await PostgresFactStore.open(descriptor, { readBatch: 50 });
    const data = bigFactBase(700);
    await store.write(data);
    const file = join(mkdtempSync(join(tmpdir(), 'briefbot-store-parts-')), 'factbase.json');
    await writeFactBaseFile(file, (await store.read()).data);
    const fromFile = await loadCorpusParts(file, undefined, { indexer: 'thread', frameFacts: 7 });
    for (const indexer of ['thread', 'worker'] as const) {
      const facts: Fact[] = [];
      const parts = await streamStoreParts(
        store,
        {
          frame: (frame) => facts.push(...(frame.facts ?? factsOfFrame(frame.json()))),
          reset: () => {
            facts.length = 0;
          },
        },
        { indexer, frameFacts: 7 },
      );
      expect(parts.version).toBe(await store.version());
      expect(parts.factCount).toBe(700);
      expect(facts).toEqual(fromFile.facts);
      expect(parts.index).toEqual(fromFile.index);
      const { searcher } = corpusOfParts(parts.rest, facts, parts.index);
      expect(searcher.search(QUERIES[0]!, { limit: 20 }).hits.length).toBeGreaterThan(0);
    }
  }, 60_000);

  it.each([
    ['kept on the worker (changes read alone)', undefined],
    ['too big to keep (read whole again)', 0],
  ])('follows a change, %s: the same facts and answers as a fresh read', async (_how, keepFacts) => {
    const loader = new WorkerCorpusLoader({ chunkFacts: 9, ...(keepFacts === undefined ? {} : { keepFacts }) });
    loaders.push(loader);
    const first = await loader.load(descriptor);
    expect(first.version).toBe(await store.version());
    const next = bigFactBase(760);
    next.facts.splice(3, 40);
    const version = await store.write(next);
    const second = await loader.load(descriptor);
    expect(second.version).toBe(version);
    const fresh = (await store.read()).data;
    expect(second.corpus.fb.facts).toEqual(fresh.facts);
    const answers = (c: typeof second.corpus) => QUERIES.map((q) => c.searcher.search(q, { limit: 20 }).hits.map((h) => h.fact.id));
    const fromScratch = new WorkerCorpusLoader({ keepFacts: 0 });
    loaders.push(fromScratch);
    expect(answers(second.corpus)).toEqual(answers((await fromScratch.load(descriptor)).corpus));
    // Put back for the next case.
    await store.write(bigFactBase(700));
  }, 60_000);
});
