import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Activity, TurnContext } from 'botbuilder';
import { readBody, type Route } from '../../http/server.js';
import type { Logger } from '../../logger.js';
import { InboundActivitySchema } from './activity.js';
import type { BriefbotAdapter, TeamsMode } from './adapter.js';

export interface MessagesRouteDeps {
  adapter: BriefbotAdapter;
  mode: TeamsMode;
  logic: (context: TurnContext) => Promise<void>;
  logger: Logger;
  /**
   * Stand-in mode: the loopback connector's serviceUrl, the only one the bot will act for and
   * answer to. Without credentials nothing proves who sent an activity, and the bot posts its
   * replies to whatever serviceUrl the activity names, so anything else is refused.
   */
  standInServiceUrl?: () => string | undefined;
}

/**
 * `POST /api/messages`: the body is parsed and checked here, then authenticated, and only then
 * handed to botbuilder, so a malformed activity is a 400 and any authentication failure a 401,
 * both with nothing run.
 */
export function messagesRoute(deps: MessagesRouteDeps): Route {
  return { method: 'POST', path: '/api/messages', handler: (req, res) => handleMessages(deps, req, res) };
}

async function handleMessages(deps: MessagesRouteDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { logger } = deps;
  let raw: Buffer;
  try {
    raw = await readBody(req);
  } catch (err) {
    const status = (err as { status?: number }).status ?? 400;
    return reply(res, status, { error: status === 413 ? 'activity too large' : 'cannot read the request body' });
  }
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return reply(res, 400, { error: 'the body is not JSON' });
  }
  const parsed = InboundActivitySchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return reply(res, 400, { error: `not a Bot Framework activity: ${issue ? `${issue.path.join('.') || '(body)'} ${issue.message}` : 'invalid'}` });
  }
  const activity = parsed.data as unknown as Activity;

  if (deps.mode === 'stand-in') {
    const trusted = deps.standInServiceUrl?.();
    if (trusted === undefined || activity.serviceUrl !== trusted) {
      logger.warn({ serviceUrl: activity.serviceUrl }, 'teams: refused an activity not from the local stand-in (no MicrosoftAppId set)');
      return reply(res, 403, { error: 'this bot runs without MicrosoftAppId and only answers the local stand-in' });
    }
  }

  const header = req.headers.authorization ?? '';
  let auth: Awaited<ReturnType<typeof deps.adapter.auth.authenticateRequest>>;
  try {
    auth = await deps.adapter.auth.authenticateRequest(activity, header);
  } catch (err) {
    // A missing or forged token, a wrong audience, or OpenID metadata that cannot be fetched:
    // the request is not proven to come from the Bot Framework, whatever the reason.
    logger.warn({ reason: (err as Error).message, hasToken: header !== '' }, 'teams: request not authenticated');
    return reply(res, 401, { error: 'unauthorized' });
  }

  const invokeResponse = await deps.adapter.runAuthenticated(auth, activity, deps.logic);
  if (invokeResponse) return reply(res, invokeResponse.status, invokeResponse.body);
  res.writeHead(200).end();
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}
