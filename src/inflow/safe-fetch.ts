import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import type { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { Agent, request } from 'undici';
import { BriefbotError, isBriefbotError } from '../errors.js';
import type { Logger } from '../logger.js';
import { isAllowedAddress, normalizeAddress, type AddressPolicy } from './address-policy.js';
import { decodeBody, mediaType } from './charset.js';
import { displayUrl, hostAndPath } from './display-url.js';
import type { Fetched, FetchOptions, SafeFetch } from './fetch-types.js';
import { RobotsCache } from './robots.js';
import { defaultUserAgent } from './user-agent.js';

export const FETCH_DEFAULTS = {
  timeoutMs: 15_000,
  connectTimeoutMs: 5_000,
  maxBytes: 5 * 1024 * 1024,
  maxRedirects: 5,
} as const;

/** Resolves a host name to every address it has (the test seam: make a name resolve to 10.0.0.1). */
export type ResolveHost = (hostname: string) => Promise<LookupAddress[]>;

export interface SafeFetchOptions {
  /** SOURCES_ALLOW_PRIVATE=1: tests, local mode, an intranet deploy. */
  allowPrivate: boolean;
  /** CIDR ranges allowed even when allowPrivate is false (SOURCES_ALLOW_RANGES). */
  allowedRanges?: readonly string[];
  logger: Logger;
  userAgent?: string;
  /** Whole fetch, every redirect and the body included. */
  timeoutMs?: number;
  connectTimeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  respectRobots?: boolean;
  lookup?: ResolveHost;
}

/** A SafeFetch that can release its connection pool (a CLI run ends sooner). */
export type ClosableSafeFetch = SafeFetch & { close(): Promise<void> };

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

interface Hop {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: AsyncIterable<Buffer> & { destroy(err?: Error): unknown; dump(): Promise<void>; pipe<T extends NodeJS.WritableStream>(dest: T): T };
}

export function createSafeFetch(options: SafeFetchOptions): ClosableSafeFetch {
  const policy: AddressPolicy = { allowPrivate: options.allowPrivate, allowedRanges: options.allowedRanges ?? [] };
  const resolve = options.lookup ?? defaultResolve;
  const totalMs = options.timeoutMs ?? FETCH_DEFAULTS.timeoutMs;
  const maxRedirects = options.maxRedirects ?? FETCH_DEFAULTS.maxRedirects;
  const userAgent = options.userAgent ?? defaultUserAgent();
  const log = options.logger;
  // The address check lives in the connection's own lookup: the address judged is the address
  // connected to, so a name that resolves public for a check and private for the connect
  // (DNS rebinding) cannot slip past, on the first request or any redirect.
  const agent = new Agent({
    connect: { timeout: options.connectTimeoutMs ?? FETCH_DEFAULTS.connectTimeoutMs, lookup: guardedLookup(resolve, policy) },
    keepAliveTimeout: 2_000,
  });

  async function hop(url: URL, headers: Record<string, string>, signal: AbortSignal, seconds: number): Promise<Hop> {
    checkLiteralHost(url, policy);
    try {
      const res = await request(url, { dispatcher: agent, method: 'GET', headers: { 'user-agent': userAgent, 'accept-encoding': 'gzip, deflate, br', ...headers }, signal });
      return { status: res.statusCode, headers: res.headers, body: res.body };
    } catch (e) {
      throw translate(e, url, seconds);
    }
  }

  /** GET with redirects followed by hand, each hop re-checked (scheme, address, robots). */
  async function follow(
    start: URL,
    opts: { headers: Record<string, string>; signal: AbortSignal; seconds: number; robots: boolean },
  ): Promise<{ url: URL; res: Hop }> {
    let url = start;
    for (let redirects = 0; ; redirects++) {
      if (opts.robots) await robots.check(url, opts.signal);
      const res = await hop(url, opts.headers, opts.signal, opts.seconds);
      log.debug({ url: displayUrl(url.href), status: res.status }, 'fetch hop');
      const location = header(res.headers, 'location');
      if (!REDIRECTS.has(res.status) || !location) return { url, res };
      await res.body.dump().catch(() => undefined);
      if (redirects >= maxRedirects) throw new BriefbotError('FETCH_TOO_MANY_REDIRECTS', { host: url.host, max: maxRedirects });
      url = parseHttpUrl(new URL(location, url).href);
    }
  }

  async function readCapped(res: Hop, url: URL, maxBytes: number, seconds: number): Promise<Uint8Array> {
    const declared = Number(header(res.headers, 'content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) {
      abandon(res.body);
      throw new BriefbotError('FETCH_TOO_LARGE', { host: url.host, maxBytes });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const encoding = (header(res.headers, 'content-encoding') ?? '').trim().toLowerCase();
    const inflate = decompressor(encoding);
    // The cap counts decoded bytes: a small gzip that inflates to gigabytes stops at the cap too.
    const stream: AsyncIterable<Buffer> = inflate ? res.body.pipe(inflate) : res.body;
    try {
      for await (const chunk of stream) {
        size += chunk.length;
        // Counted as it streams: a missing or lying Content-Length cannot make us buffer more.
        if (size > maxBytes) {
          abandon(res.body);
          inflate?.destroy();
          throw new BriefbotError('FETCH_TOO_LARGE', { host: url.host, maxBytes });
        }
        chunks.push(chunk);
      }
    } catch (e) {
      throw translate(e, url, seconds);
    }
    return Buffer.concat(chunks);
  }

  const robots = new RobotsCache({
    logger: log,
    fetchText: async (robotsUrl, signal) => {
      const seconds = Math.ceil(totalMs / 1000);
      const { url, res } = await follow(robotsUrl, { headers: {}, signal, seconds, robots: false });
      if (res.status < 200 || res.status >= 300) {
        await res.body.dump().catch(() => undefined);
        return { status: res.status, text: '', url: url.href };
      }
      const bytes = await readCapped(res, url, 512 * 1024, seconds);
      return { status: res.status, text: decodeBody(bytes, header(res.headers, 'content-type') ?? ''), url: url.href };
    },
  });

  const safeFetch = async (rawUrl: string, fetchOptions: FetchOptions): Promise<Fetched> => {
    const start = parseHttpUrl(rawUrl);
    const timeoutMs = fetchOptions.timeoutMs ?? totalMs;
    const seconds = Math.ceil(timeoutMs / 1000);
    const signal = AbortSignal.timeout(timeoutMs);
    const headers: Record<string, string> = { accept: [...fetchOptions.accept, '*/*;q=0.1'].join(', ') };
    if (fetchOptions.etag) headers['if-none-match'] = fetchOptions.etag;
    if (fetchOptions.lastModified) headers['if-modified-since'] = fetchOptions.lastModified;
    const respectRobots = options.respectRobots ?? true;
    const { url, res } = await follow(start, { headers, signal, seconds, robots: respectRobots });
    const etag = header(res.headers, 'etag');
    const lastModified = header(res.headers, 'last-modified');
    const contentType = header(res.headers, 'content-type') ?? '';
    const base = {
      requestedUrl: rawUrl,
      url: url.href,
      status: res.status,
      contentType,
      ...(etag ? { etag } : {}),
      ...(lastModified ? { lastModified } : {}),
    };
    if (res.status === 304) {
      await res.body.dump().catch(() => undefined);
      return { ...base, notModified: true, text: '' };
    }
    if (res.status < 200 || res.status >= 300) {
      await res.body.dump().catch(() => undefined);
      const { host, path } = hostAndPath(url.href);
      // Retry-After travels with the error: the poller's backoff honours it (src/inflow/backoff.ts).
      const retryAfter = header(res.headers, 'retry-after');
      throw new BriefbotError('FETCH_HTTP_STATUS', { host, status: res.status, path, ...(typeof retryAfter === 'string' ? { retryAfter } : {}) });
    }
    const type = mediaType(contentType);
    if (!fetchOptions.accept.some((a) => a.toLowerCase() === type)) {
      abandon(res.body);
      throw new BriefbotError('FETCH_CONTENT_TYPE', { host: url.host, contentType: type, accepted: fetchOptions.accept });
    }
    const bytes = await readCapped(res, url, fetchOptions.maxBytes ?? options.maxBytes ?? FETCH_DEFAULTS.maxBytes, seconds);
    log.debug({ url: displayUrl(url.href), status: res.status, bytes: bytes.length }, 'fetched');
    return { ...base, notModified: false, text: decodeBody(bytes, contentType) };
  };
  return Object.assign(safeFetch, { close: () => agent.close() });
}

export function parseHttpUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new BriefbotError('FETCH_BAD_URL', { url: displayUrl(raw) });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new BriefbotError('FETCH_SCHEME', { scheme: url.protocol });
  if (url.username || url.password) throw new BriefbotError('FETCH_BAD_URL', { url: `${url.protocol}//${url.host}${url.pathname}` });
  url.hash = '';
  return url;
}

/** An address written into the URL is never looked up, so the connection's lookup would not see it. */
function checkLiteralHost(url: URL, policy: AddressPolicy): void {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (normalizeAddress(host) !== undefined && !isAllowedAddress(host, policy)) {
    throw new BriefbotError('FETCH_PRIVATE_ADDRESS', { host: url.host, address: host });
  }
}

async function defaultResolve(hostname: string): Promise<LookupAddress[]> {
  return dnsLookup(hostname, { all: true, verbatim: true });
}

type LookupCallback = (err: Error | null, address: string | LookupAddress[], family?: number) => void;

function guardedLookup(resolve: ResolveHost, policy: AddressPolicy) {
  return (hostname: string, opts: { family?: number | string | undefined; all?: boolean | undefined } | number, callback: LookupCallback): void => {
    const family = typeof opts === 'number' ? opts : Number(String(opts?.family ?? 0).replace(/\D/g, '') || 0);
    const all = typeof opts === 'object' && opts?.all === true;
    resolve(hostname)
      .catch((e: NodeJS.ErrnoException) => {
        throw e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN' || e.code === 'ENODATA' ? new BriefbotError('FETCH_DNS', { host: hostname }) : e;
      })
      .then((found) => {
        // Any private answer refuses the host: connecting to "the public one" would still let the
        // name's owner steer some connections inside.
        const bad = found.find((a) => !isAllowedAddress(a.address, policy));
        if (bad) throw new BriefbotError('FETCH_PRIVATE_ADDRESS', { host: hostname, address: bad.address });
        const usable = family === 4 || family === 6 ? found.filter((a) => a.family === family) : found;
        if (usable.length === 0) throw new BriefbotError('FETCH_DNS', { host: hostname });
        if (all) callback(null, usable);
        else callback(null, usable[0]!.address, usable[0]!.family);
      })
      .catch((e: Error) => callback(e, ''));
  };
}

/** Drop a response body unread; undici reports the abort as an error, which nobody needs to hear. */
function abandon(body: Hop['body']): void {
  (body as unknown as NodeJS.EventEmitter).on('error', () => undefined);
  body.destroy();
}

function decompressor(encoding: string): Transform | undefined {
  if (encoding === 'gzip' || encoding === 'x-gzip') return createGunzip();
  if (encoding === 'deflate') return createInflate();
  if (encoding === 'br') return createBrotliDecompress();
  return undefined;
}

function header(headers: Hop['headers'], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

/** Whatever undici or the socket threw, as the FETCH_* error a chat reply can show. */
function translate(e: unknown, url: URL, seconds: number): BriefbotError {
  for (let cur: unknown = e, depth = 0; cur && depth < 6; cur = (cur as { cause?: unknown }).cause, depth++) {
    if (isBriefbotError(cur)) return cur;
    const err = cur as { name?: string; code?: string };
    if (err.name === 'TimeoutError' || err.name === 'AbortError' || (err.code && TIMEOUT_CODES.has(err.code))) {
      return new BriefbotError('FETCH_TIMEOUT', { host: url.host, seconds });
    }
    if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') return new BriefbotError('FETCH_DNS', { host: url.hostname });
  }
  const err = e as { code?: string; message?: string };
  return new BriefbotError('FETCH_CONNECT', { host: url.host, reason: err.code ?? err.message ?? 'connection failed' });
}
