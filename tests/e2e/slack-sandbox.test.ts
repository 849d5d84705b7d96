import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { FactBase } from '../../src/factbase/factbase.js';
import { silentLogger } from '../../src/logger.js';
import { startBot, type RunningBot } from '../../src/serve.js';
import { tempVarDir } from '../fixtures/slack/test-bot.js';

/**
 * What `npm start` runs on a fresh clone: the real fact base (data/factbase.json), the real
 * searcher, no Slack credentials, so the local stand-in and the sandbox page come up.
 */
const CHROMIUM = '/usr/bin/chromium';
const DATA_DIR = 'data';
let bot: RunningBot;

beforeAll(async () => {
  bot = await startBot(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR, LOG_LEVEL: 'silent', VAR_DIR: tempVarDir() }), silentLogger());
});
afterAll(async () => {
  await bot?.close();
});

interface TimelineMessage {
  id: string;
  author: string;
  ephemeral: boolean;
  text: string;
  blocks: { type: string; text?: { text: string }; elements?: { text?: string | { text: string }; action_id?: string }[] }[];
}

async function ask(text: string): Promise<TimelineMessage> {
  const before = bot.standIn!.messages.length;
  const res = await fetch(new URL('/sandbox/slack/command', bot.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ command: '/brief', text }) });
  expect(res.status).toBe(200);
  await bot.standIn!.waitFor(() => bot.standIn!.messages.slice(before).find((m) => m.author === 'bot'));
  const timeline = (await (await fetch(new URL('/sandbox/slack/timeline', bot.url))).json()) as { messages: TimelineMessage[] };
  return timeline.messages.filter((m) => m.author === 'bot').at(-1)!;
}

const allText = (m: TimelineMessage) => JSON.stringify(m.blocks);

describe('npm start without Slack credentials', () => {
  it('serves the sandbox page and /healthz', async () => {
    const page = await fetch(bot.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await page.text()).toContain('id="pane-slack"');
    const js = await fetch(new URL('/sandbox/slack/pane.js', bot.url));
    expect(js.headers.get('content-type')).toContain('javascript');
    expect(await js.text()).not.toContain('innerHTML');
    const health = (await (await fetch(new URL('/healthz', bot.url))).json()) as { ok: boolean; facts: number };
    expect(health.ok).toBe(true);
    expect(health.facts).toBeGreaterThan(0);
  });

  it('answers /brief kenya malaysia with cited facts and text-fragment links, through the real searcher', async () => {
    const m = await ask('kenya malaysia');
    expect(m.ephemeral).toBe(true);
    const text = allText(m);
    expect(text).toContain('Brief: kenya malaysia');
    expect(text).toMatch(/\*1\.\* [^"]+ \[\d\]/);
    expect(text).toContain('#:~:text=');
    expect(text).toContain('*Sources*');
  });

  it('forgives typos and shows what it understood', async () => {
    const m = await ask('malaysa kenyan');
    expect(allText(m)).toContain('Understood:');
    expect(allText(m)).toMatch(/\*1\.\* /);
  });

  it('answers help and sources', async () => {
    expect(allText(await ask('help'))).toContain('/brief — help');
    expect(allText(await ask('sources'))).toMatch(/\d+ articles, \d+ facts/);
  });
});

describe('the sandbox page in a browser', () => {
  let browser: Browser | undefined;
  afterAll(async () => {
    await browser?.close();
  });

  it.skipIf(!existsSync(CHROMIUM))('types /brief kenya malaysia and sees a fact with a working source link', async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(bot.url);
    const input = page.getByRole('textbox', { name: 'Message #general' });
    await input.fill('/brief kenya malaysia');
    await input.press('Enter');

    const answer = page.locator('article.msg.bot', { hasText: 'Brief: kenya malaysia' }).last();
    await answer.waitFor();
    await expect(answer.locator('.bk-section', { hasText: /^1\. / }).first().textContent()).resolves.toMatch(/\[\d+\]/);
    const link = answer.locator('a[href*="#:~:text="]').first();
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^https?:\/\/[^#]+#:~:text=/);
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toContain('noopener');
    // The link opens the cited article at the quote: it is a citation url of the fact base, and
    // its text fragment's words are the start of that citation's quote.
    const fb = FactBase.load(join(DATA_DIR, 'factbase.json'));
    const citation = fb.facts.flatMap((f) => f.citations).find((c) => c.url === href);
    expect(citation).toBeDefined();
    // text=[prefix-,]textStart[,textEnd][,-suffix]
    const parts = href!.split('#:~:text=')[1]!.split(',');
    const fragment = decodeURIComponent(parts.find((p) => !p.endsWith('-') && !p.startsWith('-'))!);
    expect(citation!.quote.replace(/\s+/g, ' ')).toContain(fragment.replace(/\s+/g, ' '));

    // Buttons work: Post to channel replaces the private brief with a public one.
    await answer.getByRole('button', { name: 'Post to channel' }).click();
    const shared = page.locator('article.msg.bot', { hasText: 'Shared by' });
    await shared.waitFor();
    expect(await shared.locator('.only-you').count()).toBe(0);

    // Markup typed by a user (or written in an article) is shown, never run.
    await input.fill('/brief <img src=x onerror=alert(1)> <marquee>zzq</marquee>');
    await input.press('Enter');
    const echo = page.locator('article.msg.bot', { hasText: 'Brief: <img src=x onerror=alert(1)>' });
    await echo.waitFor();
    expect(await page.locator('#pane-slack img').count()).toBe(0);
    expect(await page.locator('#pane-slack marquee').count()).toBe(0);
    expect(await echo.textContent()).toContain('<marquee>zzq</marquee>');
    expect(dialogs).toEqual([]);
  });
});
