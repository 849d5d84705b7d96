import type { Route } from '../../http/server.js';

/**
 * The local sandbox page at `/`: one shell with a tab per pane (Slack now; Teams adds its own).
 * A pane brings its browser code (a self-contained function, type-checked with the rest of the
 * code and served as `/sandbox/<id>/pane.js`) and the routes that code talks to.
 */
export interface PagePane {
  id: string;
  title: string;
  /** Runs in the browser as `(<client>)(rootElement)`: it must not close over anything. */
  client: (root: HTMLElement) => void;
  css?: string;
  routes: Route[];
}

export function sandboxPageRoutes(panes: PagePane[]): Route[] {
  const routes: Route[] = [
    TABS_ROUTE,
    {
      method: 'GET',
      path: '/',
      handler: (_req, res) => {
        res.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:",
          'cache-control': 'no-store',
        });
        res.end(shell(panes));
      },
    },
  ];
  for (const pane of panes) {
    routes.push({
      method: 'GET',
      path: `/sandbox/${pane.id}/pane.js`,
      handler: (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
        res.end(`(${pane.client.toString()})(document.getElementById(${JSON.stringify(`pane-${pane.id}`)}));\n`);
      },
    });
    routes.push(...pane.routes);
  }
  return routes;
}

function shell(panes: PagePane[]): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const tabs = panes
    .map((p, i) => `<button class="tab${i === 0 ? ' active' : ''}" data-pane="${esc(p.id)}">${esc(p.title)}</button>`)
    .join('');
  const sections = panes
    .map((p, i) => `<section class="pane" id="pane-${esc(p.id)}"${i === 0 ? '' : ' hidden'}></section>`)
    .join('\n');
  const scripts = panes.map((p) => `<script src="/sandbox/${esc(p.id)}/pane.js" defer></script>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>briefbot — local sandbox</title>
<style>
  body { margin: 0; font: 15px/1.45 -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1d1c1d; background: #f4f4f5; }
  header { display: flex; align-items: center; gap: 16px; padding: 10px 20px; background: #3f0e40; color: #fff; }
  header h1 { font-size: 16px; margin: 0; font-weight: 600; }
  header .note { font-size: 12px; opacity: .8; }
  .tab { background: transparent; color: #fff; border: 1px solid rgba(255,255,255,.4); border-radius: 4px; padding: 4px 10px; cursor: pointer; }
  .tab.active { background: rgba(255,255,255,.2); }
  .pane { max-width: 900px; margin: 0 auto; background: #fff; min-height: calc(100vh - 50px); display: flex; flex-direction: column; }
  /* display:flex above would otherwise beat the hidden attribute and leave every pane on screen. */
  .pane[hidden] { display: none; }
  ${panes.map((p) => p.css ?? '').join('\n')}
</style>
</head>
<body>
<header><h1>briefbot — local sandbox</h1><nav>${tabs}</nav><span class="note">Everything here talks to the bot over the same HTTP endpoints the real platforms use.</span></header>
${sections}
<script src="/sandbox/tabs.js" defer></script>
${scripts}
</body>
</html>
`;
}

/** Tab switching, served as a file because the page's CSP forbids inline scripts. */
export const TABS_ROUTE: Route = {
  method: 'GET',
  path: '/sandbox/tabs.js',
  handler: (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
    res.end(`document.querySelectorAll('.tab').forEach(function (t) {
  t.addEventListener('click', function () {
    document.querySelectorAll('.tab').forEach(function (x) { x.classList.toggle('active', x === t); });
    document.querySelectorAll('.pane').forEach(function (p) { p.hidden = p.id !== 'pane-' + t.dataset.pane; });
  });
});
`);
  },
};
