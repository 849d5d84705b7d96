import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { silentLogger } from '../../../src/logger.js';
import { startBot, type RunningBot } from '../../../src/serve.js';
import { fixtureCorpora } from '../../fixtures/teams/corpus.js';

const CHROMIUM = '/usr/bin/chromium';
let bot: RunningBot;
let browser: Browser | undefined;

beforeAll(async () => {
  bot = await startBot(loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }), silentLogger(), { corpora: fixtureCorpora() });
});
afterAll(async () => {
  await browser?.close();
  await bot?.close();
});

describe('the Teams pane of the sandbox page', () => {
  it('is mounted when no MicrosoftAppId is set, with the stand-in trusted by the bot', async () => {
    expect(bot.teams.mode).toBe('stand-in');
    expect(bot.teamsStandIn?.serviceUrl()).toBe(`${bot.url}sandbox/teams/`);
    const page = await (await fetch(bot.url)).text();
    expect(page).toContain('id="pane-teams"');
    const renderer = await fetch(new URL('/sandbox/teams/adaptivecards.js', bot.url));
    expect(renderer.status).toBe(200);
    expect((await renderer.text()).length).toBeGreaterThan(100_000);
  });

  it.skipIf(!existsSync(CHROMIUM))(
    'renders the bot’s Adaptive Cards with the official renderer; text stays literal; More pages on',
    async () => {
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(bot.url);
      // One pane on screen at a time: what is visible, not merely present in the DOM.
      expect(await page.locator('#pane-slack').isVisible()).toBe(true);
      expect(await page.locator('#pane-teams').isVisible()).toBe(false);
      await page.click('button.tab[data-pane="teams"]');
      await page.waitForSelector('#pane-teams[data-ready="true"]');
      expect(await page.locator('#pane-teams').isVisible()).toBe(true);
      expect(await page.locator('#pane-slack').isVisible()).toBe(false);

      await page.click('#pane-teams button[data-scope="channel"]');
      await page.fill('[data-testid="teams-input"]', 'cocoa');
      await page.press('[data-testid="teams-input"]', 'Enter');
      const card = page.locator('#pane-teams .teams-msg.from-bot .ac-adaptiveCard').first();
      await card.waitFor();
      const text = await card.innerText();
      expect(text).toContain('Brief: cocoa');
      expect(text).toContain('Ghana and Norway agreed to cut tariffs on processed cocoa.');
      // An article headline and a fact full of markdown show as typed, with no link made of them.
      expect(text).toContain('Cocoa *exports* [click here](https://evil.example/x) to grow');
      expect(text).toContain('Ghana hopes to double **cocoa** exports to Norway [by 2030](https://evil.example/y).');
      expect(await card.locator('a[href*="evil.example"]').count()).toBe(0);
      // The user's message shows the @mention the stand-in added, as Teams would.
      expect(await page.locator('#pane-teams .teams-msg.from-user').first().innerText()).toContain('@briefbot cocoa');

      await page.fill('[data-testid="teams-input"]', 'ghana');
      await page.press('[data-testid="teams-input"]', 'Enter');
      const second = page.locator('#pane-teams .teams-msg.from-bot .ac-adaptiveCard').nth(1);
      await second.waitFor();
      expect(await second.innerText()).toContain('Showing 1–5');
      await second.locator('button', { hasText: 'More (3)' }).click();
      const third = page.locator('#pane-teams .teams-msg.from-bot .ac-adaptiveCard').nth(2);
      await third.waitFor();
      expect(await third.innerText()).toContain('Showing 6–8');

      // The personal chat is a separate conversation.
      await page.click('#pane-teams button[data-scope="personal"]');
      expect(await page.locator('#pane-teams .teams-msg').count()).toBe(0);
      await page.click('button.tab[data-pane="slack"]');
      expect(await page.locator('#pane-slack').isVisible()).toBe(true);
      expect(await page.locator('#pane-teams').isVisible()).toBe(false);
      expect(errors).toEqual([]);
    },
  );
});
