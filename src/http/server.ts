import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger.js';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Exact path, or a prefix when it ends with `*` (e.g. `/sandbox/*`). */
  path: string;
  handler: RouteHandler;
}

/**
 * The one HTTP server: Slack (`POST /slack/events`), Teams (`POST /api/messages`), `GET /healthz`
 * and, when it runs, the sandbox page. Each platform contributes routes; this only dispatches.
 */
export function createHttpServer(routes: Route[], logger: Logger): Server {
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = routes.find((r) => r.method === req.method && matches(r.path, path));
    if (!route) {
      const allowed = routes.filter((r) => matches(r.path, path)).map((r) => r.method);
      if (allowed.length > 0) {
        res.writeHead(405, { allow: allowed.join(', '), 'content-type': 'text/plain' }).end('Method Not Allowed');
      } else {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
      }
      return;
    }
    Promise.resolve()
      .then(() => route.handler(req, res))
      .catch((err: unknown) => {
        logger.error({ err, method: req.method, path }, 'unhandled error in HTTP handler');
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        if (!res.writableEnded) res.end('Internal Server Error');
      });
  });
}

function matches(pattern: string, path: string): boolean {
  return pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : pattern === path;
}

/** Listen and resolve with the bound port (port 0 picks a free one: tests use that). */
export async function listen(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/** Read a request body with a size cap, so a hostile client cannot exhaust memory. */
export async function readBody(req: IncomingMessage, maxBytes = 1_000_000): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > maxBytes) throw Object.assign(new Error('request body too large'), { status: 413 });
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** A JSON request body that must be an object; anything else (bad JSON, an array) reads as {}. */
export async function readJsonObject(req: IncomingMessage, maxBytes = 64_000): Promise<Record<string, unknown>> {
  try {
    const parsed = JSON.parse((await readBody(req, maxBytes)).toString('utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** An uncached JSON answer (the sandbox page polls these). */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}
