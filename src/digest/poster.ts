import type { Subscription } from '../store/types.js';
import type { Digest } from './model.js';

/**
 * Sends a digest to the subscription's channel. Platform code implements it (Slack
 * chat.postMessage, Teams proactive message) and renders the Digest its own way; the scheduler
 * only sees the outcome and the typed errors below, which decide whether to retry.
 */
export interface DigestPoster {
  post(subscription: Subscription, digest: Digest): Promise<{ messageId: string }>;
}

export type PostFailureKind = 'rate-limited' | 'transient' | 'permanent';

export class PostError extends Error {
  override readonly name = 'PostError';

  constructor(
    readonly kind: PostFailureKind,
    message: string,
    /** For rate-limited: how long the platform asked us to wait (Retry-After). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }

  static rateLimited(retryAfterMs: number, message = 'rate limited'): PostError {
    return new PostError('rate-limited', message, retryAfterMs);
  }
  static transient(message: string): PostError {
    return new PostError('transient', message);
  }
  static permanent(message: string): PostError {
    return new PostError('permanent', message);
  }
}

/** Anything a poster throws that is not a PostError (a socket reset, a bug) is treated as transient. */
export function asPostError(e: unknown): PostError {
  if (e instanceof PostError) return e;
  return PostError.transient(e instanceof Error ? e.message : String(e));
}
