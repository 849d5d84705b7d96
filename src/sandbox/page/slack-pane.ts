import { readJsonObject, sendJson, type Route } from '../../http/server.js';
import type { SlackStandIn } from '../slack/index.js';
import type { PagePane } from './index.js';
import { slackPaneClient } from './slack-client.js';

/** The Slack pane of the sandbox page: the page talks to the stand-in, which talks to the bot as Slack does. */
export function slackPane(standIn: SlackStandIn): PagePane {
  const routes: Route[] = [
    {
      method: 'POST',
      path: '/sandbox/slack/command',
      handler: async (req, res) => {
        const body = await readJsonObject(req);
        const text = typeof body['text'] === 'string' ? body['text'] : '';
        const command = typeof body['command'] === 'string' && /^\/[\w-]+$/.test(body['command']) ? body['command'] : '/brief';
        // A failure shows in the timeline as Slack shows it ("… failed with the error …").
        const delivery = await standIn.sendCommand({ command, text });
        sendJson(res, 200, { status: delivery.status });
      },
    },
    {
      method: 'POST',
      path: '/sandbox/slack/action',
      handler: async (req, res) => {
        const body = await readJsonObject(req);
        if (typeof body['messageId'] !== 'string' || typeof body['actionId'] !== 'string') return sendJson(res, 400, { error: 'messageId and actionId are required' });
        const delivery = await standIn.clickButton({ messageId: body['messageId'], actionId: body['actionId'] });
        sendJson(res, delivery.status === 200 ? 200 : 502, { status: delivery.status });
      },
    },
    {
      method: 'GET',
      path: '/sandbox/slack/timeline',
      handler: async (req, res) => {
        // Long poll: answer at once if something changed since the caller's version, else wait.
        const since = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('since') ?? '-1');
        if (since === standIn.version) {
          await standIn.waitFor(() => standIn.version !== since, 20_000).catch(() => undefined);
        }
        const messages = standIn.messages
          .filter((m) => !m.deleted)
          .map(({ id, author, ephemeral, text, blocks, version }) => ({ id, author, ephemeral, text, blocks, version }));
        sendJson(res, 200, { version: standIn.version, messages });
      },
    },
  ];
  return { id: 'slack', title: 'Slack', client: slackPaneClient, css: SLACK_CSS, routes };
}

const SLACK_CSS = `
  #pane-slack .channel-head { padding: 12px 20px; border-bottom: 1px solid #ddd; font-weight: 700; }
  #pane-slack .timeline { flex: 1; overflow-y: auto; padding: 12px 20px; }
  #pane-slack .msg { padding: 8px 0; border-bottom: 1px solid #f0f0f0; }
  #pane-slack .msg.user { color: #616061; font-family: ui-monospace, monospace; font-size: 13px; }
  #pane-slack .msg-head { display: flex; gap: 8px; align-items: center; margin-bottom: 4px; }
  #pane-slack .app-badge { font-size: 10px; background: #e8e8e8; padding: 0 4px; border-radius: 2px; color: #616061; }
  #pane-slack .only-you { font-size: 12px; color: #616061; }
  #pane-slack .bk-header { font-size: 18px; margin: 6px 0; }
  #pane-slack .bk-section { margin: 6px 0; white-space: normal; }
  #pane-slack .bk-context { display: flex; flex-direction: column; gap: 2px; font-size: 12.5px; color: #616061; margin: 2px 0 8px; }
  #pane-slack .bk-divider { border: 0; border-top: 1px solid #e0e0e0; margin: 10px 0; }
  #pane-slack .bk-actions { display: flex; gap: 8px; margin: 8px 0; }
  #pane-slack .bk-button { border: 1px solid #bbb; background: #fff; border-radius: 4px; padding: 4px 12px; font-weight: 600; cursor: pointer; }
  #pane-slack .bk-button.primary { background: #007a5a; color: #fff; border-color: #007a5a; }
  #pane-slack a { color: #1264a3; }
  #pane-slack code { background: #f6f6f6; border: 1px solid #e0e0e0; border-radius: 3px; padding: 0 3px; font-size: 12px; }
  #pane-slack .status { color: #b00; padding: 0 20px; font-size: 13px; }
  #pane-slack .composer { padding: 12px 20px; border-top: 1px solid #ddd; }
  #pane-slack .composer input { width: 100%; box-sizing: border-box; padding: 10px; font-size: 15px; border: 1px solid #aaa; border-radius: 6px; }
`;
