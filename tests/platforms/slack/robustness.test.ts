import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_USER } from '../../../src/sandbox/slack/index.js';
import { headerOf, startTestBot, textOf, type TestBot } from '../../fixtures/slack/test-bot.js';

/** Any body, signed or not, gets a 4xx or a 2xx over real HTTP, and the bot keeps answering. */
let t: TestBot;
beforeAll(async () => {
  t = await startTestBot();
});
afterAll(async () => {
  await t?.close();
});

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';
const payload = (o: unknown) => `payload=${encodeURIComponent(JSON.stringify(o))}`;
const answered = (header: string, from = 0) =>
  t.slack.waitFor(() => t.slack.messages.slice(from).find((m) => m.author === 'bot' && headerOf(m) === header));

describe('odd bodies over HTTP', () => {
  it.each([
    ['signed JSON null', 400, { body: 'null', contentType: JSON_TYPE }],
    ['signed payload=null', 400, { body: 'payload=null', contentType: FORM }],
    ['unsigned JSON null', 401, { body: 'null', contentType: JSON_TYPE, sign: false }],
    ['unsigned payload=null', 401, { body: 'payload=null', contentType: FORM, sign: false }],
    ['signed empty JSON', 400, { body: '', contentType: JSON_TYPE }],
    ['signed empty form', 400, { body: '', contentType: FORM }],
    ['signed broken JSON', 400, { body: '{"type":"event_callback",', contentType: JSON_TYPE }],
    ['signed array', 400, { body: '[null]', contentType: JSON_TYPE }],
    ['signed number', 400, { body: '7', contentType: JSON_TYPE }],
    ['signed text/plain', 415, { body: 'hello', contentType: 'text/plain' }],
    ['signed latin1 form', 415, { body: 'a=1', contentType: `${FORM}; charset=iso-8859-1` }],
    ['signed block_actions without user', 400, { body: payload({ type: 'block_actions', actions: [{ type: 'button', action_id: 'brief_more', value: 'x' }], response_url: 'http://127.0.0.1:1/r' }), contentType: FORM }],
    ['signed block_actions with user null', 400, { body: payload({ type: 'block_actions', user: null, actions: [] }), contentType: FORM }],
    ['signed event null', 400, { body: JSON.stringify({ type: 'event_callback', event: null }), contentType: JSON_TYPE }],
    ['signed event with a string channel item', 200, { body: JSON.stringify({ type: 'event_callback', event: { type: 'reaction_added', item: 'x', channel: null } }), contentType: JSON_TYPE }],
    ['signed unknown payload type', 400, { body: payload({ type: 'shortcut', callback_id: 'x' }), contentType: FORM }],
    ['signed command without user', 400, { body: new URLSearchParams({ command: '/brief', text: 'x', response_url: 'http://127.0.0.1:1/r' }).toString(), contentType: FORM }],
    ['signed url_verification', 200, { body: JSON.stringify({ type: 'url_verification', challenge: 'c-123' }), contentType: JSON_TYPE }],
    ['unsigned ssl_check', 200, { body: 'ssl_check=1&token=x', contentType: FORM, sign: false }],
    ['a timestamp 10 minutes ahead', 401, { body: 'null', contentType: JSON_TYPE, timestamp: Math.floor(Date.now() / 1000) + 600 }],
    ['a timestamp a year ahead', 401, { body: 'null', contentType: JSON_TYPE, timestamp: Math.floor(Date.now() / 1000) + 365 * 86400 }],
    ['a body over 1 MB', 413, { body: `a=${'x'.repeat(1_100_000)}`, contentType: FORM }],
  ] as const)('%s → %i', async (_name, status, request) => {
    const d = await t.slack.sendRaw(request);
    expect(d.status).toBe(status);
  });

  it('answers the url_verification challenge', async () => {
    const d = await t.slack.sendRaw({ body: JSON.stringify({ type: 'url_verification', challenge: 'c-456' }), contentType: JSON_TYPE });
    expect(JSON.parse(d.responseBody)).toEqual({ challenge: 'c-456' });
  });

  it('after all of that the process still answers commands, and nothing was logged as an error', async () => {
    const from = t.slack.messages.length;
    expect((await t.slack.sendCommand({ text: 'kenya' })).status).toBe(200);
    await answered('Brief: kenya', from);
    expect((await (await fetch(new URL('/healthz', t.bot.url))).json()).ok).toBe(true);
    expect(t.logs.filter((l) => Number(l['level']) >= 50)).toEqual([]);
    // Every refusal says why, without echoing the body.
    const refusals = t.logs.filter((l) => l['msg'] === 'slack: request refused');
    expect(refusals.length).toBeGreaterThan(10);
    expect(JSON.stringify(refusals)).not.toContain('xxxxxxxx');
  });
});

describe('commands Slack sends in shapes the old receiver got wrong', () => {
  it('a command without text answers with help and logs no error', async () => {
    const from = t.slack.messages.length;
    const d = await t.slack.sendCommand({ text: '', omit: ['text'] });
    expect(d.status).toBe(200);
    await answered('/brief — help', from);
    expect(t.logs.filter((l) => Number(l['level']) >= 50)).toEqual([]);
  });

  it('a form body with `; charset=utf-8` is answered', async () => {
    const from = t.slack.messages.length;
    const d = await t.slack.sendCommand({ text: 'china', contentType: 'application/x-www-form-urlencoded; charset=utf-8' });
    expect(d.status).toBe(200);
    await answered('Brief: china', from);
  });

  it('two commands without a trigger_id are two commands; a retry of one is still one', async () => {
    const from = t.slack.messages.length;
    const a = await t.slack.sendCommand({ text: 'kenya malaysia', omit: ['trigger_id'] });
    const b = await t.slack.sendCommand({ text: 'kenya malaysia', omit: ['trigger_id'] });
    expect([a.status, b.status]).toEqual([200, 200]);
    await t.slack.waitFor(() => t.slack.messages.slice(from).filter((m) => headerOf(m) === 'Brief: kenya malaysia').length === 2);
    await t.slack.retry(a, 1);
    const marker = await t.slack.sendCommand({ text: 'malaysia' });
    expect(marker.status).toBe(200);
    await answered('Brief: malaysia', from);
    const briefs = t.slack.messages.slice(from).filter((m) => headerOf(m) === 'Brief: kenya malaysia');
    expect(briefs.map((m) => m.responseUrl).sort()).toEqual([a.responseUrl, b.responseUrl].sort());
    expect(briefs.every((m) => m.visibleTo === SANDBOX_USER.id && textOf(m).includes('Kenya'))).toBe(true);
  });
});
