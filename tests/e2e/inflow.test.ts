import { rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import type { RecordedMessage } from '../../src/sandbox/slack/index.js';
import { startNewsSite, type NewsSite } from '../../src/sandbox/news/server.js';
import { startBot, type RunningBot } from '../../src/serve.js';
import { tempVarDir } from '../fixtures/slack/test-bot.js';
import { makeDataDir } from '../inflow/data-dir.js';

/**
 * Issue 11 end to end, over real loopback HTTP: the news site's feed → `/brief sources add` → poll
 * (fetch, extract, ingest) → the running bot reloads the fact base → `/brief` finds the new fact
 * with a citation link that opens the live page at its words → an alert and the next digest post
 * it, once each, and a restarted bot posts it again nowhere.
 */
let site: NewsSite;
let config: Config;
let dataDir: string;
const bots: RunningBot[] = [];

beforeAll(async () => {
  site = await startNewsSite();
  dataDir = makeDataDir({ seeds: true });
  config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, VAR_DIR: tempVarDir(), LOG_LEVEL: 'silent', SOURCES_ALLOW_PRIVATE: '1' });
});
afterAll(async () => {
  for (const b of bots) await b.close();
  await site.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(): Promise<RunningBot> {
  // Ticks by hand: the test says when the poller and the scheduler run.
  const bot = await startBot(config, silentLogger(), { digestTickMs: 0, pollTickMs: 0 });
  bots.push(bot);
  return bot;
}

async function ask(bot: RunningBot, text: string, match: (m: RecordedMessage) => boolean): Promise<RecordedMessage> {
  const slack = bot.standIn!;
  const before = slack.messages.length;
  await slack.sendCommand({ text });
  return slack.waitFor(() => slack.messages.slice(before).find((m) => m.author === 'bot' && match(m)), 30_000);
}

/** Polls a condition the stand-in cannot signal (the bot's fact base reloading from disk). */
async function until(cond: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const textOf = (m: RecordedMessage) => `${m.text}\n${JSON.stringify(m.blocks)}`;
const visible = (html: string) =>
  html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&rsquo;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

it('feed → poll → ingest → reload → /brief with a working citation → one alert and one digest, across a restart', { timeout: 180_000 }, async () => {
  const bot = await start();
  const slack = bot.standIn!;

  // Follow the feed from chat; the first poll brings in what the feed has now.
  const added = await ask(bot, `sources add ${site.url}/mekong-herald/rss`, (m) => textOf(m).includes('Following'));
  expect(textOf(added)).toContain('The Mekong Herald');
  const first = await bot.poller.pollOnce();
  expect(first.committed).toHaveLength(1);
  await until(() => bot.corpora.current().fb.articles.has(first.committed[0]!));

  // Subscribe: an alert and a daily digest on Vietnam. Only what arrives from now on is new.
  await ask(bot, 'alert vietnam fishing', (m) => textOf(m).includes('set up for this channel'));
  await ask(bot, 'digest daily 08:00 UTC vietnam', (m) => textOf(m).includes('set up for this channel'));
  expect((await bot.scheduler.tick()).sent).toBe(0);

  // The site publishes a story: the next poll fetches only it.
  site.publish('mekong-herald-vietnam-fishing-decree');
  const second = await bot.poller.pollOnce({ all: true });
  expect(second.sources[0]).toMatchObject({ newEntries: 1 });
  expect(second.committed).toHaveLength(1);
  const newId = second.committed[0]!;
  await until(() => bot.corpora.current().fb.articles.has(newId));
  const newFacts = bot.corpora.current().fb.facts.filter((f) => f.citations.some((c) => c.articleId === newId));
  expect(newFacts.length).toBeGreaterThan(0);

  // /brief finds it, through the Slack stand-in, with a link that opens the live page at its words.
  const brief = await ask(bot, 'vietnam decree fines', (m) => textOf(m).includes('Brief:'));
  const links = [...textOf(brief).matchAll(/<(http:\/\/127\.0\.0\.1:\d+[^|>]*#:~:text=[^|>]+)\|/g)].map((m) => m[1]!);
  const articleUrl = bot.corpora.current().fb.articles.get(newId)!.url;
  const link = links.find((l) => l.startsWith(`${articleUrl}#`));
  expect(link).toBeDefined();
  const [page, fragment] = link!.split('#:~:text=') as [string, string];
  const res = await fetch(page);
  expect(res.status).toBe(200);
  const startWords = decodeURIComponent(fragment.split(',')[0]!);
  expect(visible(await res.text())).toContain(startWords);

  // The alert posts the new facts once; the digest run now has them too.
  const tick = await bot.scheduler.tick();
  expect(tick).toMatchObject({ sent: 1 });
  const digest = await bot.scheduler.runAllNow();
  expect(digest.sent).toBe(1);
  const posts = () => slack.messages.filter((m) => m.author === 'bot' && !m.ephemeral && m.via === 'chat.postMessage');
  const alertPosts = posts().filter((m) => textOf(m).includes('Alert: vietnam fishing'));
  const digestPosts = posts().filter((m) => textOf(m).includes('Digest: vietnam'));
  expect(alertPosts).toHaveLength(1);
  expect(digestPosts).toHaveLength(1);
  for (const m of [...alertPosts, ...digestPosts]) expect(textOf(m)).toContain(articleUrl);
  expect(newFacts.some((f) => textOf(alertPosts[0]!).includes(f.citations[0]!.quote.slice(0, 30)))).toBe(true);

  // Nothing more: another tick, another poll (the feed answers 304 or has nothing new).
  expect((await bot.scheduler.tick()).sent).toBe(0);

  // Restart: a new process on the same store and data. It posts nothing again.
  await bot.close();
  bots.splice(bots.indexOf(bot), 1);
  const again = await start();
  expect(again.corpora.current().fb.articles.has(newId)).toBe(true);
  expect((await again.scheduler.tick()).sent).toBe(0);
  const rerun = await again.scheduler.runAllNow();
  expect(rerun.sent).toBe(0);
  const third = await again.poller.pollOnce({ all: true });
  expect(third.committed).toEqual([]);
  const list = await ask(again, 'sources', (m) => textOf(m).includes('Sources: following 1 feed'));
  expect(textOf(list)).toContain('2 articles from 2 entries');
  expect(again.standIn!.messages.filter((m) => m.author === 'bot' && !m.ephemeral && m.via === 'chat.postMessage')).toEqual([]);

  // What the local page does: `/brief add` one of the news site's articles through the Slack stand-in.
  const other = site.articles().find((a) => a.slug === 'gac-canada-philippines')!;
  const ack = await ask(again, `add ${other.url}`, (m) => textOf(m).includes('Adding it'));
  expect(ack.ephemeral).toBe(true);
  const done = await again.standIn!.waitFor(() => again.standIn!.messages.find((m) => m.author === 'bot' && !m.deleted && /Added .*new facts?/.test(textOf(m))), 60_000);
  expect(done.ephemeral).toBe(true);
  expect(textOf(done)).toContain('Canada');
});
