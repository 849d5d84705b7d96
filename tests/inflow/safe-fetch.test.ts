import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBriefbotError } from '../../src/errors.js';
import { createSafeFetch, type ClosableSafeFetch, type ResolveHost } from '../../src/inflow/safe-fetch.js';
import { silentLogger } from '../../src/logger.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const ARTICLE = '<!doctype html><html lang="en"><head><title>Story</title></head><body><p>Hello.</p></body></html>';
const routes = new Map<string, Handler>();
const seen: { path: string; headers: IncomingMessage['headers'] }[] = [];
let server: Server;
let port = 0;
let base = '';

function html(body: string, headers: Record<string, string> = {}): Handler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers });
    res.end(body);
  };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    seen.push({ path: req.url ?? '/', headers: req.headers });
    const h = routes.get(path);
    if (h) return h(req, res);
    res.writeHead(404, { 'content-type': 'text/html' });
    res.end('<h1>Not found</h1>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  routes.set('/robots.txt', (_q, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('User-agent: briefbot\nDisallow: /private-to-bots/\n\nUser-agent: *\nDisallow: /nobody/\n');
  });
  routes.set('/article', html(ARTICLE, { etag: '"v1"', 'last-modified': 'Tue, 01 Dec 2026 10:00:00 GMT' }));
  routes.set('/conditional', (req, res) => {
    if (req.headers['if-none-match'] === '"v7"') {
      res.writeHead(304, { etag: '"v7"' });
      return res.end();
    }
    res.writeHead(200, { 'content-type': 'text/html', etag: '"v7"' });
    res.end(ARTICLE);
  });
  routes.set('/private-to-bots/page', html(ARTICLE));
  routes.set('/nobody/page', html(ARTICLE));
  routes.set('/json', (_q, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
  routes.set('/big', (_q, res) => {
    // No Content-Length: the cap must hold while streaming.
    res.writeHead(200, { 'content-type': 'text/html' });
    const chunk = 'x'.repeat(16 * 1024);
    let n = 0;
    const pump = () => {
      while (n++ < 64) if (!res.write(chunk)) return void res.once('drain', pump);
      res.end();
    };
    pump();
  });
  routes.set('/big-declared', (_q, res) => {
    res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(10 * 1024 * 1024) });
    res.write('x');
  });
  routes.set('/bomb', (_q, res) => {
    res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
    res.end(gzipSync(Buffer.alloc(4 * 1024 * 1024, 'a')));
  });
  routes.set('/gzipped', (_q, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip' });
    res.end(gzipSync(Buffer.from(ARTICLE)));
  });
  routes.set('/latin1', (_q, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=iso-8859-1' });
    res.end(Buffer.from([0x3c, 0x70, 0x3e, 0x43, 0x61, 0x66, 0xe9, 0x3c, 0x2f, 0x70, 0x3e])); // <p>Café</p>
  });
  routes.set('/meta-charset', (_q, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(Buffer.concat([Buffer.from('<html><head><meta charset="windows-1252"></head><body><p>'), Buffer.from([0x93, 0x51, 0x94]), Buffer.from('</p></body></html>')]));
  });
  routes.set('/stall', (_q, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.write('<p>start');
    const t = setTimeout(() => res.end('</p>'), 30_000);
    res.once('close', () => clearTimeout(t));
  });
  routes.set('/hops', (req, res) => {
    const n = Number(new URL(req.url ?? '/', base).searchParams.get('n') ?? '0');
    res.writeHead(302, { location: n <= 1 ? '/article' : `/hops?n=${n - 1}` });
    res.end();
  });
  routes.set('/to-internal', (_q, res) => {
    res.writeHead(301, { location: 'http://internal.test/admin' });
    res.end();
  });
  routes.set('/to-mapped', (_q, res) => {
    // 10.0.0.1 written as IPv4-mapped IPv6 in hex.
    res.writeHead(302, { location: 'http://[::ffff:a00:1]/article' });
    res.end();
  });
  routes.set('/to-metadata', (_q, res) => {
    res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
    res.end();
  });
  routes.set('/to-file', (_q, res) => {
    res.writeHead(302, { location: 'file:///etc/passwd' });
    res.end();
  });
  routes.set('/gone', (_q, res) => {
    res.writeHead(410, { 'content-type': 'text/html' });
    res.end('gone');
  });
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

