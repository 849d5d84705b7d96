import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startNewsSite, type NewsSite } from '../../../src/sandbox/news/server.js';
import { defaultSiteDir, loadSite } from '../../../src/sandbox/news/site.js';
import { rawGet } from './http.js';

const site = loadSite(defaultSiteDir());
const article = site.pages.find((p) => p.kind === 'article' && !p.unpublished)!;
let news: NewsSite;
beforeEach(async () => {
  news = await startNewsSite({ host: '127.0.0.1', port: 0 });
});
afterEach(async () => {
  await news.close();
});

/** Follows Location headers by hand, as a fetcher with redirect: 'manual' does; stops at maxHops. */
async function follow(path: string, maxHops: number): Promise<{ statuses: number[]; locations: string[] }> {
  const statuses: number[] = [];
  const locations: string[] = [];
  let url = news.url + path;
  for (let i = 0; i <= maxHops; i++) {
    const res = await rawGet(url);
    statuses.push(res.status);
    const location = res.headers['location'];
    if (typeof location !== 'string' || res.status < 300 || res.status >= 400) break;
    locations.push(location);
    url = new URL(location, url).toString();
  }
  return { statuses, locations };
}

describe('redirects', () => {
  it('a 301 → 302 → 307 chain ends at the article', async () => {
    const { statuses, locations } = await follow('/faults/redirect/chain', 10);
    expect(statuses).toEqual([301, 302, 307, 200]);
    expect(locations.at(-1)).toBe(article.path);
  });

  it('a loop never ends', async () => {
    const { statuses, locations } = await follow('/faults/redirect/loop', 6);
    expect(statuses).toEqual([302, 302, 302, 302, 302, 302, 302]);
    expect(new Set(locations)).toEqual(new Set(['/faults/redirect/loop', '/faults/redirect/loop-back']));
  });

  it('hops?n= makes exactly n hops before the article, for a redirect limit', async () => {
    const { statuses } = await follow('/faults/redirect/hops?n=12', 20);
    expect(statuses.filter((s) => s === 302)).toHaveLength(12);
    expect(statuses.at(-1)).toBe(200);
    // Hits count by path, whatever the query.
    expect(news.hits('/faults/redirect/hops')).toBe(12);
    expect(news.hits('/faults/redirect/hops?n=5')).toBe(12);
  });

  it('other-host sends to the same server under another host name; metadata to a link-local address', async () => {
    const other = await rawGet(`${news.url}/faults/redirect/other-host`);
    expect(other.status).toBe(301);
    const to = new URL(String(other.headers['location']));
    expect(to.hostname).toBe('localhost');
    expect(to.port).toBe(new URL(news.url).port);
    expect(to.pathname).toBe(article.path);
    const metadata = await rawGet(`${news.url}/faults/redirect/metadata`);
    expect(new URL(String(metadata.headers['location'])).hostname).toBe('169.254.169.254');
  });

  it('a relative Location resolves against the redirecting URL to the article', async () => {
    const { statuses } = await follow('/faults/redirect/relative', 3);
    expect(statuses).toEqual([302, 200]);
  });
});

describe('error statuses', () => {
  it.each([
    ['/faults/gone', 410, undefined],
    ['/faults/rate-limited', 429, '120'],
    ['/faults/server-error', 500, undefined],
    ['/faults/unavailable', 503, '30'],
  ])('%s answers %i (Retry-After %s)', async (path, status, retryAfter) => {
    const res = await rawGet(news.url + path);
    expect(res.status).toBe(status);
    expect(res.headers['retry-after']).toBe(retryAfter);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(news.hits(path)).toBe(1);
  });
});

describe('bodies that misbehave', () => {
  it('slow: headers and a first part arrive, then the body stalls until the server closes', async () => {
    const full = (await rawGet(news.url + article.path)).body.toString('utf8');
    const received = await new Promise<{ status: number; firstChunk: string; total: number; ended: 'end' | 'aborted' }>((resolve, reject) => {
      const req = request(`${news.url}/faults/slow`, (res) => {
        let firstChunk = '';
        let total = 0;
        res.on('data', (c: Buffer) => {
          if (total === 0) {
            firstChunk = c.toString('utf8');
            // The first part is here and the rest is stalled: closing the site cuts the response.
            void news.close();
          }
          total += c.length;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, firstChunk, total, ended: 'end' }));
        res.on('aborted', () => resolve({ status: res.statusCode ?? 0, firstChunk, total, ended: 'aborted' }));
        res.on('error', () => resolve({ status: res.statusCode ?? 0, firstChunk, total, ended: 'aborted' }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(received.status).toBe(200);
    expect(full.startsWith(received.firstChunk)).toBe(true);
    expect(received.total).toBeLessThan(Buffer.byteLength(full));
    expect(received.ended).toBe('aborted');
  });

  it('slow?ms=0 finishes with the whole article', async () => {
    const full = (await rawGet(news.url + article.path)).body;
    const slow = await rawGet(`${news.url}/faults/slow?ms=0`);
    expect(slow.body.equals(full)).toBe(true);
  });

  it('huge streams 8 MiB with no Content-Length; ?mb= and ?declared=1 change size and framing', async () => {
    const big = await rawGet(`${news.url}/faults/huge`);
    expect(big.status).toBe(200);
    expect(big.headers['content-length']).toBeUndefined();
    expect(big.headers['transfer-encoding']).toBe('chunked');
    expect(big.body.length).toBe(8 * 1024 * 1024);
    const declared = await rawGet(`${news.url}/faults/huge?mb=2&declared=1`);
    expect(declared.headers['content-length']).toBe(String(2 * 1024 * 1024));
    expect(declared.body.length).toBe(2 * 1024 * 1024);
    expect(declared.body.subarray(0, 15).toString()).toBe('<!doctype html>');
  });

  it('octet-stream serves a real article labelled as a download', async () => {
    const res = await rawGet(`${news.url}/faults/octet-stream`);
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect(res.body.equals((await rawGet(news.url + article.path)).body)).toBe(true);
  });
});
