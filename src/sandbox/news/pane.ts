import { sendJson } from '../../http/server.js';
import type { PagePane } from '../page/index.js';
import type { NewsSite } from './server.js';

/**
 * The "News site" pane of the local page: the stand-in's articles with their URLs, so a person can
 * type `/brief add <url>` in the Slack or Teams pane. Lists what is live now (a page published
 * later shows up on the next refresh).
 */
export function newsPane(site: NewsSite): PagePane {
  return {
    id: 'news',
    title: 'News site',
    client: newsPaneClient,
    css: NEWS_CSS,
    routes: [
      {
        method: 'GET',
        path: '/sandbox/news/articles',
        handler: (_req, res) => sendJson(res, 200, { url: site.url, articles: site.articles() }),
      },
    ],
  };
}

/** Browser code; self-contained, since it is served as `(<this function>)(root)`. Text goes in through textContent only. */
export function newsPaneClient(root: HTMLElement): void {
  type Article = { slug: string; kind: string; outlet: string; title: string; url: string; language: string };
  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] => {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const head = el('div', 'news-head', 'News site (loopback stand-in)');
  const note = el('p', 'news-note', 'Copy a command below into the Slack or Teams pane to add that article.');
  const list = el('ul', 'news-list');
  const refresh = el('button', 'news-refresh', 'Refresh');
  root.append(head, note, refresh, list);
  const load = () => {
    fetch('/sandbox/news/articles')
      .then((r) => r.json() as Promise<{ url: string; articles: Article[] }>)
      .then((body) => {
        list.replaceChildren();
        note.textContent = `Running at ${body.url}. Copy a command below into the Slack or Teams pane to add that article.`;
        for (const a of body.articles) {
          const item = el('li', 'news-item');
          const link = el('a', undefined, a.title);
          // Only http(s) URLs of the stand-in reach an href.
          if (/^https?:\/\//.test(a.url)) link.href = a.url;
          link.target = '_blank';
          link.rel = 'noopener';
          const meta = el('div', 'news-meta', `${a.outlet} · ${a.kind} · ${a.language}`);
          const command = `/brief add ${a.url}`;
          const code = el('code', undefined, command);
          const copy = el('button', 'news-copy', 'Copy');
          copy.addEventListener('click', () => {
            navigator.clipboard?.writeText(command).then(
              () => {
                copy.textContent = 'Copied';
              },
              () => undefined,
            );
          });
          item.append(link, meta, code, copy);
          list.appendChild(item);
        }
      })
      .catch(() => {
        note.textContent = 'The news site stand-in did not answer.';
      });
  };
  refresh.addEventListener('click', load);
  load();
}

const NEWS_CSS = `
  #pane-news { padding: 12px 20px; }
  #pane-news .news-head { font-weight: 700; padding: 4px 0; }
  #pane-news .news-note { color: #616061; font-size: 13px; }
  #pane-news .news-list { list-style: none; padding: 0; }
  #pane-news .news-item { padding: 8px 0; border-bottom: 1px solid #f0f0f0; }
  #pane-news .news-meta { font-size: 12px; color: #616061; }
  #pane-news code { display: inline-block; margin-top: 4px; background: #f6f6f6; border: 1px solid #e0e0e0; border-radius: 3px; padding: 0 4px; font-size: 12px; word-break: break-all; }
  #pane-news .news-copy, #pane-news .news-refresh { margin-left: 8px; border: 1px solid #bbb; background: #fff; border-radius: 4px; padding: 2px 8px; cursor: pointer; }
`;