/** A name resolver for the tests: each name to the addresses given, nothing from real DNS. */
function resolver(map: Record<string, string[]>): ResolveHost {
  return async (host) => {
    const addrs = map[host];
    if (!addrs) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return addrs.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

const fetchers: ClosableSafeFetch[] = [];
function make(opts: Partial<Parameters<typeof createSafeFetch>[0]> = {}): ClosableSafeFetch {
  const f = createSafeFetch({ allowPrivate: true, logger: silentLogger(), ...opts });
  fetchers.push(f);
  return f;
}
afterAll(async () => {
  await Promise.all(fetchers.map((f) => f.close()));
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (isBriefbotError(e)) return e.code;
    throw e;
  }
  return 'no error';
}

const HTML = { accept: ['text/html'] };

describe('safe fetch: addresses', () => {
  it.each([
    ['127.0.0.1'],
    ['10.1.2.3'],
    ['192.168.0.10'],
    ['172.16.5.4'],
    ['169.254.169.254'],
    ['100.64.0.1'],
    ['0.0.0.0'],
    ['224.0.0.1'],
    ['::1'],
    ['::'],
    ['fe80::1'],
    ['fd12:3456::1'],
    ['ff02::1'],
    ['::ffff:127.0.0.1'],
    ['::ffff:10.0.0.1'],
  ])('refuses a name that resolves to %s when private addresses are not allowed', async (address) => {
    const f = make({ allowPrivate: false, lookup: resolver({ 'news.test': [address] }) });
    expect(await codeOf(f('http://news.test/story', HTML))).toBe('FETCH_PRIVATE_ADDRESS');
  });

  it('refuses a name with any private answer among public ones', async () => {
    const f = make({ allowPrivate: false, lookup: resolver({ 'news.test': ['93.184.216.34', '10.0.0.8'] }) });
    expect(await codeOf(f('http://news.test/story', HTML))).toBe('FETCH_PRIVATE_ADDRESS');
  });

  it('refuses private address literals in the URL, which are never looked up', async () => {
    const f = make({ allowPrivate: false });
    for (const url of [`${base}/article`, `http://[::1]:${port}/article`, `http://[::ffff:127.0.0.1]:${port}/article`, 'http://169.254.169.254/']) {
      expect(await codeOf(f(url, HTML))).toBe('FETCH_PRIVATE_ADDRESS');
    }
  });

  it('follows a redirect only to an allowed address: each hop is checked again', async () => {
    // The first hop's server is on loopback, allowed by range; the redirect target is not.
    const f = make({ allowPrivate: false, allowedRanges: ['127.0.0.1/32'], respectRobots: false, lookup: resolver({ 'internal.test': ['10.20.30.40'] }) });
    expect((await f(`${base}/article`, HTML)).status).toBe(200);
    expect(await codeOf(f(`${base}/to-internal`, HTML))).toBe('FETCH_PRIVATE_ADDRESS');
    expect(await codeOf(f(`${base}/to-metadata`, HTML))).toBe('FETCH_PRIVATE_ADDRESS');
    expect(await codeOf(f(`http://news.test:${port}/to-mapped`, HTML))).toBe('FETCH_DNS');
    const named = make({ allowPrivate: false, allowedRanges: ['127.0.0.1/32'], respectRobots: false, lookup: resolver({ 'news.test': ['::ffff:127.0.0.1'] }) });
    // The mapped form is judged as the IPv4 address it is: in the allowed range, then refused on redirect.
    expect(await codeOf(named(`http://news.test:${port}/article`, HTML))).toBe('no error');
    expect(await codeOf(named(`http://news.test:${port}/to-mapped`, HTML))).toBe('FETCH_PRIVATE_ADDRESS');
  });

  it('allows everything with allowPrivate (local mode, tests)', async () => {
    const f = make({ allowPrivate: true, lookup: resolver({ 'news.test': ['127.0.0.1'] }) });
    const got = await f(`http://news.test:${port}/article`, HTML);
    expect(got.text).toBe(ARTICLE);
  });

  it('says when a name does not resolve', async () => {
    const f = make({ lookup: resolver({}) });
    expect(await codeOf(f('http://nowhere.test/', HTML))).toBe('FETCH_DNS');
  });
});

describe('safe fetch: URLs and redirects', () => {
  it('fetches only http and https', async () => {
    const f = make();
    expect(await codeOf(f('ftp://example.com/x', HTML))).toBe('FETCH_SCHEME');
    expect(await codeOf(f('file:///etc/passwd', HTML))).toBe('FETCH_SCHEME');
    expect(await codeOf(f('not a url', HTML))).toBe('FETCH_BAD_URL');
    expect(await codeOf(f(`${base}/to-file`, HTML))).toBe('FETCH_SCHEME');
  });

  it('follows redirects up to the limit and reports the final URL', async () => {
    const f = make({ maxRedirects: 3 });
    const got = await f(`${base}/hops?n=3`, HTML);
    expect(got.url).toBe(`${base}/article`);
    expect(got.requestedUrl).toBe(`${base}/hops?n=3`);
    expect(await codeOf(f(`${base}/hops?n=4`, HTML))).toBe('FETCH_TOO_MANY_REDIRECTS');
  });
});

describe('safe fetch: responses', () => {
  it('sends a user agent that names the bot and says where to read about it', async () => {
    const f = make();
    await f(`${base}/article`, HTML);
    const ua = seen.filter((s) => s.path === '/article').at(-1)!.headers['user-agent'];
    expect(ua).toMatch(/^briefbot\/\d+\.\d+\.\d+ \(\+https?:\/\/\S+\)$/);
  });

  it('makes a conditional GET and reports 304 as notModified', async () => {
    const f = make();
    const first = await f(`${base}/conditional`, HTML);
    expect(first.etag).toBe('"v7"');
    expect(first.notModified).toBe(false);
    const again = await f(`${base}/conditional`, { ...HTML, etag: first.etag! });
    expect(again.notModified).toBe(true);
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    const plain = await f(`${base}/article`, HTML);
    expect(plain.lastModified).toBe('Tue, 01 Dec 2026 10:00:00 GMT');
    await f(`${base}/article`, { ...HTML, lastModified: plain.lastModified! });
    expect(seen.filter((s) => s.path === '/article').at(-1)!.headers['if-modified-since']).toBe('Tue, 01 Dec 2026 10:00:00 GMT');
  });

  it('refuses a content type not asked for', async () => {
    const f = make();
    expect(await codeOf(f(`${base}/json`, HTML))).toBe('FETCH_CONTENT_TYPE');
    expect((await f(`${base}/json`, { accept: ['application/json'] })).text).toBe('{}');
  });

  it('stops reading past the size cap, declared or streamed, and counts decompressed bytes', async () => {
    const f = make({ maxBytes: 256 * 1024 });
    expect(await codeOf(f(`${base}/big`, HTML))).toBe('FETCH_TOO_LARGE');
    expect(await codeOf(f(`${base}/big-declared`, HTML))).toBe('FETCH_TOO_LARGE');
    expect(await codeOf(f(`${base}/bomb`, HTML))).toBe('FETCH_TOO_LARGE');
    expect((await f(`${base}/big`, { ...HTML, maxBytes: 2 * 1024 * 1024 })).text.length).toBe(64 * 16 * 1024);
  });

  it('gives up after the timeout', async () => {
    const f = make({ timeoutMs: 300 });
    const e = await f(`${base}/stall`, HTML).catch((x: unknown) => x);
    expect(isBriefbotError(e, 'FETCH_TIMEOUT')).toBe(true);
    expect((e as Error).message).toContain(`127.0.0.1:${port}`);
  });

  it('reports HTTP errors with their status', async () => {
    const f = make();
    const e = await f(`${base}/missing?token=secret123`, HTML).catch((x: unknown) => x);
    expect(isBriefbotError(e, 'FETCH_HTTP_STATUS')).toBe(true);
    expect((e as Error).message).toContain('not found (HTTP 404)');
    expect((e as Error).message).not.toContain('secret123');
    expect(await codeOf(f(`${base}/gone`, HTML))).toBe('FETCH_HTTP_STATUS');
  });

  it('decodes gzip and the charset from the header or the document', async () => {
    const f = make();
    expect((await f(`${base}/gzipped`, HTML)).text).toBe(ARTICLE);
    expect((await f(`${base}/latin1`, HTML)).text).toBe('<p>Café</p>');
    expect((await f(`${base}/meta-charset`, HTML)).text).toContain('<p>“Q”</p>');
  });
});

describe('safe fetch: robots.txt', () => {
  it('refuses what robots.txt disallows for briefbot (whose own group replaces the * group), reading it once per origin', async () => {
    const f = make();
    const before = seen.filter((s) => s.path === '/robots.txt').length;
    expect(await codeOf(f(`${base}/private-to-bots/page`, HTML))).toBe('FETCH_ROBOTS');
    expect((await f(`${base}/nobody/page`, HTML)).status).toBe(200);
    expect((await f(`${base}/article`, HTML)).status).toBe(200);
    expect(seen.filter((s) => s.path === '/robots.txt').length - before).toBe(1);
    const ignoring = make({ respectRobots: false });
    expect((await ignoring(`${base}/private-to-bots/page`, HTML)).status).toBe(200);
  });
});
