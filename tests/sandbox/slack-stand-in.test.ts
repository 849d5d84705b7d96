import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySlackRequest } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { checkMessage } from '../../src/sandbox/slack/block-kit.js';
import { SANDBOX_CHANNEL, SANDBOX_USER, startSlackStandIn, type SlackStandIn } from '../../src/sandbox/slack/index.js';

let slack: SlackStandIn;
let bot: Server;
let received: { headers: IncomingMessage['headers']; body: string }[];
let reply: (body: string) => { status: number; body: string };

beforeEach(async () => {
  slack = await startSlackStandIn({ logger: silentLogger() });
  received = [];
  reply = () => ({ status: 200, body: '' });
  // A bare HTTP endpoint standing where the bot would be, to see exactly what Slack sends.
  bot = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      const r = reply(body);
      res.writeHead(r.status).end(r.body);
    });
  });
  await new Promise<void>((r) => bot.listen(0, '127.0.0.1', r));
  slack.connect(`http://127.0.0.1:${(bot.address() as AddressInfo).port}/slack/events`);
});

afterEach(async () => {
  await slack.stop();
  await new Promise((r) => bot.close(r));
});

const api = (method: string, args: Record<string, unknown>, token: string | null = slack.botToken) =>
  fetch(`${slack.apiUrl}${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(args),
  });

describe('what the stand-in sends', () => {
  it('signs a slash command as Slack does (Bolt verifies it), form-encoded with response_url and trigger_id', async () => {
    const d = await slack.sendCommand({ text: 'kenya <!channel>' });
    expect(d.status).toBe(200);
    const req = received[0]!;
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(() =>
      verifySlackRequest({
        signingSecret: slack.signingSecret,
        body: req.body,
        headers: {
          'x-slack-signature': String(req.headers['x-slack-signature']),
          'x-slack-request-timestamp': Number(req.headers['x-slack-request-timestamp']),
        },
      }),
    ).not.toThrow();
    const form = new URLSearchParams(req.body);
    expect(form.get('command')).toBe('/brief');
    expect(form.get('text')).toBe('kenya <!channel>');
    expect(form.get('response_url')).toBe(d.responseUrl);
    expect(form.get('trigger_id')).toBe(d.triggerId);
    expect(form.get('user_id')).toBe(SANDBOX_USER.id);
  });

  it('sends a retry with the same body and x-slack-retry-num', async () => {
    const d = await slack.sendCommand({ text: 'kenya' });
    await slack.retry(d, 2);
    expect(received[1]!.body).toBe(received[0]!.body);
    expect(received[1]!.headers['x-slack-retry-num']).toBe('2');
  });

  it('sends block_actions as a form-encoded payload', async () => {
    const d = await slack.sendCommand({ text: 'kenya' });
    const blocks = [{ type: 'actions', block_id: 'a', elements: [{ type: 'button', text: { type: 'plain_text', text: 'More' }, action_id: 'brief_more', value: 'v' }] }];
    expect((await fetch(d.responseUrl!, { method: 'POST', body: JSON.stringify({ text: 'x', blocks }) })).status).toBe(200);
    const m = slack.messages.find((x) => x.author === 'bot')!;
    await slack.clickButton({ messageId: m.id, actionId: 'brief_more' });
    const payload = JSON.parse(new URLSearchParams(received[1]!.body).get('payload')!) as Record<string, unknown>;
    expect(payload).toMatchObject({ type: 'block_actions', actions: [{ action_id: 'brief_more', value: 'v', block_id: 'a' }], user: { id: SANDBOX_USER.id } });
    expect(typeof payload['response_url']).toBe('string');
    expect(typeof payload['trigger_id']).toBe('string');
  });

  it('tells the user when the app fails, as Slack does', async () => {
    reply = () => ({ status: 500, body: '' });
    const d = await slack.sendCommand({ text: 'kenya' });
    expect(d.status).toBe(500);
    expect(slack.messages.find((m) => m.author === 'slackbot')?.text).toBe('/brief failed with the error "dispatch_failed"');
  });

  it('shows a non-empty ack body as an ephemeral reply, as Slack does', async () => {
    reply = () => ({ status: 200, body: JSON.stringify({ text: 'working on it' }) });
    await slack.sendCommand({ text: 'kenya' });
    expect(slack.messages.find((m) => m.via === 'ack')?.text).toBe('working on it');
  });
});

describe('response_url', () => {
  it('allows 5 uses, then answers 404 used_url', async () => {
    const d = await slack.sendCommand({ text: 'kenya' });
    const post = () => fetch(d.responseUrl!, { method: 'POST', body: JSON.stringify({ text: 'hi' }) });
    for (let i = 0; i < 5; i++) expect((await post()).status).toBe(200);
    const sixth = await post();
    expect(sixth.status).toBe(404);
    expect(await sixth.json()).toEqual({ ok: false, error: 'used_url' });
  });

  it('answers 404 expired_url after 30 minutes', async () => {
    const d = await slack.sendCommand({ text: 'kenya' });
    slack.expireResponseUrls();
    const res = await fetch(d.responseUrl!, { method: 'POST', body: JSON.stringify({ text: 'hi' }) });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ ok: false, error: 'expired_url' });
  });

  it('honours response_type, replace_original and delete_original', async () => {
    const d = await slack.sendCommand({ text: 'kenya' });
    const blocks = [{ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Go' }, action_id: 'go' }] }];
    await fetch(d.responseUrl!, { method: 'POST', body: JSON.stringify({ text: 'private', blocks }) });
    const priv = slack.messages.find((m) => m.text === 'private')!;
    expect(priv.ephemeral).toBe(true);
    const click = await slack.clickButton({ messageId: priv.id, actionId: 'go' });
    const url = JSON.parse(new URLSearchParams(received[click.kind === 'action' ? 1 : 0]!.body).get('payload')!).response_url as string;
    await fetch(url, { method: 'POST', body: JSON.stringify({ text: 'replaced', replace_original: true }) });
    expect(priv.text).toBe('replaced');
    expect(priv.version).toBe(2);
    await fetch(url, { method: 'POST', body: JSON.stringify({ text: 'public', response_type: 'in_channel' }) });
    expect(slack.messages.find((m) => m.text === 'public')?.ephemeral).toBe(false);
    await fetch(url, { method: 'POST', body: JSON.stringify({ delete_original: true }) });
    expect(priv.deleted).toBe(true);
  });

  it('rejects invalid blocks with invalid_blocks', async () => {
    const d = await slack.sendCommand({ text: 'kenya' });
    const res = await fetch(d.responseUrl!, { method: 'POST', body: JSON.stringify({ text: 'x', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }] }) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ ok: false, error: 'invalid_blocks' });
  });
});

describe('Web API', () => {
  it('checks the bearer token', async () => {
    expect(await (await api('auth.test', {}, 'xoxb-wrong')).json()).toEqual({ ok: false, error: 'invalid_auth' });
    expect(await (await api('auth.test', {}, null)).json()).toEqual({ ok: false, error: 'not_authed' });
    expect(await (await api('auth.test', {})).json()).toMatchObject({ ok: true, user_id: 'U0BRIEFBOT', bot_id: 'B0BRIEFBOT' });
  });

  it('rate limits chat.postMessage per channel with 429 and Retry-After', async () => {
    const first = await api('chat.postMessage', { channel: SANDBOX_CHANNEL.id, text: 'one' });
    expect(await first.json()).toMatchObject({ ok: true, channel: SANDBOX_CHANNEL.id });
    const second = await api('chat.postMessage', { channel: SANDBOX_CHANNEL.id, text: 'two' });
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('1');
    expect(await second.json()).toEqual({ ok: false, error: 'ratelimited' });
    // Another channel has its own budget.
    expect((await api('chat.postMessage', { channel: 'C0OTHER', text: 'three' })).status).toBe(200);
    expect(slack.messages.filter((m) => m.via === 'chat.postMessage').map((m) => m.text)).toEqual(['one', 'three']);
  });

  it('accepts form-encoded calls with blocks as a JSON string, and rejects over-limit messages', async () => {
    slack.rateLimit.perChannelMs = 0;
    const form = (args: Record<string, string>) =>
      fetch(`${slack.apiUrl}chat.postMessage`, { method: 'POST', headers: { authorization: `Bearer ${slack.botToken}`, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(args).toString() });
    const ok = await form({ channel: 'C1', text: 't', blocks: JSON.stringify([{ type: 'divider' }]) });
    expect(await ok.json()).toMatchObject({ ok: true });
    const tooMany = await form({ channel: 'C1', text: 't', blocks: JSON.stringify(Array.from({ length: 51 }, () => ({ type: 'divider' }))) });
    expect(await tooMany.json()).toMatchObject({ ok: false, error: 'invalid_blocks' });
    const tooLong = await form({ channel: 'C1', text: 'x'.repeat(40_001) });
    expect(await tooLong.json()).toMatchObject({ ok: false, error: 'msg_too_long' });
  });

  it('serves users.info with the tz set for a user, and chat.update / postEphemeral / conversations.info', async () => {
    slack.setUser({ id: 'U0TOKYO', tz: 'Asia/Tokyo' });
    expect(await (await api('users.info', { user: 'U0TOKYO' })).json()).toMatchObject({ ok: true, user: { tz: 'Asia/Tokyo', tz_offset: 32400 } });
    expect(await (await api('users.info', { user: 'U0NOBODY' })).json()).toEqual({ ok: false, error: 'user_not_found' });
    const posted = (await (await api('chat.postMessage', { channel: 'C1', text: 'v1' })).json()) as { ts: string };
    expect(await (await api('chat.update', { channel: 'C1', ts: posted.ts, text: 'v2' })).json()).toMatchObject({ ok: true });
    expect(slack.messages.find((m) => m.ts === posted.ts)?.text).toBe('v2');
    expect(await (await api('chat.postEphemeral', { channel: 'C1', user: SANDBOX_USER.id, text: 'psst' })).json()).toMatchObject({ ok: true });
    expect(await (await api('conversations.info', { channel: 'C1' })).json()).toMatchObject({ ok: true, channel: { id: 'C1' } });
    expect(await (await api('no.such.method', {})).json()).toEqual({ ok: false, error: 'unknown_method' });
  });
});

describe('checkMessage', () => {
  const button = (over: Record<string, unknown>) => ({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'b' }, action_id: 'a', ...over }] });
  it.each([
    [{ text: 'x', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'y'.repeat(3001) } }] }],
    [{ text: 'x', blocks: [{ type: 'context', elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'c' })) }] }],
    [{ text: 'x', blocks: [button({ value: 'v'.repeat(2001) })] }],
    [{ text: 'x', blocks: [button({ text: { type: 'plain_text', text: 'b'.repeat(76) } })] }],
    [{ text: 'x', blocks: [{ type: 'actions', elements: Array.from({ length: 26 }, (_, i) => ({ type: 'button', text: { type: 'plain_text', text: 'b' }, action_id: `a${i}` })) }] }],
    [{ text: 'x', blocks: [{ type: 'divider', block_id: 'd' }, { type: 'divider', block_id: 'd' }] }],
    [{ text: 'x', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '' } }] }],
    [{ text: 'x', blocks: [{ type: 'marquee' }] }],
  ])('rejects %j', (message) => {
    expect(checkMessage(message)).toMatchObject({ ok: false, error: 'invalid_blocks' });
  });
  it('rejects a message with neither text nor blocks', () => {
    expect(checkMessage({})).toMatchObject({ ok: false, error: 'no_text' });
  });
});

describe('a bounded transcript', () => {
  it('keeps only the newest messages and calls when asked to, with ids that keep counting', async () => {
    const bounded = await startSlackStandIn({ logger: silentLogger(), transcriptLimit: 3 });
    try {
      bounded.rateLimit.perChannelMs = 0;
      for (const text of ['one', 'two', 'three', 'four', 'five']) {
        const res = await fetch(`${bounded.apiUrl}chat.postMessage`, {
          method: 'POST',
          headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${bounded.botToken}` },
          body: JSON.stringify({ channel: SANDBOX_CHANNEL.id, text }),
        });
        expect(res.status).toBe(200);
      }
      expect(bounded.messages.map((m) => m.text)).toEqual(['three', 'four', 'five']);
      expect(bounded.messages.map((m) => m.id)).toEqual(['m3', 'm4', 'm5']);
      expect(bounded.calls).toHaveLength(3);
    } finally {
      await bounded.stop();
    }
  });
});
