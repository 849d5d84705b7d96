import type { Logger } from '../../logger.js';

/** Slack's rules for a response_url: 5 uses within 30 minutes of the request. */
export const RESPONSE_URL_USES = 5;
export const RESPONSE_URL_TTL_MS = 30 * 60 * 1000;

export interface ResponseUrlPolicy {
  /** Per attempt. Slack answers a response_url post in well under a second; without this, undici waits 300 s. */
  timeoutMs: number;
  /** First backoff; doubled per retry, with jitter, capped at maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** How long one post keeps retrying (within the URL's 30 minutes either way). */
  retryWindowMs: number;
}

export const DEFAULT_RESPONSE_URL_POLICY: ResponseUrlPolicy = Object.freeze({
  timeoutMs: 10_000,
  baseDelayMs: 250,
  maxDelayMs: 5_000,
  retryWindowMs: 60_000,
});

export type PostOutcome =
  | { ok: true; attempts: number }
  | { ok: false; attempts: number; status?: number; reason: string };

/**
 * A post that timed out or lost its connection may have been taken by Slack all the same.
 * 'replace' re-sends it with replace_original, so a slash command's answer replaces the copy that
 * may have landed (a command's response_url updates the message that command produced) instead
 * of adding a second; 'repeat' re-sends it as is (use only where a second copy is harmless).
 */
export type OnUnknownOutcome = 'replace' | 'repeat';

type Attempt = { ok: true } | { ok: false; retry: boolean; unknown?: boolean; status?: number; reason: string; retryAfterMs?: number };

/**
 * One response_url, as one request's handler uses it (a command answers once; Post to channel
 * posts and then deletes). Every attempt counts against Slack's 5 uses — a post that timed out
 * may have been counted by Slack — so retries never spend a use the handler's next post needs
 * beyond the five, and none is made after the URL's 30 minutes.
 *
 * Retried: 5xx, 429 (after its Retry-After), a reset or refused connection, a timeout. Not
 * retried: 404 (expired_url, used_url), 400 and other 4xx (the message itself is wrong).
 * The URL is never logged: whoever holds it can post as the app.
 */
export class ResponseUrl {
  private uses = 0;

  constructor(
    private readonly url: string,
    /** When Slack issued it (the request's arrival), ms since the epoch. */
    private readonly issuedAt: number,
    private readonly policy: ResponseUrlPolicy,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  get usesLeft(): number {
    return RESPONSE_URL_USES - this.uses;
  }

  async post(message: Record<string, unknown>, onUnknownOutcome: OnUnknownOutcome = 'repeat'): Promise<PostOutcome> {
    const started = this.now();
    const deadline = Math.min(this.issuedAt + RESPONSE_URL_TTL_MS, started + this.policy.retryWindowMs);
    let attempts = 0;
    let body = message;
    for (;;) {
      if (this.uses >= RESPONSE_URL_USES) return this.failed(attempts, { reason: 'response_url uses spent' });
      if (this.now() >= this.issuedAt + RESPONSE_URL_TTL_MS) return this.failed(attempts, { reason: 'response_url expired' });
      this.uses += 1;
      attempts += 1;
      const r = await this.attempt(body);
      if (r.ok) return { ok: true, attempts };
      const wait = r.retryAfterMs ?? backoff(this.policy, attempts);
      if (!r.retry || this.uses >= RESPONSE_URL_USES || this.now() + wait >= deadline) {
        return this.failed(attempts, { ...(r.status !== undefined ? { status: r.status } : {}), reason: r.reason });
      }
      if (r.unknown && onUnknownOutcome === 'replace') body = { ...message, replace_original: true };
      this.logger.info({ status: r.status, reason: r.reason, attempt: attempts, retryInMs: Math.round(wait) }, 'slack: response_url post failed; retrying');
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  private async attempt(message: Record<string, unknown>): Promise<Attempt> {
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(message),
        signal: AbortSignal.timeout(this.policy.timeoutMs),
      });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      if (e.name === 'TimeoutError') return { ok: false, retry: true, unknown: true, reason: `no answer within ${this.policy.timeoutMs} ms` };
      const code = e.cause?.code;
      // Refused: never reached Slack. Anything else (a reset, a closed socket) may have been taken.
      return { ok: false, retry: true, unknown: code !== 'ECONNREFUSED', reason: code ?? e.message };
    }
    // Read it (short) so the connection goes back to the pool; Slack answers "ok" or a short error.
    const text = (await res.text().catch(() => '')).slice(0, 200);
    if (res.ok) return { ok: true };
    const reason = errorOf(text) ?? `HTTP ${res.status}`;
    if (res.status === 429) {
      const after = Number(res.headers.get('retry-after'));
      return { ok: false, retry: true, status: 429, reason, retryAfterMs: Number.isFinite(after) && after >= 0 ? after * 1000 : backoff(this.policy, 1) };
    }
    return { ok: false, retry: res.status >= 500, status: res.status, reason };
  }

  private failed(attempts: number, f: { status?: number; reason: string }): PostOutcome {
    this.logger.warn({ status: f.status, reason: f.reason, attempts }, 'slack: response_url post failed');
    return { ok: false, attempts, ...f };
  }
}

/** Exponential with full jitter in the upper half: spreads retries of many posts that failed together. */
export function backoff(policy: ResponseUrlPolicy, attempt: number): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return exp / 2 + Math.random() * (exp / 2);
}

function errorOf(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { error?: unknown };
    if (typeof body.error === 'string') return body.error;
  } catch {
    // plain text
  }
  return /^[a-z_]{1,64}$/.test(text.trim()) ? text.trim() : undefined;
}
