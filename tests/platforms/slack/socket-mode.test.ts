import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { silentLogger } from '../../../src/logger.js';
import { startSlackStandIn, type SlackStandIn } from '../../../src/sandbox/slack/index.js';
import { startBot, type RunningBot } from '../../../src/serve.js';
import { fixtureCorpusSource } from '../../fixtures/slack/fixture-corpus.js';
import { tempVarDir } from '../../fixtures/slack/test-bot.js';

let bot: RunningBot | undefined;
let slack: SlackStandIn | undefined;
afterEach(async () => {
  await bot?.close();
  await slack?.stop();
});

describe('Socket Mode', () => {
  it('starts without reaching Slack: /healthz answers, no /slack/events route, the connection is tried in the background', async () => {
    slack = await startSlackStandIn({ logger: silentLogger() });
    const config = loadConfig({ PORT: '0', SLACK_BOT_TOKEN: slack.botToken, SLACK_APP_TOKEN: 'xapp-1-test', SLACK_API_URL: slack.apiUrl, LOG_LEVEL: 'silent', VAR_DIR: tempVarDir() });
    bot = await startBot(config, silentLogger(), { corpora: fixtureCorpusSource() });
    expect(bot.standIn).toBeUndefined();
    const health = await fetch(new URL('/healthz', bot.url));
    expect(await health.json()).toMatchObject({ ok: true, slack: { mode: 'socket', connected: false } });
    expect((await fetch(new URL('/slack/events', bot.url), { method: 'POST' })).status).toBe(404);
    // The socket client asked the configured Web API base for a websocket URL (the stand-in has none).
    await slack.waitFor(() => slack!.calls.find((c) => c.method === 'apps.connections.open'));
  });
});

describe('HTTP mode with real-looking credentials', () => {
  it('serves /slack/events and verifies with the configured signing secret, and no Slack sandbox pane', async () => {
    slack = await startSlackStandIn({ logger: silentLogger() });
    const config = loadConfig({ PORT: '0', SLACK_BOT_TOKEN: slack.botToken, SLACK_SIGNING_SECRET: slack.signingSecret, SLACK_API_URL: slack.apiUrl, LOG_LEVEL: 'silent', VAR_DIR: tempVarDir() });
    bot = await startBot(config, silentLogger(), { corpora: fixtureCorpusSource() });
    expect(bot.standIn).toBeUndefined();
    expect((await fetch(new URL('/sandbox/slack/pane.js', bot.url))).status).toBe(404);
    slack.connect(new URL('/slack/events', bot.url).toString());
    expect((await slack.sendCommand({ text: 'kenya' })).status).toBe(200);
    await slack.waitFor(() => slack!.messages.find((m) => m.author === 'bot'));
    expect((await slack.sendCommand({ text: 'kenya', signingSecret: 'wrong' })).status).toBe(401);
  });
});
