/**
 * When a source that failed is tried again: exponential in its consecutive failures, capped, and
 * never sooner than the server's Retry-After (a 429 or 503 that says "in an hour" gets an hour,
 * even past the cap, up to a day).
 */
export function retryDelayMs(consecutiveErrors: number, opts: { baseMs: number; maxMs: number; retryAfterMs?: number | undefined }): number {
  const n = Math.max(1, consecutiveErrors);
  const backoff = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.min(30, n - 1));
  if (opts.retryAfterMs === undefined || !Number.isFinite(opts.retryAfterMs)) return backoff;
  return Math.max(backoff, Math.min(opts.retryAfterMs, 86_400_000));
}

/**
 * The Retry-After a fetch error carries, in ms: SafeFetch puts what the server sent in the error's
 * params (milliseconds, or the header's seconds or HTTP date).
 */
export function retryAfterOf(err: unknown, now: Date): number | undefined {
  const params = (err as { params?: Record<string, unknown> } | undefined)?.params;
  if (!params) return undefined;
  if (typeof params['retryAfterMs'] === 'number') return params['retryAfterMs'];
  const header = params['retryAfter'];
  if (typeof header === 'number') return header * 1000;
  if (typeof header !== 'string' || header.trim() === '') return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}
