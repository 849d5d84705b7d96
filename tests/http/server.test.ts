import { afterEach, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import { createHttpServer, listen, readBody } from '../../src/http/server.js';
import { silentLogger } from '../../src/logger.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function start(routes: Parameters<typeof createHttpServer>[0]): Promise<string> {
  server = createHttpServer(routes, silentLogger());
  return `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}`;
}

describe('createHttpServer', () => {
  it('dispatches by method and path, with prefix routes', async () => {
    const base = await start([
      { method: 'GET', path: '/healthz', handler: (_q, s) => void s.end('ok') },
      { method: 'GET', path: '/assets/*', handler: (q, s) => void s.end(q.url) },
      { method: 'POST', path: '/echo', handler: async (q, s) => void s.end(await readBody(q)) },
    ]);
    expect(await (await fetch(`${base}/healthz`)).text()).toBe('ok');
    expect(await (await fetch(`${base}/assets/a.js?v=1`)).text()).toBe('/assets/a.js?v=1');
    expect(await (await fetch(`${base}/echo`, { method: 'POST', body: 'hi' })).text()).toBe('hi');
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    const wrong = await fetch(`${base}/healthz`, { method: 'POST' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
  });

  it('answers 500 without crashing when a handler throws', async () => {
    const base = await start([
      { method: 'GET', path: '/boom', handler: () => Promise.reject(new Error('boom')) },
      { method: 'GET', path: '/ok', handler: (_q, s) => void s.end('still here') },
    ]);
    expect((await fetch(`${base}/boom`)).status).toBe(500);
    expect(await (await fetch(`${base}/ok`)).text()).toBe('still here');
  });

  it('caps request bodies', async () => {
    const base = await start([
      {
        method: 'POST',
        path: '/small',
        handler: async (q, s) => {
          try {
            await readBody(q, 10);
            s.end('read');
          } catch (e) {
            s.writeHead((e as { status?: number }).status ?? 500).end();
          }
        },
      },
    ]);
    expect((await fetch(`${base}/small`, { method: 'POST', body: 'x'.repeat(100) })).status).toBe(413);
  });
});
