import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeDigest } from '../../../src/digest/compose.js';
import { loadConfig } from '../../../src/config.js';
import { createHttpServer, listen } from '../../../src/http/server.js';
import { createLogger } from '../../../src/logger.js';
import { createTeamsApp, type TeamsApp } from '../../../src/platforms/teams/app.js';
import { foreignKey, startBotFrameworkStandIn, type BotFrameworkStandIn } from '../../../src/sandbox/teams/bot-framework.js';
import { buildActivity, STAND_IN } from '../../../src/sandbox/teams/connector.js';
import { DigestScheduler } from '../../../src/schedule/scheduler.js';
import { openSqliteStore } from '../../../src/store/open.js';
import type { KyselyStore } from '../../../src/store/kysely-store.js';
import { fixtureCorpora } from '../../fixtures/teams/corpus.js';
import { ManualClock } from '../../schedule/helpers.js';
import { cardOf, cardText } from './harness.js';

const APP_ID = '6f1c2a9e-3b4d-4e5f-8a7b-0c1d2e3f4a5b';
const PASSWORD = 'stand-in-password-not-real';
const corpora = fixtureCorpora();

let bf: BotFrameworkStandIn;
let app: TeamsApp;
let botUrl: string;
let close: () => Promise<void>;
let store: KyselyStore;
let dir: string;
let clock: ManualClock;
let logs: string[];

beforeEach(async () => {
  logs = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = createLogger({ level: 'debug', destination: sink });
  dir = mkdtempSync(join(tmpdir(), 'briefbot-bf-'));
  store = await openSqliteStore(join(dir, 'store.sqlite'));
  clock = new ManualClock(Date.parse('2026-03-02T04:00:00Z'));
  bf = await startBotFrameworkStandIn({ appId: APP_ID, appPassword: PASSWORD, botUrl: () => botUrl, logger });
  const config = loadConfig({ PORT: '0', MicrosoftAppId: APP_ID, MicrosoftAppPassword: PASSWORD, MicrosoftAppType: 'MultiTenant', ...bf.settings() });
  app = createTeamsApp({ config, corpora, logger, digests: { store, clock } });
  const server = createHttpServer(app.routes, logger);
  botUrl = `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}`;
  close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
});
afterEach(async () => {
  await close();
  await bf.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const channel = STAND_IN.conversations.channel;

async function postWith(token: string): Promise<number> {
  const activity = buildActivity({ scope: 'personal', text: 'ghana' }, bf.teams.serviceUrl()!, 'm-forged');
  const res = await fetch(`${botUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(activity),
  });
  await res.arrayBuffer();
  return res.status;
}

describe('Teams with MicrosoftAppId against a loopback Bot Framework (real JWTs both ways)', () => {
  it('is in azure mode, pointed at the stand-in through botbuilder’s own settings', () => {
    expect(app.mode).toBe('azure');
    expect(bf.settings().ToChannelFromBotLoginUrl.startsWith(bf.baseUrl)).toBe(true);
  });

  it('answers a message with a valid channel token; the reply reaches the connector with the bot’s bearer token', async () => {
    const { status } = await bf.teams.send({ scope: 'channel', text: 'ghana' });
    expect(status).toBe(200);
    const [reply] = await bf.teams.waitForReplies(channel, 1);
    expect(cardText(cardOf(reply!.activity))).toContain('Ghana');
    expect(bf.tokensIssued()).toBe(1);
    const [token] = bf.seenBotTokens();
    const claims = JSON.parse(Buffer.from(token!.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(claims).toMatchObject({ appid: APP_ID, aud: bf.settings().ToChannelFromBotOAuthScope });
    // The token is cached: a second turn asks the token endpoint nothing new.
    await bf.teams.send({ scope: 'channel', text: 'help' });
    await bf.teams.waitForReplies(channel, 2);
    expect(bf.tokensIssued()).toBe(1);
  });

  it('sends a proactive digest with the bot’s token, from a reference taken from an authenticated activity', async () => {
    await bf.teams.send({ scope: 'channel', text: 'digest daily 08:00 Africa/Nairobi ghana' });
    await bf.teams.waitForReplies(channel, 1);
    const ref = await store.getConversationRef('teams', channel);
    expect(ref?.payload).toMatchObject({ serviceUrl: bf.teams.serviceUrl() });
    clock.set('2026-03-02T05:00:30Z');
    const scheduler = new DigestScheduler({
      store,
      posters: { teams: app.poster! },
      compose: (sub, slot) => composeDigest(corpora.current(), sub, slot),
      clock,
      logger: createLogger({ level: 'silent' }),
      // The test's clock, not the database's, decides which slot is due.
      options: { timeSource: 'clock' },
    });
    expect(await scheduler.tick()).toMatchObject({ sent: 1, failed: 0 });
    const posts = await bf.teams.waitForReplies(channel, 2);
    expect(cardText(cardOf(posts[1]!.activity))).toContain('ghana');
    expect(bf.seenBotTokens()).toHaveLength(2);
    expect(bf.seenBotTokens().every((t) => t.split('.').length === 3)).toBe(true);
  });

  it.each([
    ['expired', () => bf.channelToken({ exp: Math.floor(Date.now() / 1000) - 3600, nbf: Math.floor(Date.now() / 1000) - 7200 })],
    ['for another app (wrong audience)', () => bf.channelToken({ aud: '11111111-2222-3333-4444-555555555555' })],
    ['from another issuer', () => bf.channelToken({ iss: 'https://api.botframework.com' })],
    ['signed with a key the metadata does not list', () => bf.channelToken({}, { key: foreignKey(), kid: 'unknown-key' })],
    ['signed with another key under the listed key id', () => bf.channelToken({}, { key: foreignKey() })],
    ['for another serviceUrl', () => bf.channelToken({ serviceurl: 'https://smba.trafficmanager.net/amer/' })],
  ])('answers 401 to a token %s, and runs nothing', async (_name, token) => {
    expect(await postWith(token())).toBe(401);
    expect(bf.teams.transcript().filter((r) => r.direction === 'from-bot')).toHaveLength(0);
    expect(logs.join('')).toContain('request not authenticated');
    expect(logs.join('')).not.toContain('teams: answering');
    expect(bf.tokensIssued()).toBe(0);
  });

  it('the connector refuses a call without the bot’s token (the check can fail)', async () => {
    const res = await fetch(`${bf.teams.serviceUrl()}v3/conversations/${encodeURIComponent(channel)}/activities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'not from the bot' }),
    });
    expect(res.status).toBe(401);
    const forged = await fetch(`${bf.teams.serviceUrl()}v3/conversations/${encodeURIComponent(channel)}/activities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bf.channelToken()}` },
      body: JSON.stringify({ type: 'message', text: 'a channel token is not the bot’s' }),
    });
    expect(forged.status).toBe(401);
    expect(bf.teams.transcript()).toHaveLength(0);
  });
});
