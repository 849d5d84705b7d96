import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Failures the Slack stand-in can inject on purpose, to test what the bot does when Slack does
 * not behave. Each says what a real Slack (or the network before it) may do:
 *
 *   { kind: 'status', status: 500 }            an error answer; the post was not taken
 *   { kind: 'status', status: 429, retryAfterS } rate limited, with Retry-After
 *   { kind: 'reset' }                           the connection is reset before an answer; not taken
 *   { kind: 'delay', ms }                       held `ms`, then taken and answered
 *   { kind: 'late', ms }                        taken at once, but the answer comes `ms` late
 *   { kind: 'hang', ms }                        no answer for `ms`, then a reset; not taken
 */
export type Fault =
  | { kind: 'status'; status: number; retryAfterS?: number }
  | { kind: 'reset' }
  | { kind: 'delay'; ms: number }
  | { kind: 'late'; ms: number }
  | { kind: 'hang'; ms: number };

/** Which post on which response_url fails: `attempt` counts the posts this URL has seen before, from 0. */
export type ResponseUrlFaults = (post: { id: string; attempt: number }) => Fault | undefined;

/** Which Web API call fails (e.g. a slow users.info). */
export type WebApiFaults = (call: { method: string }) => Fault | undefined;

/** Every post fails once: the first post on each response_url gets `fault`, later ones go through. */
export const firstPostFails = (fault: Fault): ResponseUrlFaults => (post) => (post.attempt === 0 ? fault : undefined);

/**
 * Applies a fault to a request; `proceed` handles it normally. Resolves with the status answered,
 * or 0 when the connection was cut.
 */
export async function applyFault(fault: Fault, req: IncomingMessage, res: ServerResponse, proceed: () => void): Promise<number> {
  switch (fault.kind) {
    case 'status': {
      const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
      if (fault.retryAfterS !== undefined) headers['retry-after'] = String(fault.retryAfterS);
      const error = fault.status === 429 ? 'ratelimited' : 'internal_error';
      res.writeHead(fault.status, headers).end(JSON.stringify({ ok: false, error }));
      return fault.status;
    }
    case 'reset':
      req.socket.resetAndDestroy();
      return 0;
    case 'delay':
      await sleep(fault.ms);
      proceed();
      return res.statusCode;
    case 'late': {
      const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
      res.end = ((...args: unknown[]) => {
        setTimeout(() => end(...args), fault.ms);
        return res;
      }) as ServerResponse['end'];
      proceed();
      return 200;
    }
    case 'hang':
      await sleep(fault.ms);
      if (!req.socket.destroyed) req.socket.resetAndDestroy();
      return 0;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
