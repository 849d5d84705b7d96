import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WatchedCorpus } from '../../src/factbase/watch.js';
import { createLogger } from '../../src/logger.js';
import { createSearcher } from '../../src/search/searcher.js';
import { baseData, dataWithNewArticle } from '../fixtures/digest/corpus.js';

describe('WatchedCorpus (hot reload of factbase.json)', () => {
  let dir: string;
  let file: string;
  let logs: { level: number; msg: string; code?: string }[];
  let watched: WatchedCorpus | undefined;

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
    watched = await WatchedCorpus.open(file, { logger: logger(), buildSearcher: createSearcher, debounceMs: 20, pollMs: 100 });
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
    watched = await WatchedCorpus.open(file, { logger: logger(), buildSearcher: createSearcher, debounceMs: 20, pollMs: 100 });
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
});
