import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { startSlackStandIn, type SlackStandIn } from '../../src/sandbox/slack/index.js';
import { startBot, type RunningBot } from '../../src/serve.js';
import { fixtureCorpusSource } from '../fixtures/slack/fixture-corpus.js';
import { tempVarDir } from '../fixtures/slack/test-bot.js';

/**
 * A signed state-changing command replayed byte for byte (same timestamp, same signature) after a
 * restart, or sent to two replicas at once, changes the store once. The bot runs as in production:
 * Slack credentials (issued by the stand-in), HTTP mode, its store on disk.
 */
let slack: SlackStandIn | undefined;
const bots: RunningBot[] = [];
afterEach(async () => {
  for (const b of bots.splice(0)) await b.close();
  await slack?.stop();
});

async function start(varDir: string): Promise<RunningBot> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    SLACK_BOT_TOKEN: slack!.botToken,
    SLACK_SIGNING_SECRET: slack!.signingSecret,
    SLACK_API_URL: slack!.apiUrl,
    VAR_DIR: varDir,
    LOG_LEVEL: 'silent',
  });
  const bot = await startBot(config, silentLogger(), { corpora: fixtureCorpusSource(), digestTickMs: 0 });
  bots.push(bot);
  return bot;
}
const eventsUrl = (bot: RunningBot) => new URL('/slack/events', bot.url).toString();
const replies = (url: string | undefined) => slack!.messages.filter((m) => m.author === 'bot' && m.responseUrl === url);

describe('replayed state-changing commands', () => {
  it('digest daily replayed after a restart creates no second subscription', async () => {
    slack = await startSlackStandIn({ logger: silentLogger() });
    const varDir = tempVarDir();
    let bot = await start(varDir);
    slack.connect(eventsUrl(bot));
    const original = await slack.sendCommand({ text: 'digest daily 08:00 Africa/Lagos nigeria ghana' });
    expect(original.status).toBe(200);
    await slack.waitFor(() => replies(original.responseUrl).length === 1);
    expect(JSON.stringify(replies(original.responseUrl)[0]!.blocks)).toMatch(/set up/);
    expect(await bot.store.listSubscriptions({ platform: 'slack' })).toHaveLength(1);

    await bot.close();
    bot = await start(varDir);
    slack.connect(eventsUrl(bot));
    const replayed = await slack.replay(original);
    expect(replayed.status).toBe(200);
    // A later command, answered, shows the replay has been handled by then.
    const marker = await slack.sendCommand({ text: 'digest list' });
    await slack.waitFor(() => replies(marker.responseUrl).length === 1);
    expect(await bot.store.listSubscriptions({ platform: 'slack' })).toHaveLength(1);
    // Nothing new was posted on the replayed request's response_url.
    expect(replies(original.responseUrl)).toHaveLength(1);
  });

  it('digest off all replayed after a restart does not turn off a digest made since', async () => {
    slack = await startSlackStandIn({ logger: silentLogger() });
    const varDir = tempVarDir();
    let bot = await start(varDir);
    slack.connect(eventsUrl(bot));
    const first = await slack.sendCommand({ text: 'digest daily 07:00 UTC togo' });
    await slack.waitFor(() => replies(first.responseUrl).length === 1);
    const off = await slack.sendCommand({ text: 'digest off all' });
    await slack.waitFor(() => replies(off.responseUrl).length === 1);
    const second = await slack.sendCommand({ text: 'digest weekdays 07:30 UTC benin' });
    await slack.waitFor(() => replies(second.responseUrl).length === 1);

    await bot.close();
    bot = await start(varDir);
    slack.connect(eventsUrl(bot));
    expect((await slack.replay(off)).status).toBe(200);
    const marker = await slack.sendCommand({ text: 'digest list' });
    await slack.waitFor(() => replies(marker.responseUrl).length === 1);
    expect((await bot.store.listSubscriptions({ platform: 'slack' })).map((s) => s.query)).toEqual(['benin']);
  });

  it('the same signed command at two replicas on one store at once creates one subscription', async () => {
    slack = await startSlackStandIn({ logger: silentLogger() });
    const varDir = tempVarDir();
    const [a, b] = [await start(varDir), await start(varDir)];
    slack.connect(eventsUrl(a!));
    const original = await slack.sendCommand({ text: 'digest daily 06:00 UTC senegal' });
    slack.connect(eventsUrl(b!));
    expect((await slack.replay(original)).status).toBe(200);
    await slack.waitFor(() => replies(original.responseUrl).length === 1);
    const marker = await slack.sendCommand({ text: 'digest list' });
    await slack.waitFor(() => replies(marker.responseUrl).length === 1);
    expect(await a!.store.listSubscriptions({ platform: 'slack' })).toHaveLength(1);
    expect(replies(original.responseUrl)).toHaveLength(1);
  });

  it('a replay with a timestamp moved 10 minutes ahead is refused (401) before anything runs', async () => {
    slack = await startSlackStandIn({ logger: silentLogger() });
    const bot = await start(tempVarDir());
    slack.connect(eventsUrl(bot));
    const d = await slack.sendCommand({ text: 'digest daily 08:00 UTC mali', timestamp: Math.floor(Date.now() / 1000) + 600 });
    expect(d.status).toBe(401);
    expect(await bot.store.listSubscriptions({ platform: 'slack' })).toHaveLength(0);
  });
});
