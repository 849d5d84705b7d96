import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFactBaseFile } from '../../src/factbase/file-io.js';
import { parseTextDirective } from '../../src/ingest/fragment.js';
import { addArticleFromUrl } from '../../src/inflow/add-article.js';
import { createSafeFetch, type ClosableSafeFetch } from '../../src/inflow/safe-fetch.js';
import { silentLogger } from '../../src/logger.js';
import { startNewsSite, type NewsSite } from '../../src/sandbox/news/server.js';
import { makeDataDir } from './data-dir.js';

const CHROMIUM = '/usr/bin/chromium';
let site: NewsSite;
let fetch: ClosableSafeFetch;
let dataDir: string;
let browser: Browser | undefined;

beforeAll(async () => {
  site = await startNewsSite();
  fetch = createSafeFetch({ allowPrivate: true, logger: silentLogger() });
  dataDir = makeDataDir();
});
afterAll(async () => {
  await browser?.close();
  await fetch.close();
  await site.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a citation of a fetched article, opened in a browser', () => {
  it.skipIf(!existsSync(CHROMIUM))(
    'scrolls the live page to the quoted words (runs only where /usr/bin/chromium is installed)',
    async () => {
      const article = site.articles().find((a) => a.kind === 'article' && a.language.startsWith('en'))!;
      const added = await addArticleFromUrl({ url: article.url, dataDir, fetch, now: new Date(), logger: silentLogger() });
      expect(added.status).toBe('added');
      const fb = await readFactBaseFile(join(dataDir, 'factbase.json'));
      // The story's last fact: far down the page, so being in view means the browser scrolled there.
      const fact = fb.facts.filter((f) => f.citations[0]!.articleId === added.articleId).at(-1)!;
      const citation = fact.citations[0]!;
      expect(citation.url.startsWith(article.url)).toBe(true);
      const directive = parseTextDirective(citation.url)!;

      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
      const page = await browser.newPage({ viewport: { width: 1024, height: 600 } });
      await page.goto(citation.url);
      await page.waitForFunction(() => window.scrollY > 0, undefined, { timeout: 10_000 });
      const inView = await page.evaluate((words: string) => {
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const text = (n.textContent ?? '').replace(/\s+/g, ' ');
          if (!text.includes(words)) continue;
          const rect = n.parentElement!.getBoundingClientRect();
          return rect.bottom > 0 && rect.top < window.innerHeight;
        }
        return false;
      }, directive.start);
      expect(inView).toBe(true);
    },
    180_000,
  );
});
