import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The ways a real news site misbehaves, each at a plain URL under /faults/ so a test, a person on
 * the local page or `curl` can hit it. `article` is the path of an ordinary article: redirects end
 * there and the slow and mislabelled responses carry its HTML.
 */
export interface FaultContext {
  origin: string;
  /** Another host name for the same server (e.g. localhost beside 127.0.0.1). */
  otherOrigin: string;
  article: string;
  articleHtml: () => string;
  /** How long /faults/slow stalls its body, unless ?ms= says otherwise. */
  stallMs: number;
  /** Timers to clear on close, so a stalled response never holds the process open. */
  timers: Set<NodeJS.Timeout>;
}

type FaultHandler = (req: IncomingMessage, res: ServerResponse, ctx: FaultContext, query: URLSearchParams) => void;

const MAX_HOPS = 50;

const redirect = (res: ServerResponse, status: number, location: string) => {
  res.writeHead(status, { location, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
  res.end(`<html><body>Moved to <a href="${location}">${location}</a></body></html>\n`);
};

const plainError = (res: ServerResponse, status: number, title: string, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
  res.end(`<!doctype html><html lang="en"><head><title>${title}</title></head><body><h1>${title}</h1></body></html>\n`);
};

export const FAULTS: Record<string, FaultHandler> = {
  // 301 → 302 → 307 → the article: three hops, each a different kind of redirect.
  '/faults/redirect/chain': (_q, res) => redirect(res, 301, '/faults/redirect/chain-2'),
  '/faults/redirect/chain-2': (_q, res) => redirect(res, 302, '/faults/redirect/chain-3'),
  '/faults/redirect/chain-3': (_q, res, ctx) => redirect(res, 307, ctx.article),
  '/faults/redirect/loop': (_q, res) => redirect(res, 302, '/faults/redirect/loop-back'),
  '/faults/redirect/loop-back': (_q, res) => redirect(res, 302, '/faults/redirect/loop'),
  // /faults/redirect/hops?n=12: n hops before the article, for a fetcher's redirect limit.
  '/faults/redirect/hops': (_q, res, ctx, query) => {
    const n = Math.min(MAX_HOPS, Math.max(0, Number.parseInt(query.get('n') ?? '10', 10) || 0));
    redirect(res, 302, n <= 1 ? ctx.article : `/faults/redirect/hops?n=${n - 1}`);
  },
  '/faults/redirect/other-host': (_q, res, ctx) => redirect(res, 301, ctx.otherOrigin + ctx.article),
  // The classic SSRF target: a cloud metadata address (link-local), which a fetcher must refuse.
  '/faults/redirect/metadata': (_q, res) => redirect(res, 302, 'http://169.254.169.254/latest/meta-data/'),
  '/faults/redirect/relative': (_q, res, ctx) => redirect(res, 302, `../..${ctx.article}`),
  '/faults/gone': (_q, res) => plainError(res, 410, 'This story has been removed'),
  '/faults/rate-limited': (_q, res) => plainError(res, 429, 'Too Many Requests', { 'retry-after': '120' }),
  '/faults/server-error': (_q, res) => plainError(res, 500, 'Internal Server Error'),
  '/faults/unavailable': (_q, res) => plainError(res, 503, 'Service Unavailable', { 'retry-after': '30' }),
  // Headers and the first part of the page at once, then the body stalls (default: far longer than
  // any fetch timeout; ?ms= shortens it), as an overloaded origin behind a CDN does.
  '/faults/slow': (_q, res, ctx, query) => {
    const html = ctx.articleHtml();
    const ms = Math.max(0, Number.parseInt(query.get('ms') ?? `${ctx.stallMs}`, 10) || 0);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
    const cut = Math.floor(html.length / 3);
    res.write(html.slice(0, cut));
    const timer = setTimeout(() => {
      ctx.timers.delete(timer);
      res.end(html.slice(cut));
    }, ms);
    ctx.timers.add(timer);
    res.once('close', () => {
      clearTimeout(timer);
      ctx.timers.delete(timer);
    });
  },
  // Several MB of HTML, streamed in chunks, no Content-Length unless ?declared=1; ?mb= sets the size.
  '/faults/huge': (_q, res, _ctx, query) => {
    const mb = Math.min(64, Math.max(1, Number.parseInt(query.get('mb') ?? '8', 10) || 8));
    const total = mb * 1024 * 1024;
    const head = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Archive</title></head><body>\n';
    const para = '<p>Archive listing: shipping schedules, port notices and tender results for the quarter, republished in full.</p>\n';
    const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8' };
    if (query.get('declared') === '1') headers['content-length'] = String(total);
    res.writeHead(200, headers);
    let sent = 0;
    const chunk = Buffer.from(para.repeat(Math.ceil(65536 / para.length)));
    const pump = () => {
      while (sent < total) {
        const piece = sent === 0 ? Buffer.from(head) : chunk.subarray(0, Math.min(chunk.length, total - sent));
        sent += piece.length;
        if (sent >= total) {
          res.end(piece);
          return;
        }
        if (!res.write(piece)) {
          res.once('drain', pump);
          return;
        }
      }
    };
    res.once('close', () => res.off('drain', pump));
    pump();
  },
  // A real article labelled as a download, as misconfigured servers do.
  '/faults/octet-stream': (_q, res, ctx) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.end(ctx.articleHtml());
  },
};
