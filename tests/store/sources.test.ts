import { afterEach, beforeEach, expect, it } from 'vitest';
import type { KyselyStore } from '../../src/store/kysely-store.js';
import { describeEachEngine, type Engine } from './engines.js';

const T0 = new Date('2026-03-01T06:00:00.000Z');
const later = (ms: number) => new Date(T0.getTime() + ms);

describeEachEngine('sources store', (makeEngine) => {
  let engine: Engine;
  let store: KyselyStore;

  beforeEach(async () => {
    engine = makeEngine();
    store = await engine.open();
  });
  afterEach(async () => {
    await store.close();
    await engine.cleanup();
  });

  it('adds, finds, lists and removes a source; a second add of one URL returns the first', async () => {
    const a = await store.addSource({ url: 'http://news.test/rss.xml', name: 'News', addedBy: 'cli:me' }, T0);
    expect(a.id).toMatch(/^s[a-z2-9]{5}$/);
    const again = await store.addSource({ url: 'http://news.test/rss.xml', name: 'Other name', addedBy: 'slack:T:U' }, later(1));
    expect(again.id).toBe(a.id);
    expect(again.name).toBe('News');
    const b = await store.addSource({ url: 'http://other.test/atom', name: 'Other', addedBy: 'cli:me' }, later(2));
    expect((await store.listSources()).map((s) => s.id)).toEqual([a.id, b.id]);
    expect((await store.findSourceByUrl('http://other.test/atom'))?.id).toBe(b.id);
    expect(await store.removeSource(a.id)).toBe(true);
    expect(await store.removeSource(a.id)).toBe(false);
    expect(await store.getSource(a.id)).toBeUndefined();
  });

  it('claims due sources once, and records a poll with counts, validators and errors', async () => {
    const a = await store.addSource({ url: 'http://news.test/rss.xml', name: 'News', addedBy: 'cli:me' }, T0);
    const first = await store.claimDueSources(T0, later(60_000), 10);
    expect(first.map((s) => s.id)).toEqual([a.id]);
    // Leased until later: a second poller finds nothing due.
    expect(await store.claimDueSources(T0, later(60_000), 10)).toEqual([]);

    await store.recordPoll(a.id, { now: T0, nextPollAt: later(900_000), etag: '"v1"', lastModified: 'Sun, 01 Mar 2026 06:00:00 GMT', error: null, entriesSeen: 3, articlesAdded: 2 });
    await store.recordPoll(a.id, { now: later(1), nextPollAt: later(30_000), error: 'HTTP 500', entriesSeen: 0, articlesAdded: 0 });
    await store.recordPoll(a.id, { now: later(2), nextPollAt: later(60_000), error: 'HTTP 500', entriesSeen: 0, articlesAdded: 0 });
    const s = (await store.getSource(a.id))!;
    expect(s).toMatchObject({ etag: '"v1"', lastModified: 'Sun, 01 Mar 2026 06:00:00 GMT', lastError: 'HTTP 500', consecutiveErrors: 2, errorsTotal: 2, entriesSeen: 3, articlesAdded: 2 });
    expect(s.nextPollAt).toBe(later(60_000).toISOString());
    await store.recordPoll(a.id, { now: later(3), nextPollAt: later(900_000), error: null, entriesSeen: 1, articlesAdded: 1 });
    expect(await store.getSource(a.id)).toMatchObject({ lastError: null, consecutiveErrors: 0, errorsTotal: 2, entriesSeen: 4, articlesAdded: 3, etag: '"v1"' });
    expect(await store.claimDueSources(later(899_999), later(1_000_000), 10)).toEqual([]);
    expect((await store.claimDueSources(later(900_000), later(1_000_000), 10)).map((x) => x.id)).toEqual([a.id]);
  });

  it('knows an entry by its canonical URL or content hash from any source, and by GUID within its own', async () => {
    const a = await store.addSource({ url: 'http://a.test/rss', name: 'A', addedBy: 'cli' }, T0);
    const b = await store.addSource({ url: 'http://b.test/rss', name: 'B', addedBy: 'cli' }, T0);
    await store.markEntriesSeen([{ sourceId: a.id, canonicalUrl: 'http://a.test/1', guid: 'g1', contentHash: 'h1', status: 'added', articleId: 'a-1', detail: null }], T0);
    // Recording it again changes nothing (and does not throw).
    await store.markEntriesSeen([{ sourceId: a.id, canonicalUrl: 'http://a.test/1', guid: 'g1', contentHash: 'h1', status: 'refused', articleId: null, detail: 'x' }], T0);
    const ask = [
      { canonicalUrl: 'http://a.test/1', guid: null, contentHash: 'zz' },
      { canonicalUrl: 'http://a.test/2', guid: 'g1', contentHash: 'zz' },
      { canonicalUrl: 'http://a.test/3', guid: null, contentHash: 'h1' },
      { canonicalUrl: 'http://a.test/4', guid: 'g4', contentHash: 'h4' },
    ];
    expect((await store.seenEntries(a.id, ask)).map((e) => e.canonicalUrl)).toEqual(['http://a.test/1', 'http://a.test/2', 'http://a.test/3']);
    // The same GUID in another feed is another entry.
    expect((await store.seenEntries(b.id, ask)).map((e) => e.canonicalUrl)).toEqual(['http://a.test/1', 'http://a.test/3']);
    await store.removeSource(a.id);
    expect(await store.seenEntries(b.id, ask)).toEqual([]);
  });
});
