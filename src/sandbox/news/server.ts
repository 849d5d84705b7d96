import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Logger } from '../../logger.js';
import { silentLogger } from '../../logger.js';
import { FAULTS, type FaultContext } from './faults.js';
import { type FeedItem, renderFeed } from './feeds.js';
import { defaultSiteDir, loadSite, type Page, renderTemplate } from './site.js';

export interface NewsSiteOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Where site.json and the pages are; default the shipped data/sandbox-news/. */
  dir?: string;
  logger?: Logger;
  /** Host name that /faults/redirect/other-host sends to (same server, another name). Default localhost. */
  otherHostName?: string;
  /** How long /faults/slow stalls its body by default. */
  slowStallMs?: number;
}

export interface NewsArticleLink {
  slug: string;
  kind: Page['kind'];
  outlet: string;
  title: string;
  url: string;
  language: string;
}

export interface NewsSite {
  /** Base URL, e.g. http://127.0.0.1:40123 (no trailing slash). */
  url: string;
  close(): Promise<void>;
  /**
   * Put an unpublished page on the site and at the top of its feeds (dated `at`, default now);
   * returns its URL. Publishing a page twice changes nothing.
   */
  publish(slug: string, options?: { at?: Date }): string;
  /** Requests seen for a path (or a URL on this site), 304s and errors included. */
  hits(path: string): number;
  /** The pages that are live now, with their absolute URLs (what the local page lists). */
  articles(): NewsArticleLink[];
}

interface Body {
  bytes: Buffer;
  contentType: string;
  lastModified: Date;
  gzip: boolean;
}

/**
 * A loopback stand-in for the news sites briefbot reads: hand-written article pages with real-world
 * furniture, RSS/Atom/JSON feeds over them, and the faults a fetcher must survive (see faults.ts). A
 * plain node:http server, so what a fetcher sees here is what it would see on the wire.
 */
export async function startNewsSite(options: NewsSiteOptions = {}): Promise<NewsSite> {
  const dir = options.dir ?? defaultSiteDir();
  const logger = options.logger ?? silentLogger();
  const site = loadSite(dir);
  const host = options.host ?? '127.0.0.1';
  const hitCounts = new Map<string, number>();
  const published = new Map<string, Date>();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const fileCache = new Map<string, string>();
  let origin = '';
  let otherOrigin = '';

  const readPage = (file: string, date?: Date) => {
    let text = fileCache.get(file);
    if (text === undefined) {
      text = readFileSync(join(dir, file), 'utf8');
      fileCache.set(file, text);
    }
    const vars: Record<string, string> = { origin };
    if (date) {
      vars.published = date.toISOString();
      const dd = String(date.getUTCDate()).padStart(2, '0');
      const mm = String(date.getUTCMonth() + 1).padStart(2, '0');
      vars.publishedDmy = `${dd}/${mm}/${date.getUTCFullYear()}`;
    }
    return renderTemplate(text, vars);
  };
  const isLive = (p: Page) => !p.unpublished || published.has(p.slug);
  const livePages = () => site.pages.filter(isLive);
  const pageDate = (p: Page): Date | undefined => published.get(p.slug) ?? (p.published ? new Date(p.published) : undefined);
  const article = site.pages.find((p) => p.kind === 'article' && !p.unpublished);
  if (!article) throw new Error('site.json: the site needs at least one published article');

  const pageBody = (p: Page): Body => {
    const text = readPage(p.file, pageDate(p));
    return {
      bytes: Buffer.from(text, p.charset === 'iso-8859-1' ? 'latin1' : 'utf8'),
      contentType: `text/html; charset=${p.charset}`,
      lastModified: new Date(published.get(p.slug) ?? p.modified ?? p.published ?? '2026-01-01T00:00:00Z'),
      gzip: p.gzip,
    };
  };

  const feedBody = (path: string): Body | undefined => {
    const feed = site.feeds.find((f) => f.path === path);
    if (!feed) return undefined;
    // Pages published at runtime go on top, newest first, as a CMS would list them.
    const fresh = [...published.entries()]
      .filter(([slug]) => feed.entries.includes(slug))
      .sort((a, b) => b[1].getTime() - a[1].getTime())
      .map(([slug]) => slug);
    const slugs = [...fresh, ...feed.entries.filter((s) => !fresh.includes(s))];
    const items: FeedItem[] = slugs.flatMap((slug) => {
      const page = site.pages.find((p) => p.slug === slug);
      if (!page || !isLive(page)) return [];
      const date = pageDate(page);
      return [{ page, url: origin + page.path, ...(date ? { date } : {}) }];
    });
    const rendered = renderFeed(feed, items, origin);
    return { bytes: Buffer.from(rendered.body, 'utf8'), contentType: rendered.contentType, lastModified: rendered.lastModified, gzip: feed.gzip };
  };

  const resolve = (path: string): Body | undefined => {
    const page = site.pages.find((p) => p.path === path || (p.path.endsWith('/') && p.path === `${path}/`));
    if (page && isLive(page)) return pageBody(page);
    const feed = feedBody(path);
    if (feed) return feed;
    const file = site.files.find((f) => f.path === path);
    if (file) {
      return { bytes: Buffer.from(readPage(file.file), 'utf8'), contentType: file.contentType, lastModified: new Date('2026-11-01T00:00:00Z'), gzip: false };
    }
    if (path === '/robots.txt') {
      return { bytes: Buffer.from(site.robots, 'utf8'), contentType: 'text/plain; charset=utf-8', lastModified: new Date('2026-01-01T00:00:00Z'), gzip: false };
    }
    if (path === '/') return { bytes: Buffer.from(homePage(site.name, livePages(), origin), 'utf8'), contentType: 'text/html; charset=utf-8', lastModified: new Date(), gzip: true };
    return undefined;
  };

  const faultContext = (): FaultContext => ({
    origin,
    otherOrigin,
    article: article.path,
    articleHtml: () => readPage(article.file),
    stallMs: options.slowStallMs ?? 120_000,
    timers,
  });

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', origin);
    const path = url.pathname;
    hitCounts.set(path, (hitCounts.get(path) ?? 0) + 1);
    res.on('finish', () => logger.debug({ method: req.method, path, status: res.statusCode }, 'news site request'));
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('Method Not Allowed\n');
      return;
    }
    const fault = FAULTS[path];
    if (fault) {
      fault(req, res, faultContext(), url.searchParams);
      return;
    }
    const body = resolve(path);
    if (!body) {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="en"><head><title>Page not found</title></head><body><h1>Page not found</h1><p>The page you were looking for may have moved. <a href="/">Home</a></p></body></html>\n`);
      return;
    }
    send(req, res, body);
  };

  const server = createServer(handle);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', fail);
      ok();
    });
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  otherOrigin = `http://${options.otherHostName ?? 'localhost'}:${port}`;
  logger.info({ url: origin, pages: livePages().length, feeds: site.feeds.length }, 'news site stand-in listening');

  let closing: Promise<void> | undefined;
  return {
    url: origin,
    close: () =>
      (closing ??= new Promise<void>((done) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close(() => done());
        // Stalled and keep-alive sockets would hold close() open forever.
        for (const s of sockets) s.destroy();
      })),
    publish(slug, opts = {}) {
      const page = site.pages.find((p) => p.slug === slug);
      if (!page) throw new Error(`news site: no page "${slug}" (site.json lists ${site.pages.map((p) => p.slug).join(', ')})`);
      if (!isLive(page)) published.set(slug, opts.at ?? new Date());
      return origin + page.path;
    },
    hits(path) {
      const p = path.startsWith('http') ? new URL(path).pathname : path;
      return hitCounts.get(p) ?? 0;
    },
    articles: () =>
      livePages()
        .filter((p) => p.kind !== 'draft')
        .map((p) => ({ slug: p.slug, kind: p.kind, outlet: p.outlet, title: p.title, url: origin + p.path, language: p.language })),
  };
}

