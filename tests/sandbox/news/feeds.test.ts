import { extractFromJson, extractFromXml, type FeedData } from '@extractus/feed-extractor';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startNewsSite, type NewsSite } from '../../../src/sandbox/news/server.js';
import { defaultSiteDir, loadSite } from '../../../src/sandbox/news/site.js';
import { rawGet } from './http.js';

const site = loadSite(defaultSiteDir());
let news: NewsSite;
beforeEach(async () => {
  news = await startNewsSite({ host: '127.0.0.1', port: 0 });
});
afterEach(async () => {
  await news.close();
});

const TYPES = { rss: 'application/rss+xml; charset=utf-8', atom: 'application/atom+xml; charset=utf-8', json: 'application/feed+json; charset=utf-8' };

async function parsed(path: string): Promise<{ data: FeedData; text: string; etag: string }> {
  const res = await rawGet(news.url + path);
  expect(res.status).toBe(200);
  const text = res.body.toString('utf8');
  const format = site.feeds.find((f) => f.path === path)!.format;
  // extractFromXml checks well-formedness first (fast-xml-parser's validator) and throws otherwise.
  const data = format === 'json' ? extractFromJson(text) : extractFromXml(text);
  return { data, text, etag: String(res.headers['etag']) };
}

describe('feeds', () => {
  it.each(site.feeds.map((f) => [f.id, f] as const))('%s is a well-formed feed whose entries are the live pages it lists', async (_id, feed) => {
    const res = await rawGet(news.url + feed.path);
    expect(res.headers['content-type']).toBe(TYPES[feed.format]);
    const { data } = await parsed(feed.path);
    expect(data.title).toBe(feed.title);
    const live = feed.entries.map((slug) => site.pages.find((p) => p.slug === slug)!).filter((p) => !p.unpublished);
    expect(data.entries?.map((e) => e.link)).toEqual(live.map((p) => news.url + p.path));
    for (const entry of data.entries ?? []) expect((await rawGet(entry.link!)).status).toBe(200);
  });

  it('RSS items carry a GUID that is not the link and a pubDate, except the link-only ones', async () => {
    const feed = site.feeds.find((f) => f.format === 'rss' && f.entries.some((s) => site.pages.find((p) => p.slug === s)?.feedLinkOnly))!;
    const { text } = await parsed(feed.path);
    const items = [...text.matchAll(/<item>([\s\S]*?)<\/item>/g)].map((m) => m[1]!);
    const linkOnly = items.filter((i) => !i.includes('<title>'));
    const full = items.filter((i) => i.includes('<title>'));
    expect(linkOnly.length).toBeGreaterThan(0);
    for (const item of linkOnly) expect(item.trim()).toMatch(/^<link>[^<]+<\/link>$/);
    for (const item of full) {
      expect(item).toMatch(/<guid isPermaLink="false">urn:sandbox-news:[a-z0-9-]+<\/guid>/);
      expect(item).not.toMatch(/<guid[^>]*>http/);
    }
    // A page without a date in its metadata has no pubDate in the feed either.
    const undated = site.pages.find((p) => !p.published && feed.entries.includes(p.slug) && !p.unpublished)!;
    const item = full.find((i) => i.includes(undated.path))!;
    expect(item).not.toContain('<pubDate>');
  });

  it('the JSON Feed is version 1.1 with ids and ISO dates', async () => {
    const feed = site.feeds.find((f) => f.format === 'json')!;
    const body = JSON.parse((await rawGet(news.url + feed.path)).body.toString('utf8')) as { version: string; items: { id: string; date_published?: string }[] };
    expect(body.version).toBe('https://jsonfeed.org/version/1.1');
    for (const item of body.items) {
      expect(item.id).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
      if (item.date_published) expect(new Date(item.date_published).toISOString()).toBe(item.date_published);
    }
  });

  it('publish() puts a page at the top of its feeds; the old entries stay as they were', async () => {
    const hidden = site.pages.find((p) => p.unpublished)!;
    const rss = site.feeds.find((f) => f.format === 'rss' && f.entries.includes(hidden.slug))!;
    const before = await parsed(rss.path);
    const at = new Date('2026-12-01T02:30:00Z');
    const url = news.publish(hidden.slug, { at });
    expect(url).toBe(news.url + hidden.path);
    // Publishing twice changes nothing: the feed keeps the first date.
    news.publish(hidden.slug, { at: new Date('2026-12-05T00:00:00Z') });
    const notModified = await rawGet(news.url + rss.path, { 'if-none-match': before.etag });
    expect(notModified.status).toBe(200);
    const after = await parsed(rss.path);
    expect(after.data.entries?.length).toBe((before.data.entries?.length ?? 0) + 1);
    expect(after.data.entries?.[0]?.link).toBe(url);
    expect(new Date(after.data.entries![0]!.published!).toISOString()).toBe(at.toISOString());
    expect(after.data.entries?.slice(1)).toEqual(before.data.entries);
    // The page itself is live now, dated by the publish time.
    const page = await rawGet(url);
    expect(page.status).toBe(200);
    expect(page.body.toString('utf8')).toContain(`"datePublished":"${at.toISOString()}"`);
    expect(page.body.toString('utf8')).toContain('<span class="date">01/12/2026</span>');
    expect(news.articles().map((a) => a.slug)).toContain(hidden.slug);
    // Feeds it is not in do not change.
    const other = site.feeds.find((f) => !f.entries.includes(hidden.slug))!;
    expect((await parsed(other.path)).data.entries?.map((e) => e.link)).not.toContain(url);
  });

  it('a feed the page was already listed in shows it only after publish()', async () => {
    const hidden = site.pages.find((p) => p.unpublished)!;
    const atom = site.feeds.find((f) => f.format === 'atom' && f.entries.includes(hidden.slug))!;
    expect((await parsed(atom.path)).data.entries?.map((e) => e.link)).not.toContain(news.url + hidden.path);
    news.publish(hidden.slug);
    expect((await parsed(atom.path)).data.entries?.[0]?.link).toBe(news.url + hidden.path);
  });

  it('publish() of an unknown page throws with the pages it knows', () => {
    expect(() => news.publish('no-such-page')).toThrow(/no page "no-such-page".*andes-wire-chile-korea-copper/);
  });

  it('the broken feed is malformed XML served as RSS, and the parser refuses it', async () => {
    const res = await rawGet(`${news.url}/naira-business-review/feed.xml`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
    const text = res.body.toString('utf8');
    expect(() => extractFromXml(text)).toThrow(/not well-formed/);
  });

  it('HTML at a feed URL is served as text/html and is no feed', async () => {
    const res = await rawGet(`${news.url}/meridian/rss`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(() => extractFromXml(res.body.toString('utf8'))).toThrow();
  });
});
