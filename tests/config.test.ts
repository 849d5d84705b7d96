import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { BriefbotError } from '../src/errors.js';

describe('loadConfig', () => {
  it('defaults to the local stand-ins on SQLite', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', DATA_DIR: 'data', LOG_LEVEL: 'info' });
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.SLACK_BOT_TOKEN).toBeUndefined();
  });

  it('treats blank variables as unset, as a copied .env.example leaves them', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: '', DATABASE_URL: ' ' }).DATABASE_URL).toBeUndefined();
  });

  it('reads local mode, digest caps and the Bot Framework endpoints; blank caps keep their defaults', () => {
    const c = loadConfig({ BRIEFBOT_SANDBOX: '', DIGEST_MAX_PER_CHANNEL: ' ', DIGEST_MAX_PER_WORKSPACE: '7' });
    expect(c).toMatchObject({ BRIEFBOT_SANDBOX: false, DIGEST_MAX_PER_CHANNEL: 20, DIGEST_MAX_PER_WORKSPACE: 7 });
    expect(loadConfig({ BRIEFBOT_SANDBOX: '1' }).BRIEFBOT_SANDBOX).toBe(true);
    expect(() => loadConfig({ DIGEST_MAX_PER_CHANNEL: '0' })).toThrow(/DIGEST_MAX_PER_CHANNEL/);
    expect(() => loadConfig({ BRIEFBOT_SANDBOX: 'yes please' })).toThrow(/BRIEFBOT_SANDBOX/);
    expect(() => loadConfig({ ToBotFromChannelOpenIdMetadataUrl: 'not a url' })).toThrow(/ToBotFromChannelOpenIdMetadataUrl/);
  });

  it('lists every bad variable in one error, without echoing values', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', SLACK_BOT_TOKEN: 'xoxp-secret-value', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BriefbotError);
    const message = (error as Error).message;
    for (const name of ['PORT', 'SLACK_BOT_TOKEN', 'DATABASE_URL', 'LOG_LEVEL']) expect(message).toContain(name);
    expect(message).not.toContain('xoxp-secret-value');
  });

  it('requires the signing secret with a bot token in HTTP mode', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_SIGNING_SECRET/);
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).SLACK_APP_TOKEN).toBe('xapp-1');
  });

  it('refuses a time zone that is not an IANA zone, and takes one that is', () => {
    expect(() => loadConfig({ DIGEST_TZ: 'Mars/Base' })).toThrow(/DIGEST_TZ is not an IANA time zone/);
    expect(loadConfig({ DIGEST_TZ: 'Africa/Nairobi' }).DIGEST_TZ).toBe('Africa/Nairobi');
  });

  it('asks for no signing secret from a command that only posts (digest run)', () => {
    const env = { SLACK_BOT_TOKEN: 'xoxb-1-2-3' };
    expect(() => loadConfig(env)).toThrow(/SLACK_SIGNING_SECRET/);
    expect(loadConfig(env, { receivesSlack: false }).SLACK_BOT_TOKEN).toBe('xoxb-1-2-3');
  });
});

