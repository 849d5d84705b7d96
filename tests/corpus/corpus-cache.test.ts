import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusCachePath } from '../../src/corpus/corpus-cache.js';
import { corpusOfParts, loadCorpusParts } from '../../src/corpus/cached-load.js';
import { writeFactBaseFile } from '../../src/factbase/file-io.js';
import { createSearcher } from '../../src/search/searcher.js';
import { FactBase } from '../../src/factbase/factbase.js';
import { bigFactBase, seedFactBase } from '../fixtures/factbase/big.js';
import { runCli } from '../support/run-cli.js';

const QUERIES = ['kenya malaysia', 'trade value', 'malaysa beef topic:tariffs', 'zzyzx'];

function setup(): { file: string; cacheDir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'briefbot-cache-'));
  const file = join(dir, 'factbase.json');
  copyFileSync('data/factbase.json', file);
  return { file, cacheDir: join(dir, 'cache') };
}

/** What a searcher answers, comparable across corpora. */
function answers(parts: Awaited<ReturnType<typeof loadCorpusParts>>): unknown[] {
  const { searcher } = corpusOfParts(parts.rest, parts.facts, parts.index);
  return QUERIES.map((q) => searcher.search(q, { limit: 20 }));
}

describe('the corpus cache', () => {
  it('is written after a build, then used, and answers as a fresh build does', async () => {
    const { file, cacheDir } = setup();
    const built = await loadCorpusParts(file, cacheDir);
    expect(built.cache).toBe('absent');
    await built.save!();
    const hit = await loadCorpusParts(file, cacheDir);
    expect(hit.cache).toBe('hit');
    expect(hit.save).toBeUndefined();
    expect(hit.facts).toEqual(built.facts);
    const fb = new FactBase({ ...hit.rest, facts: hit.facts });
    const fresh = createSearcher(fb);
    expect(answers(hit)).toEqual(QUERIES.map((q) => fresh.search(q, { limit: 20 })));
  });

  it('is rebuilt when the fact base changes', async () => {
    const { file, cacheDir } = setup();
    await (await loadCorpusParts(file, cacheDir)).save!();
    const changed = bigFactBase(300);
    await writeFactBaseFile(file, changed);
    const again = await loadCorpusParts(file, cacheDir);
    expect(again.cache).toBe('stale');
    expect(again.facts.map((f) => f.id)).toEqual(changed.facts.map((f) => f.id));
    await again.save!();
    expect((await loadCorpusParts(file, cacheDir)).cache).toBe('hit');
  });

  it('is never trusted when corrupt or cut short: the load builds from the file instead', async () => {
    const { file, cacheDir } = setup();
    const built = await loadCorpusParts(file, cacheDir);
    await built.save!();
    const path = corpusCachePath(cacheDir, file);
    const good = readFileSync(path);
    // One byte changed inside the first fact frame (past the magic, the header and the frame's
    // length and kind): its facts were handed on before the checksum at the end says so.
    const inFacts = Buffer.from(good);
    const at = 8 + 4 + inFacts.readUInt32LE(8) + 4 + 1 + 40;
    inFacts[at] = inFacts[at]! ^ 0x01;
    writeFileSync(path, inFacts);
    const corrupt = await loadCorpusParts(file, cacheDir);
    expect(corrupt.cache).toBe('corrupt: checksum differs');
    expect(corrupt.facts).toEqual(built.facts);
    expect(answers(corrupt)).toEqual(answers(built));
    await corrupt.discard!();

    // One byte changed inside the head (the last frame).
    const inHead = Buffer.from(good);
    inHead[inHead.length - 200] = inHead[inHead.length - 200]! ^ 0x55;
    writeFileSync(path, inHead);
    const headCorrupt = await loadCorpusParts(file, cacheDir);
    expect(headCorrupt.cache).toMatch(/^corrupt: /);
    expect(headCorrupt.facts).toEqual(built.facts);

    await headCorrupt.save!();
    truncateSync(path, statSync(path).size - 9);
    expect((await loadCorpusParts(file, cacheDir)).cache).toMatch(/^corrupt: /);
    writeFileSync(path, 'not a cache');
    expect((await loadCorpusParts(file, cacheDir)).cache).toMatch(/^corrupt: /);
  });

  it('off: always built from the file', async () => {
    const { file } = setup();
    const parts = await loadCorpusParts(file, undefined);
    expect(parts.cache).toBe('off');
    expect(parts.save).toBeUndefined();
    expect(parts.facts.length).toBe(seedFactBase().facts.length);
  });
});

const ask = (dataDir: string, cacheDir: string, query: string) => runCli(['ask', query, '--json'], { DATA_DIR: dataDir, CACHE_DIR: cacheDir });

describe('briefbot ask and the corpus cache', () => {
  it('writes the cache on the first ask, reads it on the next, and answers the same', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'briefbot-ask-cache-'));
    for (const f of ['factbase.json']) copyFileSync(join('data', f), join(dataDir, f));
    const cacheDir = join(dataDir, 'cache');
    mkdirSync(cacheDir);
    const first = await ask(dataDir, cacheDir, 'kenya malaysia');
    expect(first.code).toBe(0);
    expect(first.stderr).toBe('');
    const [cacheFile] = readdirSync(cacheDir);
    expect(cacheFile).toMatch(/^factbase-[0-9a-f]{12}\.corpus$/);
    const written = statSync(join(cacheDir, cacheFile!));

    const second = await ask(dataDir, cacheDir, 'kenya malaysia');
    expect(second.stdout).toBe(first.stdout);
    // A hit does not write the cache again.
    expect(statSync(join(cacheDir, cacheFile!)).mtimeMs).toBe(written.mtimeMs);
    expect(statSync(join(cacheDir, cacheFile!)).ino).toBe(written.ino);

    // A corrupt cache: the same answer, built from the file, and the cache written anew.
    writeFileSync(join(cacheDir, cacheFile!), 'garbage');
    const third = await ask(dataDir, cacheDir, 'kenya malaysia');
    expect(third.stdout).toBe(first.stdout);
    expect(statSync(join(cacheDir, cacheFile!)).size).toBe(written.size);
  }, 60_000);
});
