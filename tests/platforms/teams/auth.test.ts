import { createHmac } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { buildActivity } from '../../../src/sandbox/teams/connector.js';
import { fixtureCorpora } from '../../fixtures/teams/corpus.js';
import { startHarness, type Harness } from './harness.js';

const APP_ID = '00000000-0000-0000-0000-0000000b0e1d';
const SECRET = 'test-password-not-real';

let h: Harness;
let logs: string[];
beforeEach(async () => {
  logs = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  h = await startHarness(
    { MicrosoftAppId: APP_ID, MicrosoftAppPassword: SECRET, MicrosoftAppType: 'MultiTenant' },
    fixtureCorpora(),
    createLogger({ level: 'debug', destination: sink }),
  );
});
afterEach(async () => {
  await h.close();
});

function b64url(x: unknown): string {
  return Buffer.from(JSON.stringify(x)).toString('base64url');
}

/** A well-formed JWT for our app id, signed with a key the Bot Framework never issued. */
function forgedToken(): string {
  const now = Math.floor(Date.now() / 1000);
  const head = b64url({ alg: 'RS256', typ: 'JWT', kid: 'forged-key-id' });
  const body = b64url({ iss: 'https://api.botframework.com', aud: APP_ID, iat: now, nbf: now, exp: now + 3600, serviceurl: 'https://smba.trafficmanager.net/amer/' });
  const sig = createHmac('sha256', 'attacker').update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}

async function post(authorization?: string): Promise<Response> {
  const activity = buildActivity({ scope: 'personal', text: 'ghana' }, 'https://smba.trafficmanager.net/amer/', 'a1');
  return fetch(`${h.baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(activity),
  });
}

describe('Teams JWT authentication (MicrosoftAppId set)', () => {
  it('is in azure mode', () => {
    expect(h.app.mode).toBe('azure');
  });

  it('answers 401 without a token, and runs nothing', async () => {
    const res = await post();
    expect(res.status).toBe(401);
    expect(logs.join('')).toContain('request not authenticated');
    expect(logs.join('')).not.toContain('teams: answering');
  });

  it('answers 401 to a forged token, never 500, also when the OpenID metadata cannot be fetched (no network here)', async () => {
    const res = await post(`Bearer ${forgedToken()}`);
    expect(res.status).toBe(401);
    // Offline, botbuilder fails fetching login.botframework.com's OpenID metadata; online it
    // rejects the signature. Either way: 401, with the reason logged.
    expect(logs.join('')).toMatch(/"reason":"[^"]+".*request not authenticated/);
    expect(logs.join('')).not.toContain('teams: answering');
  });

  it('answers 401 to garbage in the Authorization header', async () => {
    expect((await post('Bearer not.a.jwt')).status).toBe(401);
    expect((await post('Basic dXNlcjpwYXNz')).status).toBe(401);
  });

  it('answers 401 to what the stand-in sends (it carries no token)', async () => {
    const { status } = await h.standIn.send({ scope: 'channel', text: 'ghana' });
    expect(status).toBe(401);
    expect(h.standIn.transcript().filter((r) => r.direction === 'from-bot')).toHaveLength(0);
  });

  it('never logs the password or the token', async () => {
    const token = forgedToken();
    await post(`Bearer ${token}`);
    const all = logs.join('');
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain(token.split('.')[2]);
  });

  it('still rejects malformed activities with 400 before authentication', async () => {
    const res = await fetch(`${h.baseUrl}/api/messages`, { method: 'POST', body: '{"type":"message"}' });
    expect(res.status).toBe(400);
  });
});

