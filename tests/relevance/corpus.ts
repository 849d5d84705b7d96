import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Corpus } from '../../src/brief/corpus.js';
import { FactBase } from '../../src/factbase/factbase.js';
import { buildFactBase } from '../../src/ingest/build.js';
import { silentLogger } from '../../src/logger.js';
import { createSearcher } from '../../src/search/searcher.js';

const FIXTURES = 'tests/fixtures/articles';

/**
 * The seeds plus the f2-* fixture articles, run through the real ingest (whatever it is today)
 * in a scratch copy of data/, so the relevance set measures the product, not a frozen file.
 */
export function relevanceCorpus(): Corpus {
  const dir = mkdtempSync(join(tmpdir(), 'briefbot-relevance-'));
  try {
    cpSync('data', dir, { recursive: true, filter: (src) => !src.endsWith('factbase.json') });
    for (const f of readdirSync(FIXTURES).filter((n) => n.startsWith('f2-') && n.endsWith('.md'))) {
      cpSync(join(FIXTURES, f), join(dir, 'articles', f));
    }
    const data = buildFactBase({ dataDir: dir, now: new Date('2026-01-01T06:00:00.000Z'), logger: silentLogger() });
    const fb = new FactBase(data);
    return { fb, searcher: createSearcher(fb) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
