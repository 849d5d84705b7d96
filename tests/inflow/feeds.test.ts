import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBriefbotError } from '../../src/errors.js';
import { canonicalUrl, contentHash, parseFeed } from '../../src/inflow/feeds.js';
import { startNewsSite, type NewsSite } from '../../src/sandbox/news/server.js';

let site: NewsSite;
beforeAll(async () => {
  site = await startNewsSite();
});
afterAll(async () => {
  await site.close();
});

async function get(path: string): Promise<{ text: string; type: string; url: string }> {
  const r = await fetch(`${site.url}${path}`);
  return { text: await r.text(), type: r.headers.get('content-type') ?? '', url: r.url };
}

describe('parseFeed', () => {
  it.each(['/feeds/world.rss', '/feeds/all.atom', '/feeds/business.json'])('reads %s from the news site: every entry a link on the site', async (path) => {
    const { text, type, url } = await get(path);
    const feed = parseFeed(text, type, url);
    expect(feed.entries.length).toBeGreaterThan(0);
    const live = new Set(site.articles().map((a) => canonicalUrl(a.url)));
    for (const e of feed.entries) {
      expect(live.has(e.canonicalUrl)).toBe(true);
      expect(e.contentHash).toMatch(/^[0-9a-f]{32}$/);
    }
  });

  it('the same story in RSS, Atom and JSON Feed has one canonical URL (the Atom feed carries every story)', async () => {
    const urls = await Promise.all(
      ['/feeds/world.rss', '/feeds/all.atom', '/feeds/business.json'].map(async (p) => {
        const { text, type, url } = await get(p);
        return parseFeed(text, type, url).entries.map((e) => e.canonicalUrl);
      }),
    );
    const [rss, atom, json] = urls as [string[], string[], string[]];
    for (const u of [...rss, ...json]) expect(atom).toContain(u);
  });

  it('refuses HTML and broken XML as FEED_NOT_A_FEED', async () => {
    const page = site.articles()[0]!;
    const html = await fetch(page.url).then((r) => r.text());
    for (const text of [html, '<rss><channel><item><title>x</title></chan', '{"not":"a feed"}']) {
      let caught: unknown;
      try {
        parseFeed(text, 'application/xml', `${site.url}/feed`);
      } catch (err) {
        caught = err;
      }
      expect(isBriefbotError(caught, 'FEED_NOT_A_FEED')).toBe(true);
    }
  });

  it('resolves relative links, and takes no made-up GUID', () => {
    const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
      <item><title>One</title><link>/a/1?utm_source=x&amp;id=3#top</link><guid>urn:one</guid></item>
      <item><title>Two</title><link>https://Example.TEST/a/2</link></item>
      <item><title>No link</title></item></channel></rss>`;
    const feed = parseFeed(rss, 'application/rss+xml', 'http://example.test/feeds/x.rss');
    expect(feed.entries.map((e) => [e.canonicalUrl, e.guid])).toEqual([
      ['http://example.test/a/1?id=3', 'urn:one'],
      ['https://example.test/a/2', null],
    ]);
  });
});

describe('canonicalUrl and contentHash', () => {
  it('folds tracking parameters, fragments, case of the host; keeps what names the article', () => {
    expect(canonicalUrl('https://News.test/x?utm_medium=rss&fbclid=1#c')).toBe('https://news.test/x');
    expect(canonicalUrl('https://news.test/x?id=7&utm_campaign=a')).toBe('https://news.test/x?id=7');
  });
  it('hashes the words, not the markup or spacing', () => {
    expect(contentHash('A  Title', '<p>Some text</p>')).toBe(contentHash('a title', 'Some   text'));
    expect(contentHash('A title', 'Some text')).not.toBe(contentHash('A title', 'Other text'));
  });
});
