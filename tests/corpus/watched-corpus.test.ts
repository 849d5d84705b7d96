import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Corpus } from '../../src/brief/corpus.js';
import { openWatchedCorpus } from '../../src/corpus/watched-corpus.js';
import type { WatchedFactBase } from '../../src/factbase/watch.js';
import { FileFactStore } from '../../src/factbase/file-store.js';
import { createLogger } from '../../src/logger.js';
import { FactBase } from '../../src/factbase/factbase.js';
import { parseFactBase } from '../../src/factbase/load.js';
import { createSearcher } from '../../src/search/searcher.js';
import { baseData, dataWithNewArticle } from '../fixtures/digest/corpus.js';

describe('WatchedCorpus (hot reload of factbase.json)', () => {
  let dir: string;
  let file: string;
  let logs: { level: number; msg: string; code?: string }[];
  let watched: WatchedFactBase<Corpus> | undefined;

  const logger = () =>
    createLogger({
      level: 'info',
      destination: new Writable({
        write(chunk: Buffer, _enc, done) {
          for (const line of chunk.toString().split('\n').filter(Boolean)) logs.push(JSON.parse(line));
          done();
        },
      }),
    });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'briefbot-watch-'));
    file = join(dir, 'factbase.json');
    logs = [];
    writeFileSync(file, JSON.stringify(baseData()));
  });
  afterEach(() => {
    watched?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('picks up a new valid file written in place or renamed over it, without a request', async () => {
    watched = await openWatchedCorpus(new FileFactStore(file), { logger: logger(), debounceMs: 20, pollMs: 100, chunkFacts: 2 });
    const before = watched.current();
    expect(before.fb.facts).toHaveLength(baseData().facts.length);

    // Written to a temp file and renamed, as an atomic ingest would.
    writeFileSync(join(dir, 'factbase.json.tmp'), JSON.stringify(dataWithNewArticle()));
    renameSync(join(dir, 'factbase.json.tmp'), file);
    await vi.waitFor(() => expect(watched!.current().fb.facts).toHaveLength(dataWithNewArticle().facts.length), { timeout: 10_000, interval: 20 });
    // The searcher was swapped with the fact base: it finds the new article's fact.
    const hits = watched.current().searcher.search('palm oil tariffs', { limit: 5 }).hits.map((h) => h.fact.id);
    expect(hits).toContain('f_aaaaaaaaaaa1');
    expect(before.fb.facts).toHaveLength(baseData().facts.length);
    expect(logs.some((l) => l.msg === 'fact base reloaded')).toBe(true);
  });

  it('refuses an invalid new file, logs the named error, and keeps serving the old one', async () => {
    watched = await openWatchedCorpus(new FileFactStore(file), { logger: logger(), debounceMs: 20, pollMs: 100, chunkFacts: 2 });
    const old = watched.current();
    const broken = dataWithNewArticle();
    broken.facts[0]!.entities.push('atlantis');
    writeFileSync(file, JSON.stringify(broken));
    await vi.waitFor(() => expect(logs.some((l) => l.code === 'FACTBASE_INCONSISTENT')).toBe(true), { timeout: 10_000, interval: 20 });
    expect(watched.current()).toBe(old);
    const refusal = logs.find((l) => l.code === 'FACTBASE_INCONSISTENT')!;
    expect(refusal.msg).toContain('unknown entity "atlantis"');
    expect(refusal.level).toBe(50);

    // Truncated JSON (a half-written file) is refused the same way; then a good file is taken.
    writeFileSync(file, '{"formatVersion": 1, "articles": [');
    expect(await watched.reload()).toBe('refused');
    expect(watched.current()).toBe(old);
    writeFileSync(file, JSON.stringify(dataWithNewArticle()));
    expect(await watched.reload()).toBe('reloaded');
    expect(watched.current().fb.facts).toHaveLength(dataWithNewArticle().facts.length);
    expect(await watched.reload()).toBe('unchanged');
  });

  it('logs a deleted fact base once, keeps serving the last good one, and takes the file back', async () => {
    watched = await openWatchedCorpus(new FileFactStore(file), { logger: logger(), debounceMs: 20, pollMs: 100 });
    const old = watched.current();
    rmSync(file);
    await vi.waitFor(() => expect(logs.filter((l) => l.msg.includes('fact base file is gone'))).toHaveLength(1), { timeout: 10_000, interval: 20 });
    expect(await watched.reload()).toBe('missing');
    expect(logs.filter((l) => l.msg.includes('fact base file is gone'))).toHaveLength(1);
    expect(watched.current()).toBe(old);
    expect(watched.current().searcher.search('kenya').total).toBe(old.searcher.search('kenya').total);
    writeFileSync(file, JSON.stringify(dataWithNewArticle()));
    await vi.waitFor(() => expect(watched!.current().fb.facts).toHaveLength(dataWithNewArticle().facts.length), { timeout: 10_000, interval: 20 });
    expect(logs.some((l) => l.msg === 'fact base file is back')).toBe(true);
  });

  it('the index built in the worker answers exactly as one built on the main thread', async () => {
    writeFileSync(file, JSON.stringify(dataWithNewArticle()));
    watched = await openWatchedCorpus(new FileFactStore(file), { logger: logger(), chunkFacts: 3 });
    const fromWorker = watched.current();
    const fb = new FactBase(parseFactBase(JSON.stringify(dataWithNewArticle()), file));
    const local = createSearcher(fb);
    expect(fromWorker.fb.facts).toEqual(fb.facts);
    for (const q of ['palm oil tariffs', 'kenya malaysia', 'malaysa', 'topic:trade', 'zzyzx since:2025-01']) {
      const a = fromWorker.searcher.search(q, { limit: 20 });
      const b = local.search(q, { limit: 20 });
      expect({ ...a, hits: a.hits.map((h) => [h.fact.id, h.score]) }).toEqual({ ...b, hits: b.hits.map((h) => [h.fact.id, h.score]) });
    }
    expect(fromWorker.searcher.coverage()).toEqual(local.coverage());
    for (const f of fb.facts) expect(fromWorker.fb.fact(f.id)).toEqual(f);
  });
});
