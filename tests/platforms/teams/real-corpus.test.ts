import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { silentLogger } from '../../../src/logger.js';
import { TEAMS_LIMITS } from '../../../src/render/teams.js';
import { STAND_IN } from '../../../src/sandbox/teams/connector.js';
import { startBot, type RunningBot } from '../../../src/serve.js';
import { schemaErrors } from '../../render/teams-schema.js';
import { cardOf, cardText } from './harness.js';

/** `npm start` as shipped: the real fact base and searcher, the Teams stand-in. */
const HAVE_FACTBASE = existsSync('data/factbase.json');
let bot: RunningBot | undefined;

beforeAll(async () => {
  if (HAVE_FACTBASE) bot = await startBot(loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }), silentLogger());
});
afterAll(async () => {
  await bot?.close();
});

describe.skipIf(!HAVE_FACTBASE)('Teams against the real fact base', () => {
  it('answers brief kenya malaysia, sources and help in a channel with valid cards under the size budget', async () => {
    const standIn = bot!.teamsStandIn!;
    for (const text of ['brief kenya malaysia', 'sources', 'help']) await standIn.send({ scope: 'channel', text });
    const replies = await standIn.waitForReplies(STAND_IN.conversations.channel, 3);
    for (const r of replies) {
      const card = cardOf(r.activity);
      expect(schemaErrors(card)).toBe('');
      expect(JSON.stringify(card).length).toBeLessThanOrEqual(TEAMS_LIMITS.cardSize);
    }
    const brief = cardText(cardOf(replies[0]!.activity));
    expect(brief).toContain('Brief: kenya malaysia');
    expect(brief).toMatch(/\*\*1\.\*\* .+ \\\[\d+\\\]/);
    expect(JSON.stringify(replies[0]!.activity)).toContain('#:~:text=');
  });
});
