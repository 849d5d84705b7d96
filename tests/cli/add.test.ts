import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNewsSite, type NewsSite } from '../../src/sandbox/news/server.js';
import { makeDataDir } from '../inflow/data-dir.js';
import { runCli } from '../support/run-cli.js';

// Each case spawns briefbot from source (a few seconds apiece) and runs a real ingest; on a loaded
// shared machine that can take far longer than the default 30 s, which is no fault of the code.
const SLOW = 180_000;

let site: NewsSite;
let dataDir: string;

beforeAll(async () => {
  site = await startNewsSite();
  dataDir = makeDataDir();
});
afterAll(async () => {
  await site.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const briefbot = (args: string[], env: Record<string, string> = {}) => runCli(args, { DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env });

const article = () => site.articles().find((a) => a.kind === 'article' && a.language.startsWith('en'))!;

describe('briefbot add', () => {
  it('refuses the stand-in (a loopback address) unless SOURCES_ALLOW_PRIVATE=1, and writes nothing', async () => {
    const r = await briefbot(['add', article().url]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('private or internal address');
    expect(readdirSync(join(dataDir, 'articles'))).toEqual([]);
    expect(existsSync(join(dataDir, 'factbase.json'))).toBe(false);
  }, SLOW);

  it('adds an article: exit 0, the file written, the fact base updated, and ask finds its facts', async () => {
    const r = await briefbot(['add', article().url], { SOURCES_ALLOW_PRIVATE: '1' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const m = /^Added ([a-z0-9-]+) .*: (\d+) new facts?\.$/m.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    const [, id, count] = m!;
    expect(Number(count)).toBeGreaterThan(3);
    const file = readFileSync(join(dataDir, 'articles', `${id}.md`), 'utf8');
    expect(file).toContain(`canonicalUrl: ${article().url}`);
    expect(file).toMatch(/^fetchedAt: /m);
    const fb = JSON.parse(readFileSync(join(dataDir, 'factbase.json'), 'utf8')) as { facts: { text: string; citations: { articleId: string }[] }[] };
    const facts = fb.facts.filter((f) => f.citations.some((c) => c.articleId === id));
    expect(facts).toHaveLength(Number(count));

    // Ask with the words of one of the new facts: the brief cites the new article.
    const words = facts[0]!.text.split(/\s+/).filter((w) => /^[A-Z][a-z]{3,}$/.test(w)).slice(0, 2).join(' ');
    const ask = await briefbot(['ask', words, '--json']);
    expect(ask.code).toBe(0);
    expect(ask.stdout).toContain(id!);
  }, SLOW);

  it('says so and exits 0 when the article is already there', async () => {
    const r = await briefbot(['add', article().url], { SOURCES_ALLOW_PRIVATE: '1' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Already in the fact base: /);
    expect(readdirSync(join(dataDir, 'articles'))).toHaveLength(1);
  }, SLOW);

  it('exits 1 with the reason for a page that is not an article, a 404 and a paywall', async () => {
    const index = site.articles().find((a) => a.kind === 'section-index')!;
    const paywalled = site.articles().find((a) => a.kind === 'paywalled')!;
    for (const [url, reason] of [
      [index.url, 'does not look like a news article'],
      [`${site.url}/no/such/story`, 'was not found (HTTP 404)'],
      [paywalled.url, 'behind a paywall'],
    ] as const) {
      const r = await briefbot(['add', url], { SOURCES_ALLOW_PRIVATE: '1' });
      expect(r.code, url).toBe(1);
      expect(r.stderr).toContain(reason);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(readdirSync(join(dataDir, 'articles'))).toHaveLength(1);
  }, SLOW);
});
