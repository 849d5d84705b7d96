/**
 * `npm run bench:add`: what one `briefbot add` costs, by part, over the news-site stand-in's pages
 * on loopback, median and p95 of BENCH_RUNS rounds (default 7):
 *   fetch    — the safe fetcher, robots.txt cached (as in a running bot), one page
 *   extract  — Readability + metadata + language on the fetched HTML, one page
 *   commit   — ingest the new article into a copy of data/ (the seeds) and write factbase.json
 */
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchArticleToFile, commitArticles } from '../src/inflow/add-article.js';
import { extractArticle } from '../src/inflow/extract/extract-article.js';
import { createSafeFetch } from '../src/inflow/safe-fetch.js';
import { silentLogger } from '../src/logger.js';
import { startNewsSite } from '../src/sandbox/news/server.js';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 7);
const root = join(import.meta.dirname, '..', '..');

async function main(): Promise<void> {
  const site = await startNewsSite();
  const fetch = createSafeFetch({ allowPrivate: true, logger: silentLogger() });
  const pages = site.articles().filter((a) => ['article', 'analysis', 'press-release', 'live-blog'].includes(a.kind));
  const fetchMs: number[] = [];
  const extractMs: number[] = [];
  const commitMs: number[] = [];
  try {
    for (const p of pages) await fetch(p.url, { accept: ['text/html'] });
    for (let r = 0; r < RUNS; r++) {
      for (const p of pages) {
        let t = performance.now();
        const got = await fetch(p.url, { accept: ['text/html'] });
        fetchMs.push(performance.now() - t);
        t = performance.now();
        extractArticle({ html: got.text, url: got.url, fetchedAt: new Date() });
        extractMs.push(performance.now() - t);
      }
      const dir = mkdtempSync(join(tmpdir(), 'briefbot-add-bench-'));
      try {
        for (const f of readdirSync(join(root, 'data'))) cpSync(join(root, 'data', f), join(dir, f), { recursive: true });
        const page = pages[r % pages.length]!;
        const file = await fetchArticleToFile({ url: page.url, dataDir: dir, fetch, now: new Date(), logger: silentLogger() });
        const t = performance.now();
        await commitArticles({ dataDir: dir, articleIds: [file.articleId], now: new Date(), logger: silentLogger() });
        commitMs.push(performance.now() - t);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    await fetch.close();
    await site.close();
  }
  const row = { runs: RUNS, pages: pages.length, fetchP50: pct(fetchMs, 50), fetchP95: pct(fetchMs, 95), extractP50: pct(extractMs, 50), extractP95: pct(extractMs, 95), commitP50: pct(commitMs, 50), commitP95: pct(commitMs, 95) };
  process.stdout.write(
    `fetch (loopback): median ${row.fetchP50.toFixed(1)} ms, p95 ${row.fetchP95.toFixed(1)} ms\n` +
      `extract: median ${row.extractP50.toFixed(1)} ms, p95 ${row.extractP95.toFixed(1)} ms\n` +
      `commit into the seeds' fact base: median ${row.commitP50.toFixed(0)} ms, p95 ${row.commitP95.toFixed(0)} ms\n` +
      `${JSON.stringify({ bench: 'add', ...row })}\n`,
  );
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0;
}

await main();
