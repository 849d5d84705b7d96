import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_USER } from '../../../src/sandbox/slack/index.js';
import { fixtureCorpusSource, slowCorpus } from '../../fixtures/slack/fixture-corpus.js';
import { eventually, headerOf, startTestBot, textOf, type TestBot } from '../../fixtures/slack/test-bot.js';

let t: TestBot;
afterEach(async () => {
  // Every message the bot sent passed the stand-in's Block Kit checks.
  expect(t.slack.calls.filter((c) => c.error === 'invalid_blocks' || c.error === 'msg_too_long')).toEqual([]);
  await t?.close();
});

const botAnswer = (t: TestBot, header: string) =>
  t.slack.waitFor(() => t.slack.messages.find((m) => m.author === 'bot' && !m.deleted && headerOf(m) === header));

describe('Slack /brief over HTTP through the stand-in', () => {
  beforeEach(async () => {
    t = await startTestBot();
  });

  it('answers a signed command privately through response_url, after an empty ack', async () => {
    const d = await t.slack.sendCommand({ text: 'kenya malaysia' });
    expect(d.status).toBe(200);
    expect(d.responseBody).toBe('');
    const m = await botAnswer(t, 'Brief: kenya malaysia');
    expect(m.ephemeral).toBe(true);
    expect(m.visibleTo).toBe(SANDBOX_USER.id);
    expect(m.via).toBe('response_url');
    expect(textOf(m)).toMatch(/\*1\.\* Kenya and Malaysia signed agreements/);
    expect(textOf(m)).toContain('#:~:text=');
  });

  it('rejects a bad signature with 401 and answers nothing', async () => {
    const d = await t.slack.sendCommand({ text: 'kenya', signingSecret: 'not-the-secret' });
    expect(d.status).toBe(401);
    expect(t.slack.messages.filter((m) => m.author === 'bot')).toEqual([]);
  });

  it('rejects a timestamp older than 5 minutes with 401', async () => {
    const d = await t.slack.sendCommand({ text: 'kenya', timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(d.status).toBe(401);
    expect(t.slack.messages.filter((m) => m.author === 'bot')).toEqual([]);
  });

  it('acknowledges a retry of a command already answered but does not answer twice', async () => {
    const first = await t.slack.sendCommand({ text: 'kenya malaysia' });
    await botAnswer(t, 'Brief: kenya malaysia');
    const retry = await t.slack.retry(first, 1);
    expect(retry.status).toBe(200);
    // A later command's answer proves the retry has been fully handled by then.
    await t.slack.sendCommand({ text: 'china' });
    await botAnswer(t, 'Brief: china');
    expect(t.slack.messages.filter((m) => headerOf(m) === 'Brief: kenya malaysia')).toHaveLength(1);
    expect(t.logs.some((l) => String(l['msg']).includes('not answering twice'))).toBe(true);
  });

  it('Post to channel replaces the private brief with a public one', async () => {
    await t.slack.sendCommand({ text: 'kenya malaysia' });
    const priv = await botAnswer(t, 'Brief: kenya malaysia');
    const click = await t.slack.clickButton({ messageId: priv.id, actionId: 'brief_post' });
    expect(click.status).toBe(200);
    const pub = await t.slack.waitFor(() => t.slack.messages.find((m) => !m.ephemeral && m.author === 'bot'));
    await t.slack.waitFor(() => priv.deleted);
    expect(headerOf(pub)).toBe('Brief: kenya malaysia');
    expect(textOf(pub)).toContain(`Shared by <@${SANDBOX_USER.id}>`);
    expect(JSON.stringify(pub.blocks)).not.toContain('brief_post');
    // The same facts as the private copy.
    const facts = (m: typeof pub) => textOf(m).match(/\*\d+\.\* [^\n]+/g);
    expect(facts(pub)).toEqual(facts({ ...priv, blocks: priv.blocks }));
  });

  it('More shows the next page in place of the first', async () => {
    await t.slack.sendCommand({ text: 'kenya' });
    const page = await botAnswer(t, 'Brief: kenya');
    expect(textOf(page)).toContain('9 facts about Kenya · showing 1–5 · 4 more — use More');
    const v1 = page.version;
    await t.slack.clickButton({ messageId: page.id, actionId: 'brief_more' });
    await t.slack.waitFor(() => page.version > v1);
    expect(textOf(page)).toContain('*6.* ');
    expect(textOf(page)).toContain('showing 6–9');
    expect(JSON.stringify(page.blocks)).not.toContain('brief_more');
  });

  it('Sources lists the articles as a new private message', async () => {
    await t.slack.sendCommand({ text: 'kenya' });
    const page = await botAnswer(t, 'Brief: kenya');
    await t.slack.clickButton({ messageId: page.id, actionId: 'brief_sources' });
    const sources = await botAnswer(t, 'Sources');
    expect(sources.ephemeral).toBe(true);
    expect(textOf(sources)).toContain('3 articles, 9 facts');
    expect(page.deleted).toBe(false);
  });

  it('logs response_url failures (expired, used up) and keeps serving', async () => {
    const expired = await t.slack.sendCommand({ text: 'kenya', responseUrlExpired: true });
    expect(expired.status).toBe(200);
    await t.slack.waitFor(() => t.slack.calls.find((c) => c.method === 'response_url' && c.error === 'expired_url'));
    await eventually(() => t.logs.find((l) => l['msg'] === 'slack: response_url post failed' && l['status'] === 404));
    const spent = await t.slack.sendCommand({ text: 'china', responseUrlUsesLeft: 0 });
    expect(spent.status).toBe(200);
    await t.slack.waitFor(() => t.slack.calls.find((c) => c.method === 'response_url' && c.error === 'used_url'));
    await eventually(() => t.logs.filter((l) => l['msg'] === 'slack: response_url post failed').length >= 2);
    expect(JSON.stringify(t.logs)).not.toContain('/response/');
    await t.slack.sendCommand({ text: 'malaysia' });
    await botAnswer(t, 'Brief: malaysia');
  });

  it('escapes mentions and links typed in the query', async () => {
    await t.slack.sendCommand({ text: '<!channel> <!everyone> <@U123> <https://evil|click>' });
    const m = await t.slack.waitFor(() => t.slack.messages.find((x) => x.author === 'bot'));
    const mrkdwn = JSON.stringify(m.blocks.flatMap((b) => JSON.stringify(b).match(/"type":"mrkdwn","text":"[^"]*"/g) ?? []));
    expect(mrkdwn).toContain('&lt;!channel&gt;');
    expect(mrkdwn).not.toMatch(/<!channel>|<!everyone>|<@U123>|<https:\/\/evil/);
  });

  it('"/brief sources" lists the followed feeds and the fact base\'s size; "sources articles" the articles', async () => {
    await t.slack.sendCommand({ text: 'sources' });
    const feeds = await t.slack.waitFor(() => t.slack.messages.find((m) => m.author === 'bot' && textOf(m).includes('Sources: following 0 feeds')));
    expect(textOf(feeds)).toMatch(/\d+ articles, \d+ facts in the fact base/);
    await t.slack.sendCommand({ text: 'sources articles' });
    await botAnswer(t, 'Sources');
  });

  it.each([['', '/brief — help'], ['help', '/brief — help'], ['HELP', '/brief — help']])(
    '"/brief %s" answers with %s',
    async (text, header) => {
      await t.slack.sendCommand({ text });
      const m = await botAnswer(t, header);
      expect(m.ephemeral).toBe(true);
    },
  );

  it('answers unknown words with a suggestion, never silence', async () => {
    await t.slack.sendCommand({ text: 'zzyzx chinaa' });
    const m = await botAnswer(t, 'Brief: zzyzx chinaa');
    expect(textOf(m)).toContain('No facts match');
    expect(textOf(m)).toContain('(did you mean *China*?)');
  });

  it('answers a query over the length limit with help and the reason', async () => {
    await t.slack.sendCommand({ text: 'kenya '.repeat(100) });
    const m = await botAnswer(t, '/brief — help');
    expect(textOf(m)).toContain('the limit is 500');
  });

  it('publishes the Home tab when it is opened', async () => {
    const d = await t.slack.sendEvent({ type: 'app_home_opened', user: SANDBOX_USER.id, channel: 'D0HOME', tab: 'home' });
    expect(d.status).toBe(200);
    const view = await t.slack.waitFor(() => t.slack.homeViews.get(SANDBOX_USER.id));
    expect(JSON.stringify(view)).toContain('/brief — help');
  });

  it('verifies the bot token once, lazily, with auth.test', async () => {
    await t.slack.sendCommand({ text: 'kenya' });
    await t.slack.sendCommand({ text: 'china' });
    await botAnswer(t, 'Brief: china');
    await t.slack.waitFor(() => t.slack.calls.find((c) => c.method === 'auth.test' && c.ok));
    expect(t.slack.calls.filter((c) => c.method === 'auth.test')).toHaveLength(1);
  });

  it('answers /healthz', async () => {
    const res = await fetch(new URL('/healthz', t.bot.url));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { slack: Record<string, unknown> };
    expect(body).toMatchObject({ ok: true, facts: 9, articles: 3, store: { ok: true }, scheduler: { lastTickOk: true }, slack: { mode: 'http' } });
    // HTTP mode has no connection to report; the token is "verified" only once auth.test said so.
    expect(body.slack['connected']).toBeUndefined();
    let token = '';
    for (let i = 0; i < 100 && token !== 'verified'; i++) {
      await new Promise((r) => setTimeout(r, 20));
      token = ((await (await fetch(new URL('/healthz', t.bot.url))).json()) as { slack: { token: string } }).slack.token;
    }
    expect(token).toBe('verified');
  });
});

describe('ack before search', () => {
  it('sends the ack before a slow search starts, then answers', async () => {
    const events: string[] = [];
    t = await startTestBot({ corpora: slowCorpus(fixtureCorpusSource(), 1500, events) });
    t.bot.server.on('request', (req, res) => {
      if (req.url === '/slack/events') res.on('finish', () => events.push(`ack-sent:${res.statusCode}`));
    });
    const d = await t.slack.sendCommand({ text: 'kenya malaysia' });
    expect(d.status).toBe(200);
    await botAnswer(t, 'Brief: kenya malaysia');
    expect(events).toEqual(['ack-sent:200', 'search-start']);
  });
});
