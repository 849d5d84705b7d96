import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { corpusCachePath } from '../../src/corpus/corpus-cache.js';
import { WorkerCorpusLoader } from '../../src/corpus/worker-loader.js';
import { FactBase } from '../../src/factbase/factbase.js';
import { readFactBaseFile, writeFactBaseFile } from '../../src/factbase/file-io.js';
import { createLogger } from '../../src/logger.js';
import { createSearcher } from '../../src/search/searcher.js';
import { bigFactBase } from '../fixtures/factbase/big.js';

const QUERIES = ['kenya malaysia', 'trade value', 'malaysa beef topic:tariffs'];

describe('WorkerCorpusLoader (facts handed over in frames as they are read)', () => {
  let loader: WorkerCorpusLoader | undefined;
  afterEach(async () => {
    await loader?.close();
  });

  it('builds, then reads the cache, then rebuilds past a corrupt frame: the same facts and answers each time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefbot-worker-'));
    const file = join(dir, 'factbase.json');
    await writeFactBaseFile(file, bigFactBase(1200));
    const cacheDir = join(dir, 'cache');
    const logs: { msg: string; cache?: string }[] = [];
    const logger = createLogger({
      level: 'info',
      destination: new Writable({
        write(chunk: Buffer, _enc, done) {
          for (const line of chunk.toString().split('\n').filter(Boolean)) logs.push(JSON.parse(line));
          done();
        },
      }),
    });
    // Small frames, so the load is many of them (and the flow control between the threads runs).
    loader = new WorkerCorpusLoader({ cacheDir, chunkFacts: 7, logger });
    const expected = await readFactBaseFile(file);
    const fresh = createSearcher(new FactBase(expected));
    const answers = QUERIES.map((q) => fresh.search(q, { limit: 20 }));
    const loadAndCheck = async () => {
      const { corpus } = await loader!.load({ kind: 'file', file });
      expect(corpus.fb.facts).toEqual(expected.facts);
      expect(QUERIES.map((q) => corpus.searcher.search(q, { limit: 20 }))).toEqual(answers);
    };
    const cache = corpusCachePath(cacheDir, file);

    await loadAndCheck();
    // In place before the new corpus serves.
    expect(existsSync(cache)).toBe(true);
    await loadAndCheck();

    const bytes = readFileSync(cache);
    const at = 8 + 4 + bytes.readUInt32LE(8) + 4 + 1 + 40;
    bytes[at] = bytes[at]! ^ 0x01;
    writeFileSync(cache, bytes);
    await loadAndCheck();
    expect(logs.filter((l) => l.cache !== undefined).map((l) => l.cache)).toEqual(['absent', 'hit', 'corrupt: checksum differs']);
  }, 60_000);
});
