import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { composeBrief } from '../../src/brief/compose.js';
import { FactBase } from '../../src/factbase/factbase.js';
import { buildFactBase } from '../../src/ingest/build.js';
import { silentLogger } from '../../src/logger.js';
import { briefToJson } from '../../src/render/json.js';
import { createSearcher } from '../../src/search/searcher.js';

const dir = mkdtempSync(join(tmpdir(), 'briefbot-json-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ask --json carries context entities and caveats', () => {
  it('a fact that names neither party is found for both, with its context and its article\'s caveats', () => {
    for (const f of ['entities.yaml', 'countries.generated.yaml', 'topics.yaml', 'rates.yaml']) cpSync(join('data', f), join(dir, f));
    mkdirSync(join(dir, 'articles'));
    cpSync('tests/fixtures/articles/d1-nusantara-2025-07-02-indonesia-eu-nickel.md', join(dir, 'articles', 'd1-nusantara-2025-07-02-indonesia-eu-nickel.md'));
    const fb = new FactBase(buildFactBase({ dataDir: dir, now: new Date('2026-01-01T00:00:00Z'), logger: silentLogger() }));
    const json = briefToJson(composeBrief(fb, createSearcher(fb), 'indonesia eu', { limit: 50 }));
    const trade = json.facts.find((f) => f.text.startsWith('Two-way trade in goods'));
    expect(trade).toBeDefined();
    expect(trade!.entities).toEqual([]);
    expect(trade!.context).toEqual([
      { id: 'IDN', via: 'story' },
      { id: 'european-union', via: 'story' },
    ]);
    expect(trade!.caveats).toEqual(['Agency summary of a government press release; the figures were not independently verified.']);
    for (const f of json.facts) expect(Array.isArray(f.caveats)).toBe(true);

    // Discovered names are searchable by full name and by surname.
    const searcher = createSearcher(fb);
    for (const q of ['Lena Varga', 'varga', 'Santoso']) {
      const brief = composeBrief(fb, searcher, q);
      expect(brief.understood.entities.map((e) => e.id), q).toEqual([q === 'Santoso' ? 'budi-santoso' : 'lena-varga']);
      expect(brief.total, q).toBeGreaterThan(0);
    }
    expect(fb.entity('lena-varga')).toMatchObject({ discovered: true, kind: 'person' });
  });
});
