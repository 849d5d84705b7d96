import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { silentLogger } from '../../../src/logger.js';
import { startBot } from '../../../src/serve.js';
import { fixtureCorpusSource } from '../../fixtures/slack/fixture-corpus.js';
import { startTestBot, type TestBot } from '../../fixtures/slack/test-bot.js';

const CHROMIUM = '/usr/bin/chromium';
let t: TestBot;
beforeEach(async () => {
  t = await startTestBot();
});
afterEach(async () => {
  await t.close();
});

describe('the news site in local mode', () => {
  it('starts beside the bot, logs its URL, and the page lists its articles with working URLs', async () => {
    const news = t.bot.newsSite;
    expect(news).toBeDefined();
    expect(t.logs.find((l) => l['msg'] === 'news site stand-in listening')?.['url']).toBe(news!.url);

    const shell = await (await fetch(t.bot.url)).text();
    expect(shell).toContain('data-pane="news"');
    expect(shell).toContain('<script src="/sandbox/news/pane.js" defer></script>');
    const js = await (await fetch(new URL('/sandbox/news/pane.js', t.bot.url))).text();
    expect(js).toMatch(/^\(function newsPaneClient\(root\)/);

    const listed = (await (await fetch(new URL('/sandbox/news/articles', t.bot.url))).json()) as { url: string; articles: { url: string; title: string }[] };
    expect(listed.url).toBe(news!.url);
    expect(listed.articles.length).toBe(news!.articles().length);
    expect(listed.articles.length).toBeGreaterThanOrEqual(8);
    for (const a of listed.articles) {
      expect(a.url.startsWith(news!.url)).toBe(true);
      expect((await fetch(a.url)).status).toBe(200);
    }
  });

  it('a page published later appears in the list', async () => {
    const news = t.bot.newsSite!;
    const before = news.articles().length;
    news.publish('mekong-herald-vietnam-fishing-decree');
    const listed = (await (await fetch(new URL('/sandbox/news/articles', t.bot.url))).json()) as { articles: { slug: string }[] };
    expect(listed.articles.length).toBe(before + 1);
    expect(listed.articles.map((a) => a.slug)).toContain('mekong-herald-vietnam-fishing-decree');
  });

  it.skipIf(!existsSync(CHROMIUM))('in a browser, the News site tab lists every article with a /brief add command', async () => {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage();
      await page.goto(t.bot.url);
      await page.getByRole('button', { name: 'News site' }).click();
      const items = page.locator('#pane-news .news-item');
      const articles = t.bot.newsSite!.articles();
      await expect.poll(() => items.count()).toBe(articles.length);
      const commands = await page.locator('#pane-news .news-item code').allTextContents();
      expect(commands).toEqual(articles.map((a) => `/brief add ${a.url}`));
      const hrefs = await page.locator('#pane-news .news-item a').evaluateAll((links) => links.map((l) => (l as HTMLAnchorElement).href));
      expect(hrefs).toEqual(articles.map((a) => a.url));
      expect(await page.locator('#pane-news').isVisible()).toBe(true);
      expect(await page.locator('#pane-slack').isVisible()).toBe(false);
    } finally {
      await browser.close();
    }
  });

  it('closes with the bot', async () => {
    const url = t.bot.newsSite!.url;
    await t.close();
    await expect(fetch(url)).rejects.toThrow();
  });
});

describe('outside local mode', () => {
  it('no news site runs beside real credentials', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefbot-news-'));
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', VAR_DIR: dir, SLACK_BOT_TOKEN: 'xoxb-test-not-real', SLACK_SIGNING_SECRET: 'test-signing-secret' });
    const bot = await startBot(config, silentLogger(), { corpora: fixtureCorpusSource(), digestTickMs: 0 });
    try {
      expect(bot.newsSite).toBeUndefined();
      expect((await fetch(new URL('/sandbox/news/articles', bot.url))).status).toBe(404);
    } finally {
      await bot.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
