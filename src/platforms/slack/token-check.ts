import { webApi } from '@slack/bolt';

/** Errors that mean Slack refused the token itself (not a network problem). */
const REJECTED = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired']);

export type TokenState = 'unverified' | 'verified' | 'rejected';

/**
 * What /healthz can honestly say about the bot token: `verified` only after Slack's auth.test
 * accepted it, `rejected` when Slack refused it, `unverified` before any answer (or while Slack
 * is unreachable). Checked in the background, at most every `everyMs`, when asked.
 */
export class SlackTokenCheck {
  private state: TokenState = 'unverified';
  private checkedAt: Date | undefined;
  private error: string | undefined;
  private pending: Promise<void> | undefined;

  constructor(
    private readonly client: webApi.WebClient,
    private readonly everyMs = 5 * 60_000,
  ) {}

  /** The last known state; starts a check in the background when none is recent. */
  status(): { token: TokenState; checkedAt: string | null; error?: string } {
    const due = this.checkedAt === undefined || Date.now() - this.checkedAt.getTime() > (this.state === 'verified' ? this.everyMs : 15_000);
    if (due) void this.check();
    return { token: this.state, checkedAt: this.checkedAt?.toISOString() ?? null, ...(this.error !== undefined ? { error: this.error } : {}) };
  }

  check(): Promise<void> {
    this.pending ??= this.client.auth
      .test()
      .then(
        () => {
          this.state = 'verified';
          this.error = undefined;
        },
        (err: unknown) => {
          const code = err instanceof webApi.WebAPIPlatformError ? String(err.data.error) : undefined;
          if (code !== undefined && REJECTED.has(code)) this.state = 'rejected';
          // Unreachable: what was known stays known (a verified token does not turn bad by itself).
          this.error = code ?? (err instanceof Error ? err.message : String(err));
        },
      )
      .finally(() => {
        this.checkedAt = new Date();
        this.pending = undefined;
      });
    return this.pending;
  }
}

/**
 * Slack's part of /healthz. `connected` only in Socket Mode, where there is a connection to
 * report; in HTTP mode there is none, and claiming one would say nothing true.
 */
export function slackHealth(status: { mode: 'http' | 'socket'; connected: boolean }, check: SlackTokenCheck): Record<string, unknown> {
  return { mode: status.mode, ...check.status(), ...(status.mode === 'socket' ? { connected: status.connected } : {}) };
}