/** 200 with validators, or 304 when the client's copy is current; gzip when asked for and allowed. */
function send(req: IncomingMessage, res: ServerResponse, body: Body): void {
  const etag = `"${createHash('sha256').update(body.bytes).digest('base64url').slice(0, 22)}"`;
  // HTTP dates have whole seconds; compare at that precision.
  const lastModified = new Date(Math.floor(body.lastModified.getTime() / 1000) * 1000);
  const headers: Record<string, string> = {
    etag,
    'last-modified': lastModified.toUTCString(),
    'cache-control': 'public, max-age=60',
    vary: 'Accept-Encoding',
  };
  if (notModified(req, etag, lastModified)) {
    res.writeHead(304, headers).end();
    return;
  }
  const gzip = body.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const bytes = gzip ? gzipSync(body.bytes) : body.bytes;
  res.writeHead(200, {
    ...headers,
    'content-type': body.contentType,
    'content-length': String(bytes.length),
    ...(gzip ? { 'content-encoding': 'gzip' } : {}),
  });
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

/** RFC 9110 §13.1: If-None-Match wins over If-Modified-Since when both are sent. */
function notModified(req: IncomingMessage, etag: string, lastModified: Date): boolean {
  const inm = req.headers['if-none-match'];
  if (inm !== undefined) {
    return inm
      .split(',')
      .map((t) => t.trim().replace(/^W\//, ''))
      .some((t) => t === '*' || t === etag);
  }
  const ims = req.headers['if-modified-since'];
  if (ims === undefined) return false;
  const since = Date.parse(ims);
  return !Number.isNaN(since) && lastModified.getTime() <= since;
}

function homePage(name: string, pages: Page[], origin: string): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const items = pages
    .filter((p) => p.kind !== 'draft')
    .map((p) => `<li><a href="${esc(origin + p.path)}">${esc(p.title)}</a> <small>${esc(p.outlet)} · ${esc(p.kind)}</small></li>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${esc(name)}</title></head>
<body>
<h1>${esc(name)}</h1>
<p>Loopback stand-in for news sites. Faults: <code>/faults/slow</code>, <code>/faults/huge</code>, <code>/faults/redirect/chain</code> and more (see the README).</p>
<ul>
${items}
</ul>
</body>
</html>
`;
}
