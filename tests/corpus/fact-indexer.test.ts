import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusOfParts, loadCorpusParts } from '../../src/corpus/cached-load.js';
import { workerIndexer } from '../../src/corpus/fact-indexer.js';
import { writeFactBaseFile } from '../../src/factbase/file-io.js';
import { bigFactBase } from '../fixtures/factbase/big.js';

const QUERIES = ['kenya malaysia', 'trade value', 'malaysa beef topic:tariffs'];

async function fixture(layout: 'streamed' | 'one line'): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'briefbot-indexer-')), 'factbase.json');
  const data = bigFactBase(900);
  if (layout === 'streamed') await writeFactBaseFile(file, data);
  // Off the streamed layout: the read hands facts on, then starts over reading the file whole.
  else writeFileSync(file, JSON.stringify(data));
  return file;
}

describe('indexing a streamed load on a worker of its own', () => {
  it.each(['streamed', 'one line'] as const)('gives the index the reading thread would (%s layout)', async (layout) => {
    const file = await fixture(layout);
    // Small frames: many in flight, so the flow control between the threads runs.
    const thread = await loadCorpusParts(file, undefined, { indexer: 'thread', frameFacts: 7 });
    const worker = await loadCorpusParts(file, undefined, { indexer: 'worker', frameFacts: 7 });
    expect(worker.facts).toEqual(thread.facts);
    expect(worker.index).toEqual(thread.index);
    const answers = (p: typeof thread) => {
      const { searcher } = corpusOfParts(p.rest, p.facts, p.index);
      return QUERIES.map((q) => searcher.search(q, { limit: 20 }).hits.map((h) => h.fact.id));
    };
    expect(answers(worker)).toEqual(answers(thread));
    expect(answers(worker)[0]!.length).toBeGreaterThan(0);
  }, 60_000);

  it('fails the load, naming what went wrong, when the worker cannot index a frame', async () => {
    const indexer = workerIndexer();
    try {
      indexer.start({ formatVersion: 1, articles: [], entities: [], topics: [] } as never);
      indexer.add({ json: () => 'not JSON' });
      await expect(indexer.finish()).rejects.toThrow(/index worker failed: .*JSON/s);
      // Once failed, the read is stopped at its next wait too.
      await expect(indexer.drain()).rejects.toThrow(/index worker failed/);
    } finally {
      await indexer.close();
    }
  });
});
