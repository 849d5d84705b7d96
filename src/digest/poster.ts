import type { Subscription } from '../store/types.js';
import type { Digest } from './model.js';

/**
 * Sends a digest to the subscription's channel. Platform code implements it (Slack
 * chat.postMessage, Teams proactive message) and renders the Digest its own way; the scheduler
 * only sees the outcome and the typed errors below, which decide whether to retry.
 */
export interface DigestPoster {
  post(subscription: Subscription, digest: Digest): Promise<{ messageId: string }>;
  /**
   * Whether the digest for `slot` already reached the channel, for a slot whose last post has an
   * unknown outcome; looks no further back than `since` (when that post was sent). Throws when it
   * cannot tell (the platform is unreachable, a scope is missing). A platform without such a lookup
   * leaves it out, and those slots are recorded as `unknown` instead of being re-sent.
   */
  findPosted?(subscription: Subscription, slot: string, since: string | null): Promise<PostedDigest | undefined>;
}

/** A digest found in the channel: its message id and the cutoff it was composed with. */
export interface PostedDigest {
  messageId: string;
  cutoff: string | null;
}

/**
 * rate-limited, transient, permanent: the platform answered and nothing was posted. unknown: the
 * request may have been delivered (a timeout or reset after sending, a 5xx): re-sending blindly
 * could post twice.
 */
export type PostFailureKind = 'rate-limited' | 'transient' | 'permanent' | 'unknown';

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
  static unknown(message: string): PostError {
    return new PostError('unknown', message);
  }
}

/**
 * Anything a poster throws that is not a PostError (a socket reset, a bug) may have happened after
 * the message left: its outcome is unknown.
 */
export function asPostError(e: unknown): PostError {
  if (e instanceof PostError) return e;
  return PostError.unknown(e instanceof Error ? e.message : String(e));
}

/** What a digest message carries so it can be found again (Slack message metadata). */
export const DIGEST_EVENT_TYPE = 'briefbot_digest';
