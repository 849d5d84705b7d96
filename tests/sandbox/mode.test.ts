import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger, silentLogger } from '../../src/logger.js';
import { startBot, type RunningBot } from '../../src/serve.js';
import { buildActivity, createTeamsStandIn, STAND_IN } from '../../src/sandbox/teams/connector.js';
import { fixtureCorpora } from '../fixtures/teams/corpus.js';
import { cardOf, cardText } from '../platforms/teams/harness.js';

const SLACK = { SLACK_BOT_TOKEN: 'xoxb-test-not-real', SLACK_SIGNING_SECRET: 'test-signing-secret' };
const TEAMS = { MicrosoftAppId: '00000000-0000-0000-0000-0000000b0e1d', MicrosoftAppPassword: 'test-password-not-real' };

let bot: RunningBot | undefined;
let dir: string | undefined;
let logs: string[] = [];
afterEach(async () => {
  await bot?.close();
  bot = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

async function start(env: Record<string, string>): Promise<RunningBot> {
  dir = mkdtempSync(join(tmpdir(), 'briefbot-mode-'));
  logs = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', VAR_DIR: dir, LOG_LEVEL: 'info', ...env });
  bot = await startBot(config, createLogger({ level: 'info', destination: sink }), { corpora: fixtureCorpora(), digestTickMs: 0 });
  return bot;
}

const status = async (b: RunningBot, method: string, path: string, body?: unknown): Promise<number> => {
  const res = await fetch(new URL(path, b.url), {
    method,
    ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
  });
  await res.arrayBuffer();
  return res.status;
};

describe('no sandbox beside a real platform', () => {
  it('with only Slack credentials: no page, no /sandbox/*, no /api/messages, nothing written by a stand-in', async () => {
    const b = await start(SLACK);
    expect(b.teamsStandIn).toBeUndefined();
    expect(b.standIn).toBeUndefined();
    expect(await status(b, 'GET', '/')).toBe(404);
    expect(await status(b, 'POST', '/sandbox/teams/send', { scope: 'channel', text: 'digest daily 08:00 ghana' })).toBe(404);
    expect(await status(b, 'GET', '/sandbox/teams/transcript')).toBe(404);
    expect(await status(b, 'GET', '/sandbox/tabs.js')).toBe(404);
    const claimed = buildActivity({ scope: 'channel', text: 'digest daily 08:00 ghana' }, `${b.url}sandbox/teams/`, 'x1');
    expect(await status(b, 'POST', '/api/messages', claimed)).toBe(404);
    expect(await b.store.countSubscriptions()).toBe(0);
    // Slack itself is served.
    expect(await status(b, 'POST', '/slack/events', {})).not.toBe(404);
    expect(logs.join('')).toContain('no sandbox');
  });

  it('with only Teams credentials: no /slack/events, no page; an activity claiming the stand-in URL gets 401', async () => {
    const b = await start(TEAMS);
    expect(b.slack).toBeUndefined();
    expect(b.teams.mode).toBe('azure');
    expect(await status(b, 'POST', '/slack/events', {})).toBe(404);
    expect(await status(b, 'GET', '/')).toBe(404);
    expect(await status(b, 'POST', '/sandbox/teams/send', { scope: 'personal', text: 'help' })).toBe(404);
    const claimed = buildActivity({ scope: 'channel', text: 'digest daily 08:00 ghana' }, `${b.url}sandbox/teams/`, 'x1');
    expect(await status(b, 'POST', '/api/messages', claimed)).toBe(401);
    expect(await b.store.countSubscriptions()).toBe(0);
  });

  it('BRIEFBOT_SANDBOX=1 beside real credentials turns local mode on, and says so loudly', async () => {
    const b = await start({ ...SLACK, BRIEFBOT_SANDBOX: '1' });
    expect(b.teamsStandIn).toBeDefined();
    expect(await status(b, 'GET', '/')).toBe(200);
    expect(logs.join('')).toContain('LOCAL SANDBOX MODE IS ON');
  });

  it('with no credentials at all: local mode, both stand-ins and the page', async () => {
    const b = await start({});
    expect(b.standIn).toBeDefined();
    expect(b.teamsStandIn).toBeDefined();
    expect(await status(b, 'GET', '/')).toBe(200);
    expect(logs.join('')).toContain('local sandbox mode');
  });
});

describe('subscription caps', () => {
  it('refuses a subscription past the per-channel cap with a clear reply', async () => {
    const b = await start({ DIGEST_MAX_PER_CHANNEL: '2' });
    const t = b.teamsStandIn!;
    for (const q of ['ghana', 'cocoa', 'norway']) await t.send({ scope: 'channel', text: `digest daily 08:00 UTC ${q}` });
    const replies = await t.waitForReplies(STAND_IN.conversations.channel, 3);
    expect(cardText(cardOf(replies[1]!.activity))).toContain('set up');
    expect(cardText(cardOf(replies[2]!.activity))).toContain('already has 2 digests');
    expect(await b.store.countSubscriptions({ platform: 'teams', channelId: STAND_IN.conversations.channel })).toBe(2);
  });

  it('refuses a subscription past the per-tenant cap, across channels', async () => {
    const b = await start({ DIGEST_MAX_PER_CHANNEL: '5', DIGEST_MAX_PER_WORKSPACE: '2' });
    const t = b.teamsStandIn!;
    await t.send({ scope: 'channel', text: 'digest daily 08:00 UTC ghana' });
    await t.send({ scope: 'groupChat', text: 'digest daily 08:00 UTC ghana' });
    await t.send({ scope: 'personal', text: 'digest daily 08:00 UTC ghana' });
    const [refused] = await t.waitForReplies(STAND_IN.conversations.personal, 1);
    expect(cardText(cardOf(refused!.activity))).toContain('This tenant already has 2 digests');
    expect(await b.store.countSubscriptions({ platform: 'teams', teamId: STAND_IN.tenantId })).toBe(2);
    // Turning one off frees a place: the count is of active subscriptions.
    const [sub] = await b.store.listSubscriptions({ platform: 'teams', channelId: STAND_IN.conversations.channel });
    await b.store.deactivateSubscription(sub!.id, { platform: 'teams', channelId: STAND_IN.conversations.channel });
    await t.send({ scope: 'personal', text: 'digest daily 08:00 UTC ghana' });
    const replies = await t.waitForReplies(STAND_IN.conversations.personal, 2);
    expect(cardText(cardOf(replies[1]!.activity))).toContain('set up');
  });
});

describe('the Teams stand-in transcript', () => {
  it('keeps only the newest activities, while its version keeps counting', () => {
    const t = createTeamsStandIn({ logger: silentLogger(), transcriptLimit: 5 });
    t.setBaseUrl('http://127.0.0.1:9');
    // Record through the connector route the bot posts to.
    return (async () => {
      const { createHttpServer, listen } = await import('../../src/http/server.js');
      const server = createHttpServer(t.routes, silentLogger());
      const port = await listen(server, 0, '127.0.0.1');
      try {
        for (let i = 0; i < 12; i++) {
          const res = await fetch(`http://127.0.0.1:${port}/sandbox/teams/v3/conversations/a%3Ax/activities`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ type: 'message', text: `n${i}` }),
          });
          expect(res.status).toBe(200);
        }
        const kept = t.transcript();
        expect(kept).toHaveLength(5);
        expect(kept.map((r) => r.activity['text'])).toEqual(['n7', 'n8', 'n9', 'n10', 'n11']);
        expect(t.version()).toBe(12);
      } finally {
        server.close();
      }
    })();
  });
});

describe('/privacy and /terms', () => {
  it('resolve where Teams runs, from config text or a file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'briefbot-terms-')), 'terms.txt');
    writeFileSync(file, 'Terms of Harbour Analytics: quote with care.\n');
    const b = await start({ ...TEAMS, PRIVACY_TEXT: 'Harbour Analytics keeps no messages.', TERMS_FILE: file });
    const privacy = await fetch(new URL('/privacy', b.url));
    expect(privacy.status).toBe(200);
    expect(await privacy.text()).toBe('Harbour Analytics keeps no messages.\n');
    const terms = await fetch(new URL('/terms', b.url));
    expect(await terms.text()).toBe('Terms of Harbour Analytics: quote with care.\n');
    rmSync(file);
  });

  it('serve a default statement when nothing is configured', async () => {
    const b = await start({});
    const res = await fetch(new URL('/privacy', b.url));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('conversation reference');
  });
});
