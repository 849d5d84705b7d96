import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { readJsonObject, sendJson, type Route } from '../../http/server.js';
import type { PagePane } from '../page/index.js';
import { STAND_IN, type RecordedActivity, type TeamsScope, type TeamsStandIn } from './connector.js';
import { teamsPaneClient } from './pane-client.js';

const require = createRequire(import.meta.url);
/** Microsoft's browser renderer and the markdown engine it uses when present, served as files. */
const ASSETS: Record<string, string> = {
  '/sandbox/teams/adaptivecards.js': require.resolve('adaptivecards/dist/adaptivecards.min.js'),
  '/sandbox/teams/markdown-it.js': require.resolve('markdown-it/dist/markdown-it.min.js'),
};

const SCOPES: readonly TeamsScope[] = ['personal', 'groupChat', 'channel'];

/**
 * The Teams pane of the sandbox page, plus the stand-in connector's routes: mounting this pane
 * is all the page needs for Teams. The page talks to the stand-in; the stand-in talks to the
 * bot's `/api/messages` exactly as Teams does.
 */
export function teamsPane(standIn: TeamsStandIn): PagePane {
  const routes: Route[] = [
    ...standIn.routes,
    {
      method: 'POST',
      path: '/sandbox/teams/send',
      handler: async (req, res) => {
        const body = await readJsonObject(req);
        const scope = SCOPES.find((s) => s === body['scope']);
        if (!scope) return sendJson(res, 400, { error: 'scope must be personal, groupChat or channel' });
        const value = body['value'];
        const replyToId = typeof body['replyToId'] === 'string' ? body['replyToId'] : undefined;
        if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) {
          return sendJson(res, 400, { error: 'value must be an object' });
        }
        const text = typeof body['text'] === 'string' ? body['text'].slice(0, 4000) : undefined;
        const sent = await standIn.send({
          scope,
          ...(value !== undefined ? { value: value as Record<string, unknown> } : { text: text ?? '' }),
          ...(replyToId !== undefined ? { replyToId } : {}),
        });
        sendJson(res, sent.status < 300 ? 200 : 502, { status: sent.status });
      },
    },
    {
      method: 'GET',
      path: '/sandbox/teams/transcript',
      handler: async (req, res) => {
        const since = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('since') ?? '-1');
        if (since === standIn.version()) await standIn.waitForChange(since, 20_000);
        sendJson(res, 200, { version: standIn.version(), records: standIn.transcript().map(view) });
      },
    },
    ...Object.entries(ASSETS).map(
      ([path, file]): Route => ({
        method: 'GET',
        path,
        handler: (_req, res) => {
          res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'max-age=3600' });
          createReadStream(file).pipe(res);
        },
      }),
    ),
  ];
  return { id: 'teams', title: 'Teams', client: teamsPaneClient, css: TEAMS_CSS, routes };
}

/** What the page needs of a recorded activity. */
function view(r: RecordedActivity): Record<string, unknown> {
  const base = r.conversationId.split(';')[0];
  const scope = SCOPES.find((s) => STAND_IN.conversations[s] === base) ?? 'personal';
  const a = r.activity;
  const attachment = (a['attachments'] as { contentType?: string; content?: unknown }[] | undefined)?.find(
    (x) => x.contentType === 'application/vnd.microsoft.card.adaptive',
  );
  return {
    id: r.id,
    direction: r.direction,
    scope,
    ...(typeof a['text'] === 'string' ? { text: a['text'] } : {}),
    ...(attachment ? { card: attachment.content } : {}),
    ...(a['value'] !== undefined ? { value: a['value'] } : {}),
  };
}

const TEAMS_CSS = `
  #pane-teams { background: #f5f5f5; }
  .teams-scopes { display: flex; gap: 6px; padding: 10px 16px; background: #464775; }
  .teams-scope { background: transparent; color: #fff; border: 1px solid rgba(255,255,255,.4); border-radius: 4px; padding: 4px 10px; cursor: pointer; }
  .teams-scope.active { background: rgba(255,255,255,.25); }
  .teams-list { flex: 1; overflow-y: auto; padding: 16px; display: flex; flex-direction: column; gap: 12px; }
  .teams-msg { max-width: 85%; }
  .teams-msg.from-user { align-self: flex-end; }
  .teams-msg.from-user .teams-text { background: #e8ebfa; }
  .teams-author { font-size: 12px; color: #616161; margin-bottom: 2px; }
  .teams-text { background: #fff; border-radius: 4px; padding: 8px 12px; white-space: pre-wrap; }
  .teams-card { background: #fff; border-radius: 4px; box-shadow: 0 1px 2px rgba(0,0,0,.15); }
  .teams-card .ac-adaptiveCard { padding: 12px !important; }
  .teams-composer { display: flex; gap: 8px; padding: 12px 16px; border-top: 1px solid #e0e0e0; background: #fff; }
  .teams-composer input { flex: 1; padding: 8px; border: 1px solid #c8c8c8; border-radius: 4px; font: inherit; }
  .teams-composer button { background: #6264a7; color: #fff; border: 0; border-radius: 4px; padding: 8px 16px; cursor: pointer; }
  .teams-status { color: #c4314b; font-size: 12px; padding: 0 16px 8px; }
`;
