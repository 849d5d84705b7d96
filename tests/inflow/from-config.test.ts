import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { isBriefbotError } from '../../src/errors.js';
import { safeFetchFromConfig } from '../../src/inflow/from-config.js';
import { silentLogger } from '../../src/logger.js';

describe('fetch configuration', () => {
  it('defaults to refusing private addresses, with the documented limits', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ SOURCES_ALLOW_PRIVATE: false, SOURCES_ALLOW_RANGES: [], FETCH_TIMEOUT_MS: 15_000, FETCH_CONNECT_TIMEOUT_MS: 5_000, FETCH_MAX_BYTES: 5 * 1024 * 1024, FETCH_MAX_REDIRECTS: 5 });
  });

  it('reads SOURCES_ALLOW_PRIVATE, ranges and limits, and names a bad one', () => {
    const c = loadConfig({ SOURCES_ALLOW_PRIVATE: '1', SOURCES_ALLOW_RANGES: '10.20.0.0/16, fd00::/8', FETCH_MAX_BYTES: '2048', FETCH_MAX_REDIRECTS: ' ' });
    expect(c).toMatchObject({ SOURCES_ALLOW_PRIVATE: true, SOURCES_ALLOW_RANGES: ['10.20.0.0/16', 'fd00::/8'], FETCH_MAX_BYTES: 2048, FETCH_MAX_REDIRECTS: 5 });
    expect(() => loadConfig({ SOURCES_ALLOW_RANGES: '10.0.0.0/99' })).toThrow(/SOURCES_ALLOW_RANGES/);
    expect(() => loadConfig({ FETCH_MAX_REDIRECTS: '100' })).toThrow(/FETCH_MAX_REDIRECTS/);
  });

  it('builds a fetcher that refuses loopback unless allowed', async () => {
    const f = safeFetchFromConfig(loadConfig({}), silentLogger());
    try {
      const e = await f('http://127.0.0.1:9/', { accept: ['text/html'] }).catch((x: unknown) => x);
      expect(isBriefbotError(e, 'FETCH_PRIVATE_ADDRESS')).toBe(true);
    } finally {
      await f.close();
    }
  });
});
