import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNewsSite, type NewsSite } from '../../../src/sandbox/news/server.js';
import { defaultSiteDir, loadSite } from '../../../src/sandbox/news/site.js';
import { rawGet } from './http.js';

const site = loadSite(defaultSiteDir());
let news: NewsSite;
beforeAll(async () => {
  news = await startNewsSite({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await news.close();
});

const published = site.pages.filter((p) => !p.unpublished);

describe('news site pages', () => {
  it.each(published.map((p) => [p.slug, p] as const))('%s serves with its content type, charset and validators', async (_slug, page) => {
    const res = await rawGet(news.url + page.path);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(`text/html; charset=${page.charset}`);
    expect(res.headers['etag']).toMatch(/^"[\w-]+"$/);
    expect(Date.parse(String(res.headers['last-modified']))).not.toBeNaN();
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    // Without Accept-Encoding nothing is compressed.
    expect(res.headers['content-encoding']).toBeUndefined();
    const html = res.body.toString(page.charset === 'iso-8859-1' ? 'latin1' : 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).not.toContain('{{');
    // The document says the same charset as the header, as a fetcher reading either would need.
    expect(/<meta charset="([^"]+)"/i.exec(html)?.[1]?.toLowerCase()).toBe(page.charset);
  });

  it('fills canonical links with the running origin, so they point back at this site', async () => {
    const page = site.pages.find((p) => p.slug === 'andes-wire-chile-korea-copper')!;
    const html = (await rawGet(news.url + page.path)).body.toString('utf8');
    expect(html).toContain(`<link rel="canonical" href="${news.url}${page.path}">`);
  });

  it('sends the French page as ISO-8859-1 bytes, which read wrongly as UTF-8', async () => {
    const page = site.pages.find((p) => p.charset === 'iso-8859-1')!;
    const res = await rawGet(news.url + page.path);
    expect(res.body.toString('latin1')).toContain('Économie');
    expect(res.body.toString('utf8')).not.toContain('Économie');
  });

  it('gzips the pages and feeds marked for it when the client accepts gzip', async () => {
    for (const path of [site.pages.find((p) => p.gzip)!.path, site.feeds.find((f) => f.gzip)!.path]) {
      const plain = await rawGet(news.url + path);
      const zipped = await rawGet(news.url + path, { 'accept-encoding': 'gzip, deflate, br' });
      expect(zipped.headers['content-encoding']).toBe('gzip');
      expect(zipped.headers['vary']).toBe('Accept-Encoding');
      expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
    }
    const unmarked = site.pages.find((p) => !p.gzip && !p.unpublished)!;
    expect((await rawGet(news.url + unmarked.path, { 'accept-encoding': 'gzip' })).headers['content-encoding']).toBeUndefined();
  });

  it('answers HEAD with the headers and no body, and refuses POST', async () => {
    const head = await rawGet(news.url + published[0]!.path, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(Number(head.headers['content-length'])).toBeGreaterThan(1000);
    const post = await rawGet(news.url + published[0]!.path, {}, 'POST');
    expect(post.status).toBe(405);
    expect(post.headers['allow']).toBe('GET, HEAD');
  });

  it('404s an unknown path, and an unpublished page until publish()', async () => {
    expect((await rawGet(`${news.url}/andes-wire/2026/11/18/no-such-story`)).status).toBe(404);
    const hidden = site.pages.find((p) => p.unpublished)!;
    expect((await rawGet(news.url + hidden.path)).status).toBe(404);
    expect(news.articles().map((a) => a.slug)).not.toContain(hidden.slug);
  });

  it('serves robots.txt that disallows the drafts path, where a page does exist', async () => {
    const robots = await rawGet(`${news.url}/robots.txt`);
    expect(robots.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(robots.body.toString()).toMatch(/^User-agent: \*\nDisallow: \/drafts\/$/m);
    const draft = site.pages.find((p) => p.kind === 'draft')!;
    expect(draft.path.startsWith('/drafts/')).toBe(true);
    expect((await rawGet(news.url + draft.path)).status).toBe(200);
    // A draft is not something to offer a person to add.
    expect(news.articles().map((a) => a.slug)).not.toContain(draft.slug);
  });

  it('ignores the query string when finding a page (tracking parameters)', async () => {
    const page = published[0]!;
    const a = await rawGet(news.url + page.path);
    const b = await rawGet(`${news.url + page.path}?utm_source=newsletter&utm_medium=email`);
    expect(b.status).toBe(200);
    expect(b.headers['etag']).toBe(a.headers['etag']);
  });
});

describe('conditional GET', () => {
  it('gives 304 for a matching ETag or a current If-Modified-Since, and counts every hit', async () => {
    const path = site.feeds[0]!.path;
    const before = news.hits(path);
    const first = await rawGet(news.url + path);
    expect(first.status).toBe(200);
    const etag = String(first.headers['etag']);
    const lastModified = String(first.headers['last-modified']);
    const byTag = await rawGet(news.url + path, { 'if-none-match': etag });
    expect(byTag.status).toBe(304);
    expect(byTag.body.length).toBe(0);
    expect(byTag.headers['etag']).toBe(etag);
    expect((await rawGet(news.url + path, { 'if-none-match': `"other", W/${etag}` })).status).toBe(304);
    expect((await rawGet(news.url + path, { 'if-modified-since': lastModified })).status).toBe(304);
    // If-None-Match wins: a stale tag gets the body even with a current date.
    expect((await rawGet(news.url + path, { 'if-none-match': '"stale"', 'if-modified-since': lastModified })).status).toBe(200);
    expect((await rawGet(news.url + path, { 'if-modified-since': 'Thu, 01 Jan 2015 00:00:00 GMT' })).status).toBe(200);
    expect(news.hits(path) - before).toBe(6);
    expect(news.hits(news.url + path)).toBe(news.hits(path));
  });

  it('keeps a page ETag stable across requests and different between pages', async () => {
    const [a, b] = published;
    const a1 = await rawGet(news.url + a!.path);
    const a2 = await rawGet(news.url + a!.path);
    const b1 = await rawGet(news.url + b!.path);
    expect(a1.headers['etag']).toBe(a2.headers['etag']);
    expect(a1.headers['etag']).not.toBe(b1.headers['etag']);
  });
});
