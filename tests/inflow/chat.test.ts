import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handleAdd, handleSources, mayAdd, type InflowAsker, type InflowDeps } from '../../src/inflow/chat.js';
import { createSafeFetch, type ClosableSafeFetch } from '../../src/inflow/safe-fetch.js';
import { silentLogger } from '../../src/logger.js';
import { startNewsSite, type NewsSite } from '../../src/sandbox/news/server.js';
import type { KyselyStore } from '../../src/store/kysely-store.js';
import { fixtureCorpusSource } from '../fixtures/slack/fixture-corpus.js';
import { sqliteEngine, type Engine } from '../store/engines.js';
import { makeDataDir } from './data-dir.js';

describe('mayAdd', () => {
  it('lets everyone add by default, and only the listed users when SOURCES_ADMINS is set', () => {
    expect(mayAdd({ admins: undefined }, 'U1')).toBe(true);
    expect(mayAdd({ admins: [] }, 'U1')).toBe(true);
    expect(mayAdd({ admins: ['U1', 'aad-2'] }, 'U1')).toBe(true);
    expect(mayAdd({ admins: ['U1', 'aad-2'] }, 'U9')).toBe(false);
  });
});

describe('add and sources from chat', () => {
  let site: NewsSite;
  let engine: Engine;
  let store: KyselyStore;
  let fetch: ClosableSafeFetch;
  let dataDir: string;
  const logger = silentLogger();
  const who = (userId: string): InflowAsker => ({ platform: 'slack', teamId: 'T1', userId, invocation: '/brief', corpora: fixtureCorpusSource() });
  const deps = (admins?: string[]): InflowDeps => ({ store, fetch, dataDir, logger, admins });

  beforeEach(async () => {
    site = await startNewsSite();
    engine = sqliteEngine();
    store = await engine.open();
    fetch = createSafeFetch({ allowPrivate: true, logger });
    dataDir = makeDataDir();
  });
  afterEach(async () => {
    await fetch.close();
    await store.close();
    await engine.cleanup();
    await site.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses add, sources add and sources remove to someone not in SOURCES_ADMINS, with a clear reply, and changes nothing', async () => {
    const page = site.articles().find((a) => a.kind === 'article')!.url;
    const add = await handleAdd(page, who('U9'), deps(['U1']));
    expect(add).toEqual({ kind: 'problem', message: expect.stringContaining('SOURCES_ADMINS') });
    const src = await handleSources(`add ${site.url}/feeds/world.rss`, who('U9'), deps(['U1']));
    expect(src).toMatchObject({ kind: 'problem', message: expect.stringContaining('SOURCES_ADMINS') });
    expect(await store.listSources()).toEqual([]);
    // Listing is for everyone.
    expect(await handleSources('', who('U9'), deps(['U1']))).toMatchObject({ kind: 'notice', title: 'Sources: following 0 feeds' });
  });

  it('an admin adds a feed and an article; a bad verb or a non-URL says what is accepted', async () => {
    const added = await handleSources(`add ${site.url}/feeds/world.rss World desk`, who('U1'), deps(['U1']));
    expect(added).toMatchObject({ kind: 'notice', title: expect.stringMatching(/^Following s[a-z2-9]{5}: World desk$/) });
    const listed = await handleSources('', who('U2'), deps(['U1']));
    expect(listed.kind === 'notice' && listed.lines[0]).toContain('World desk');
    expect(await handleSources('frobnicate', who('U1'), deps())).toMatchObject({ kind: 'problem', message: expect.stringContaining('`/brief sources add <feed url> [name]`') });
    expect(await handleAdd('not-a-url', who('U1'), deps())).toMatchObject({ kind: 'problem', message: expect.stringContaining('not a web address') });

    const page = site.articles().find((a) => a.slug === 'nbr-nigeria-india-pharma')!.url;
    const article = await handleAdd(page, who('U1'), deps(['U1']));
    expect(article).toMatchObject({ kind: 'notice', title: 'Added' });
    expect(article.kind === 'notice' && article.lines[0]).toMatch(/new facts?/);
    expect(await handleAdd(page, who('U1'), deps(['U1']))).toMatchObject({ kind: 'notice', title: 'Already there' });
    expect(await handleAdd(`${site.url}/faults/gone`, who('U1'), deps())).toMatchObject({ kind: 'problem', message: expect.stringContaining('410') });
  });
});
