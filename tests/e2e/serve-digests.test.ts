import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { STAND_IN } from '../../src/sandbox/teams/connector.js';
import { startBot, type RunningBot } from '../../src/serve.js';
import { tempVarDir } from '../fixtures/slack/test-bot.js';
import { ManualClock } from '../schedule/helpers.js';

/** The composition root wires digests for both platforms: a Teams subscription made through the
 * stand-in is posted by the same scheduler that posts Slack's. */
const clock = new ManualClock(Date.parse('2026-03-02T04:00:00Z'));
let bot: RunningBot;

beforeAll(async () => {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: 'data', LOG_LEVEL: 'silent', VAR_DIR: tempVarDir() });
  bot = await startBot(config, silentLogger(), { clock, digestTickMs: 0 });
});
afterAll(async () => {
  await bot?.close();
});

describe('npm start: digests in Teams', () => {
  it('subscribes in a Teams channel and the scheduler posts the digest there once', async () => {
    const standIn = bot.teamsStandIn!;
    const channel = STAND_IN.conversations.channel;
    await standIn.send({ scope: 'channel', text: 'digest daily 08:00 Africa/Nairobi kenya malaysia' });
    const [confirmation] = await standIn.waitForReplies(channel, 1);
    expect(JSON.stringify(confirmation!.activity)).toMatch(/Digest \w+ set up/);

    clock.set('2026-03-02T05:00:30Z'); // 08:00 in Nairobi
    expect(await bot.scheduler.tick()).toMatchObject({ due: 1, sent: 1, failed: 0 });
    expect(await bot.scheduler.tick()).toMatchObject({ sent: 0 });
    const replies = await standIn.waitForReplies(channel, 2);
    expect(replies).toHaveLength(2);
    expect(JSON.stringify(replies[1]!.activity)).toContain('Digest: kenya malaysia');
  });
});
