import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/logger.js';
import { backoff, DEFAULT_RESPONSE_URL_POLICY, RESPONSE_URL_TTL_MS, ResponseUrl } from '../../../src/platforms/slack/response-url.js';

describe('backoff', () => {
  it('stays within [half, all] of the doubled delay and never above the cap (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), (attempt) => {
        const p = DEFAULT_RESPONSE_URL_POLICY;
        const exp = Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** (attempt - 1));
        const d = backoff(p, attempt);
        expect(d).toBeGreaterThanOrEqual(exp / 2);
        expect(d).toBeLessThanOrEqual(p.maxDelayMs);
      }),
    );
  });
});

describe('ResponseUrl against a loopback server that always answers 500', () => {
  let server: Server | undefined;
  let hits = 0;
  afterEach(async () => {
    await new Promise((r) => server?.close(r));
  });
  async function failing(): Promise<string> {
    hits = 0;
    server = createServer((_req, res) => {
      hits += 1;
      res.writeHead(500).end('internal_error');
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/response/x`;
  }

  it('makes no retry that would land after the URL expired', async () => {
    const url = await failing();
    const issuedAt = Date.now() - RESPONSE_URL_TTL_MS + 100;
    const r = await new ResponseUrl(url, issuedAt, DEFAULT_RESPONSE_URL_POLICY, silentLogger()).post({ text: 'x' });
    expect(r).toMatchObject({ ok: false, attempts: 1, status: 500 });
    expect(hits).toBe(1);
  });

  it('shares the 5 uses between the posts of one request', async () => {
    const url = await failing();
    const policy = { ...DEFAULT_RESPONSE_URL_POLICY, baseDelayMs: 10, maxDelayMs: 20 };
    const ru = new ResponseUrl(url, Date.now(), policy, silentLogger());
    expect(await ru.post({ text: 'a' })).toMatchObject({ ok: false, attempts: 5 });
    expect(await ru.post({ text: 'b' })).toMatchObject({ ok: false, attempts: 0, reason: 'response_url uses spent' });
    expect(hits).toBe(5);
  });
});
