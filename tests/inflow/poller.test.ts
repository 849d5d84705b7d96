import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFactBaseFile } from '../../src/factbase/file-io.js';
import { articleSink } from '../../src/inflow/article-sink.js';
import { retryDelayMs } from '../../src/inflow/backoff.js';
import { SourcePoller } from '../../src/inflow/poller.js';
import { createSafeFetch, type ClosableSafeFetch } from '../../src/inflow/safe-fetch.js';
import { addSource } from '../../src/inflow/sources.js';
import { silentLogger } from '../../src/logger.js';
import { startNewsSite, type NewsSite } from '../../src/sandbox/news/server.js';
import type { KyselyStore } from '../../src/store/kysely-store.js';
import { sqliteEngine, type Engine } from '../store/engines.js';
import { makeDataDir } from './data-dir.js';

const T0 = Date.parse('2026-12-01T08:00:00.000Z');
const MIN = 60_000;

describe('retryDelayMs', () => {
  it('doubles per consecutive failure up to the cap, and never undercuts Retry-After', () => {
    const o = { baseMs: MIN, maxMs: 60 * MIN };
    expect([1, 2, 3, 4, 7, 8, 30].map((n) => retryDelayMs(n, o) / MIN)).toEqual([1, 2, 4, 8, 60, 60, 60]);
    expect(retryDelayMs(1, { ...o, retryAfterMs: 120_000 })).toBe(120_000);
    expect(retryDelayMs(4, { ...o, retryAfterMs: 30_000 })).toBe(8 * MIN);
  });
});

describe('SourcePoller against the news site', () => {
  let site: NewsSite;
  let engine: Engine;
  let store: KyselyStore;
  let dataDir: string;
  let fetch: ClosableSafeFetch;
  let now = T0;
  const logger = silentLogger();

  beforeEach(async () => {
    site = await startNewsSite();
    engine = sqliteEngine();
    store = await engine.open();
    dataDir = makeDataDir();
    fetch = createSafeFetch({ allowPrivate: true, logger });
    now = T0;
  });
  afterEach(async () => {
    await fetch.close();
    await store.close();
    await engine.cleanup();
    await site.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const poller = () => new SourcePoller({ store, fetch, articles: articleSink({ dataDir, fetch, logger }), logger, now: () => new Date(now) });

  it('fetches only new entries: first poll ingests the feed, a 304 fetches nothing, a published entry is the only one fetched', async () => {
    const feedPath = '/mekong-herald/rss';
    const { source } = await addSource({ store, fetch, url: `${site.url}${feedPath}`, addedBy: 'test', now: new Date(now), logger });
    expect(source.name).toBe('The Mekong Herald - Business');
    const p = poller();
    const first = await p.pollOnce();
    expect(first.sources).toHaveLength(1);
    expect(first.sources[0]).toMatchObject({ outcome: 'ok', entries: 1, newEntries: 1 });
    expect(first.committed).toHaveLength(1);
    const [firstId] = first.committed;
    expect(existsSync(join(dataDir, 'articles', `${firstId}.md`))).toBe(true);
    const fb1 = await readFactBaseFile(join(dataDir, 'factbase.json'));
    expect(fb1.facts.some((f) => f.citations.some((c) => c.articleId === firstId))).toBe(true);

    const pagePath = new URL(site.articles().find((a) => a.slug === 'mekong-herald-vietnam-eu-fisheries')!.url).pathname;
    const pageHits = site.hits(pagePath);
    // Not due yet: nothing fetched at all.
    const feedHits = site.hits(feedPath);
    expect((await p.pollOnce()).sources).toEqual([]);
    expect(site.hits(feedPath)).toBe(feedHits);

    // Due again, unchanged: a conditional GET answered 304, no article fetched.
    now += 15 * MIN;
    const second = await p.pollOnce();
    expect(second.sources[0]).toMatchObject({ outcome: 'not-modified', newEntries: 0 });
    expect(second.committed).toEqual([]);
    expect(site.hits(feedPath)).toBe(feedHits + 1);

    // A new entry: only it is fetched and ingested.
    site.publish('mekong-herald-vietnam-fishing-decree', { at: new Date(now) });
    now += 15 * MIN;
    const third = await p.pollOnce();
    expect(third.sources[0]).toMatchObject({ outcome: 'ok', entries: 2, newEntries: 1 });
    expect(third.committed).toHaveLength(1);
    expect(third.committed[0]).not.toBe(firstId);
    expect(site.hits(pagePath)).toBe(pageHits);
    const fb3 = await readFactBaseFile(join(dataDir, 'factbase.json'));
    expect(fb3.articles.map((a) => a.id).sort()).toEqual([firstId, third.committed[0]].sort());
    // The first article's facts kept their firstSeen; the new ones arrived at this poll.
    const byArticle = (id: string) => fb3.facts.filter((f) => f.citations[0]?.articleId === id);
    expect(byArticle(firstId!).every((f) => f.firstSeen === new Date(T0).toISOString())).toBe(true);
    expect(byArticle(third.committed[0]!).every((f) => f.firstSeen === new Date(now).toISOString())).toBe(true);
    expect(await store.getSource(source.id)).toMatchObject({ entriesSeen: 2, articlesAdded: 2, lastError: null });
  });

  it('a failing source backs off exponentially and honours Retry-After; the others are polled as usual', async () => {
    const broken = await store.addSource({ url: `${site.url}/faults/server-error`, name: 'broken', addedBy: 'test' }, new Date(now));
    const limited = await store.addSource({ url: `${site.url}/faults/rate-limited`, name: 'limited', addedBy: 'test' }, new Date(now));
    const p = poller();
    const r1 = await p.pollOnce();
    const at = (id: string, r: typeof r1) => Date.parse(r.sources.find((s) => s.sourceId === id)!.nextPollAt) - now;
    expect(at(broken.id, r1)).toBe(MIN);
    // 429 with Retry-After: 120 → two minutes, though the first backoff step is one.
    expect(at(limited.id, r1)).toBe(2 * MIN);
    now += MIN;
    const r2 = await p.pollOnce();
    expect(r2.sources.map((s) => s.sourceId)).toEqual([broken.id]);
    expect(at(broken.id, r2)).toBe(2 * MIN);
    expect(await store.getSource(broken.id)).toMatchObject({ consecutiveErrors: 2, errorsTotal: 2 });
    expect((await store.getSource(broken.id))?.lastError).toMatch(/HTTP 500/);
  });

  it('refuses a URL that is not a feed when it is added, with the reason', async () => {
    await expect(addSource({ store, fetch, url: `${site.url}/meridian/rss`, addedBy: 'test', now: new Date(now), logger })).rejects.toMatchObject({
      code: expect.stringMatching(/^(FEED_NOT_A_FEED|FETCH_CONTENT_TYPE)$/),
    });
    await expect(addSource({ store, fetch, url: `${site.url}/naira-business-review/feed.xml`, addedBy: 'test', now: new Date(now), logger })).rejects.toMatchObject({
      code: 'FEED_NOT_A_FEED',
    });
    expect(await store.listSources()).toEqual([]);
  });
});
