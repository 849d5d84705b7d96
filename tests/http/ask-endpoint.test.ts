import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeBrief } from '../../src/brief/compose.js';
import { loadConfig } from '../../src/config.js';
import { FileFactStore } from '../../src/factbase/file-store.js';
import { askRunningBot } from '../../src/http/ask-endpoint.js';
import { LOCAL_ASK_PATH } from '../../src/http/local-ask.js';
import { silentLogger } from '../../src/logger.js';
import { renderBriefText } from '../../src/render/text.js';
import { startBot, type RunningBot } from '../../src/serve.js';
import { tempVarDir } from '../fixtures/slack/test-bot.js';

/** `briefbot ask` asks a running bot on the same host, and only with the token the bot wrote. */
const varDir = tempVarDir();
const store = { kind: 'file' as const, file: join('data', 'factbase.json') };
let bot: RunningBot;
let version: string;

beforeAll(async () => {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: 'data', LOG_LEVEL: 'silent', VAR_DIR: varDir, CACHE_DIR: 'off' });
  bot = await startBot(config, silentLogger(), { digestTickMs: 0, pollTickMs: 0 });
  version = await new FileFactStore(store.file).version();
});
afterAll(async () => {
  await bot?.close();
});

const request = (over: Partial<{ query: string; version: string }> = {}) => ({ query: 'kenya malaysia', limit: 5, offset: 0, json: false, version, ...over });

describe('the ask endpoint of a running bot', () => {
  it('answers what the CLI would print, from the bot own corpus', async () => {
    const answer = await askRunningBot(varDir, store, request());
    const { fb, searcher } = bot.corpora.current();
    expect(answer).toEqual({ output: renderBriefText(composeBrief(fb, searcher, 'kenya malaysia', { limit: 5, offset: 0 })) });
    expect((answer as { output: string }).output).toMatch(/Kenya/);
  });

  it('keeps its token in a file only its user can read', () => {
    const file = join(varDir, 'ask-endpoint.json');
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).token).toMatch(/^[\w-]{43}$/);
  });

  it('says no to a caller without the token, and to one that sees another fact base version', async () => {
    const res = await fetch(new URL(LOCAL_ASK_PATH, bot.url), { method: 'POST', headers: { authorization: 'Bearer nope' }, body: JSON.stringify(request()) });
    expect(res.status).toBe(401);
    expect(await res.text()).not.toMatch(/Kenya/);
    // Right after an ingest the bot has not reloaded yet: the CLI must load the new file itself.
    expect(await askRunningBot(varDir, store, request({ version: 'another' }))).toBeUndefined();
    expect(await askRunningBot(varDir, { kind: 'file', file: 'elsewhere/factbase.json' }, request())).toBeUndefined();
  });

  it('words a query error as the CLI does', async () => {
    const answer = await askRunningBot(varDir, store, request({ query: '   ' }));
    expect(answer).toEqual({ error: expect.stringMatching(/query is empty/i) });
  });

  it('forgets the endpoint when the bot closes', async () => {
    await bot.close();
    expect(existsSync(join(varDir, 'ask-endpoint.json'))).toBe(false);
    expect(await askRunningBot(varDir, store, request())).toBeUndefined();
  });
});
