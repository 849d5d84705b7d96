import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRejection, mediaTypeOf, parseSlackRequest, requestKey, verifySignature } from '../../../src/platforms/slack/request.js';
import { slackSignature } from '../../../src/sandbox/slack/signing.js';

const SECRET = 'f00dfeedf00dfeedf00dfeedf00dfeed';
const NOW = Date.parse('2026-05-04T10:00:00Z');
const nowS = Math.floor(NOW / 1000);
const signed = (body: string, ts = nowS) => ({ 'x-slack-request-timestamp': String(ts), 'x-slack-signature': slackSignature(SECRET, ts, body) });
const form = (fields: Record<string, string>) => Buffer.from(new URLSearchParams(fields).toString());
const command = {
  command: '/brief',
  text: 'nigeria ghana',
  team_id: 'T9',
  channel_id: 'C9',
  user_id: 'U9',
  response_url: 'https://hooks.slack.com/commands/T9/1/abc',
  trigger_id: '1.2.abc',
};

describe('verifySignature', () => {
  it('accepts a right signature within 5 minutes either way', () => {
    for (const skew of [0, -299, 299]) {
      expect(verifySignature(signed('a=1', nowS + skew), Buffer.from('a=1'), SECRET, NOW)).toBeUndefined();
    }
  });

  it('refuses a timestamp more than 5 minutes in the future exactly as a stale one', () => {
    for (const skew of [-301, 301, 600, 365 * 24 * 3600]) {
      expect(verifySignature(signed('a=1', nowS + skew), Buffer.from('a=1'), SECRET, NOW)).toMatchObject({ status: 401, reason: 'timestamp outside the 5-minute window' });
    }
  });

  it('refuses missing, repeated or malformed headers and a wrong signature', () => {
    const body = Buffer.from('a=1');
    expect(verifySignature({}, body, SECRET, NOW)?.status).toBe(401);
    expect(verifySignature({ ...signed('a=1'), 'x-slack-signature': ['v0=00', 'v0=11'] }, body, SECRET, NOW)?.status).toBe(401);
    expect(verifySignature({ ...signed('a=1'), 'x-slack-request-timestamp': '1e9' }, body, SECRET, NOW)?.status).toBe(401);
    expect(verifySignature({ ...signed('a=1'), 'x-slack-signature': 'v1=abc' }, body, SECRET, NOW)?.status).toBe(401);
    expect(verifySignature(signed('a=2'), body, SECRET, NOW)).toMatchObject({ reason: 'signature mismatch' });
  });
});

describe('mediaTypeOf', () => {
  it('reads parameters instead of refusing them', () => {
    expect(mediaTypeOf('application/x-www-form-urlencoded; charset=utf-8')).toBe('form');
    expect(mediaTypeOf('Application/JSON;charset="UTF-8"')).toBe('json');
    expect(mediaTypeOf('application/json; charset=latin1')).toMatchObject({ status: 415 });
    expect(mediaTypeOf('text/plain')).toMatchObject({ status: 415 });
    expect(mediaTypeOf(undefined)).toMatchObject({ status: 415 });
  });
});

describe('parseSlackRequest', () => {
  it('takes a command, defaulting a missing text to empty and dropping unknown fields', () => {
    const { text: _text, ...withoutText } = command;
    const r = parseSlackRequest('form', form({ ...withoutText, extra: 'x' }));
    expect(r).toMatchObject({ kind: 'command', body: { command: '/brief', text: '' } });
    expect(JSON.stringify(r)).not.toContain('extra');
  });

  it.each([
    ['null', 'json', 'null'],
    ['a number', 'json', '42'],
    ['an array', 'json', '[{"type":"block_actions"}]'],
    ['broken JSON', 'json', '{"type":'],
    ['empty', 'json', ''],
    ['payload=null', 'form', 'payload=null'],
    ['payload=[]', 'form', 'payload=%5B%5D'],
    ['payload that is not JSON', 'form', 'payload=%7Bnope'],
    ['an empty form', 'form', ''],
    ['a command without a user', 'form', new URLSearchParams({ ...command, user_id: '' }).toString()],
    ['block_actions without user', 'form', `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', actions: [{ type: 'button', action_id: 'x' }] }))}`],
    ['block_actions with user null', 'json', JSON.stringify({ type: 'block_actions', user: null, actions: [{ type: 'button', action_id: 'x' }] })],
    ['block_actions without actions', 'json', JSON.stringify({ type: 'block_actions', user: { id: 'U1' }, actions: [] })],
    ['an event without event', 'json', JSON.stringify({ type: 'event_callback' })],
    ['an event that is null', 'json', JSON.stringify({ type: 'event_callback', event: null })],
    ['app_home_opened without user', 'json', JSON.stringify({ type: 'event_callback', event: { type: 'app_home_opened', tab: 'home' } })],
    ['authorizations of null', 'json', JSON.stringify({ type: 'event_callback', authorizations: [null], event: { type: 'app_home_opened', user: 'U1' } })],
    ['an unknown type', 'json', JSON.stringify({ type: 'view_submission', view: {} })],
    ['url_verification without challenge', 'json', JSON.stringify({ type: 'url_verification' })],
  ] as const)('refuses %s with 400', (_name, media, body) => {
    expect(parseSlackRequest(media, Buffer.from(body))).toMatchObject({ status: 400 });
  });

  it('acknowledges events nothing listens for without running them', () => {
    expect(parseSlackRequest('json', Buffer.from(JSON.stringify({ type: 'event_callback', event: { type: 'reaction_added', item: 'x' } })))).toEqual({ kind: 'ignored', what: 'event reaction_added' });
    expect(parseSlackRequest('json', Buffer.from('{"type":"app_rate_limited"}'))).toMatchObject({ kind: 'ignored' });
  });

  it('never throws, whatever the bytes (property)', () => {
    const bodies = fc.oneof(
      fc.string(),
      fc.json(),
      fc.json().map((j) => `payload=${encodeURIComponent(j)}`),
      fc.dictionary(fc.constantFrom('command', 'text', 'team_id', 'user_id', 'channel_id', 'response_url', 'payload', 'type'), fc.string()).map((d) => new URLSearchParams(d).toString()),
      fc.record({ type: fc.constantFrom('block_actions', 'event_callback', 'url_verification'), user: fc.anything(), actions: fc.anything(), event: fc.anything(), challenge: fc.anything() }).map((o) => JSON.stringify(o) ?? ''),
    );
    fc.assert(
      fc.property(bodies, fc.constantFrom('form' as const, 'json' as const), (body, media) => {
        const r = parseSlackRequest(media, Buffer.from(body));
        expect(isRejection(r) || typeof r.kind === 'string').toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('requestKey', () => {
  it('uses the trigger id, else a hash of the body: two commands without a trigger id are two, a retry is one', () => {
    const { trigger_id: _t, ...noTrigger } = command;
    const a = form({ ...noTrigger, response_url: 'https://hooks.slack.com/commands/T9/1/a' });
    const b = form({ ...noTrigger, response_url: 'https://hooks.slack.com/commands/T9/1/b' });
    const key = (raw: Buffer) => {
      const r = parseSlackRequest('form', raw);
      if (isRejection(r)) throw new Error(r.reason);
      return requestKey(r, raw);
    };
    expect(key(a)).not.toBe(key(b));
    expect(key(a)).toBe(key(Buffer.from(a)));
    expect(key(form(command))).toBe('trigger:1.2.abc');
  });
});
