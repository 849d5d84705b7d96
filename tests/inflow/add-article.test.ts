import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isBriefbotError } from '../../src/errors.js';
import { readFactBaseFile } from '../../src/factbase/file-io.js';
import { addArticleFromUrl, commitArticles, fetchArticleToFile } from '../../src/inflow/add-article.js';
import { createSafeFetch, type ClosableSafeFetch } from '../../src/inflow/safe-fetch.js';
import { createLogger, silentLogger } from '../../src/logger.js';
import { startNewsSite, type NewsSite } from '../../src/sandbox/news/server.js';
import { makeDataDir } from './data-dir.js';

let site: NewsSite;
let fetch: ClosableSafeFetch;
let dataDir: string;
const now = new Date('2026-12-01T12:00:00Z');

beforeAll(async () => {
  site = await startNewsSite();
  fetch = createSafeFetch({ allowPrivate: true, logger: silentLogger() });
});
afterAll(async () => {
  await fetch.close();
  await site.close();
});
beforeEach(() => {
  dataDir = makeDataDir();
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const english = () => site.articles().filter((a) => a.kind === 'article' && a.language.startsWith('en'));
const add = (url: string, extra: { requestedBy?: string; logger?: ReturnType<typeof silentLogger> } = {}) =>
  addArticleFromUrl({ url, dataDir, fetch, now, logger: extra.logger ?? silentLogger(), ...(extra.requestedBy ? { requestedBy: extra.requestedBy } : {}) });

describe('addArticleFromUrl', () => {
  it('keeps a French article with its language, makes no facts from it, and says which language', async () => {
    const fr = site.articles().find((a) => a.language === 'fr')!;
    const r = await add(fr.url);
    expect(r).toMatchObject({ status: 'added', newFacts: 0, language: 'fr' });
    expect(r.reason).toContain('French (fr)');
    const fb = await readFactBaseFile(join(dataDir, 'factbase.json'));
    expect(fb.articles.map((a) => a.id)).toEqual([r.articleId]);
    expect(fb.articles[0]!.language).toBe('fr');
    expect(fb.facts).toEqual([]);
  }, 120_000);

  it('adds an English article once: the same URL again, or the same text elsewhere, is unchanged', async () => {
    const [first] = english();
    const r = await add(first!.url);
    expect(r.status).toBe('added');
    expect(r.newFacts).toBeGreaterThan(3);
    const again = await add(`${first!.url}?utm_source=newsletter`);
    expect(again).toMatchObject({ status: 'unchanged', articleId: r.articleId, newFacts: 0 });
    expect(readdirSync(join(dataDir, 'articles'))).toEqual([`${r.articleId}.md`]);
    const text = readFileSync(join(dataDir, 'articles', `${r.articleId}.md`), 'utf8');
    expect(text).toMatch(/^---\nid: /);
    expect(text).toContain(`fetchedAt: ${now.toISOString()}`);
    expect(text).toMatch(new RegExp(`^canonicalUrl: ${first!.url.replace(/[.?]/g, '\\$&')}$`, 'm'));
  }, 120_000);

  it('logs every add with who asked, and never the query string', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', destination: { write: (s: string) => lines.push(s) } as unknown as NodeJS.WritableStream });
    await add(`${site.url}/no/such/page?token=s3cr3t`, { requestedBy: 'slack:T1/U42', logger });
    const entry = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l['msg'] === 'article add')!;
    expect(entry).toMatchObject({ requestedBy: 'slack:T1/U42', status: 'refused', code: 'FETCH_HTTP_STATUS' });
    expect(lines.join('\n')).not.toContain('s3cr3t');
  }, 120_000);

  it('refuses with a clear reason and leaves the fact base as it was', async () => {
    const [first] = english();
    await add(first!.url);
    const before = readFileSync(join(dataDir, 'factbase.json'), 'utf8');
    for (const [url, code] of [
      [site.articles().find((a) => a.kind === 'paywalled')!.url, 'ADD_PAYWALL'],
      [site.articles().find((a) => a.kind === 'section-index')!.url, 'ADD_NOT_ARTICLE'],
      [`${site.url}/faults/octet-stream`, 'FETCH_CONTENT_TYPE'],
      [`${site.url}/faults/redirect/loop`, 'FETCH_TOO_MANY_REDIRECTS'],
    ] as const) {
      const r = await add(url);
      expect(r, url).toMatchObject({ status: 'refused', code, newFacts: 0 });
    }
    expect(readFileSync(join(dataDir, 'factbase.json'), 'utf8')).toBe(before);
  }, 120_000);
});

describe('fetchArticleToFile + commitArticles (the batch halves)', () => {
  it('lose no article when commits race in one process', async () => {
    const [a, b, c] = english();
    const files = await Promise.all([a, b, c].map((x) => fetchArticleToFile({ url: x!.url, dataDir, fetch, now, logger: silentLogger() })));
    expect(files.map((f) => f.status)).toEqual(['added', 'added', 'added']);
    const results = await Promise.all(files.map((f) => commitArticles({ dataDir, articleIds: [f.articleId], now, logger: silentLogger() })));
    const fb = await readFactBaseFile(join(dataDir, 'factbase.json'));
    expect(fb.articles.map((x) => x.id).sort()).toEqual(files.map((f) => f.articleId).sort());
    for (const f of files) expect(fb.facts.some((x) => x.citations.some((c) => c.articleId === f.articleId)), f.articleId).toBe(true);
    // Serialized: the last commit to finish wrote the file on disk, with every article in it.
    const totals = results.map((r) => r.totalFacts);
    expect(totals.at(-1)).toBe(fb.facts.length);
  }, 120_000);

  it('takes over a lock left by a process that is gone, and waits out a live one', async () => {
    const [a] = english();
    const f = await fetchArticleToFile({ url: a!.url, dataDir, fetch, now, logger: silentLogger() });
    const lock = join(dataDir, 'factbase.json.lock');
    // A pid far above any pid_max: no such process.
    writeFileSync(lock, JSON.stringify({ pid: 2 ** 30, host: (await import('node:os')).hostname(), at: now.toISOString() }));
    await commitArticles({ dataDir, articleIds: [f.articleId], now, logger: silentLogger() });
    expect(readdirSync(dataDir)).not.toContain('factbase.json.lock');

    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: (await import('node:os')).hostname(), at: now.toISOString() }));
    const e = await commitArticles({ dataDir, articleIds: [f.articleId], now, logger: silentLogger(), lockWaitMs: 300 }).catch((x: unknown) => x);
    expect(isBriefbotError(e, 'ADD_BUSY')).toBe(true);
    rmSync(lock);
  }, 120_000);
});
