/**
 * Browser code of the Slack pane: a channel view, a composer for `/brief …`, and a renderer
 * for the bot's Block Kit. Every piece of text reaches the DOM through textContent or a checked
 * href, never innerHTML, so nothing in an article or a query can run as markup.
 * Self-contained on purpose: it is served as `(<this function>)(root)`.
 */
export function slackPaneClient(root: HTMLElement): void {
  type Text = { type: string; text: string };
  type Block = {
    type: string;
    text?: Text;
    elements?: { type: string; text?: Text | string; action_id?: string; style?: string }[];
  };
  type Message = { id: string; author: string; ephemeral: boolean; text: string; blocks: Block[]; version: number };

  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] => {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const decode = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const EMOJI: Record<string, string> = { ':warning:': '\u26A0\uFE0F', ':grey_question:': '\u2754', ':white_check_mark:': '\u2705' };
  const emoji = (s: string): string => s.replace(/:[a-z_]+:/g, (code) => EMOJI[code] ?? code);

  /** Slack mrkdwn → DOM: <url|label> links, *bold*, _italic_, `code`, ~strike~, newlines. */
  const formatted = (text: string, parent: HTMLElement): void => {
    const parts = text.split(/(\*[^*\n]+\*|_[^_\n]+_|`[^`\n]+`|~[^~\n]+~|\n)/);
    for (const part of parts) {
      if (part === '') continue;
      if (part === '\n') parent.appendChild(el('br'));
      else if (/^\*[^*]+\*$/.test(part)) parent.appendChild(el('b', undefined, decode(part.slice(1, -1))));
      else if (/^_[^_]+_$/.test(part)) parent.appendChild(el('i', undefined, decode(part.slice(1, -1))));
      else if (/^`[^`]+`$/.test(part)) parent.appendChild(el('code', undefined, decode(part.slice(1, -1))));
      else if (/^~[^~]+~$/.test(part)) parent.appendChild(el('s', undefined, decode(part.slice(1, -1))));
      else parent.appendChild(document.createTextNode(emoji(decode(part))));
    }
  };
  const mrkdwn = (text: string, parent: HTMLElement): void => {
    // Only the bot's own <…> tokens survive escaping: links, and mentions it chose to make.
    const tokens = text.split(/(<[^<>]*>)/);
    for (const token of tokens) {
      if (!/^<[^<>]*>$/.test(token)) {
        formatted(token, parent);
        continue;
      }
      const inner = token.slice(1, -1);
      if (inner.startsWith('@') || inner.startsWith('#') || inner.startsWith('!')) {
        parent.appendChild(el('span', 'mention', (inner.startsWith('#') ? '#' : '@') + inner.slice(1).split('|').pop()));
        continue;
      }
      const bar = inner.indexOf('|');
      const url = decode(bar >= 0 ? inner.slice(0, bar) : inner);
      const label = decode(bar >= 0 ? inner.slice(bar + 1) : inner);
      if (/^https?:\/\//i.test(url)) {
        const a = el('a', undefined, label);
        a.href = url;
        a.target = '_blank';
        a.rel = 'noopener noreferrer';
        parent.appendChild(a);
      } else {
        parent.appendChild(document.createTextNode(label));
      }
    }
  };
  const textObject = (t: Text | undefined, parent: HTMLElement): void => {
    if (!t) return;
    if (t.type === 'mrkdwn') mrkdwn(t.text, parent);
    else parent.appendChild(document.createTextNode(t.text));
  };

  const post = async (path: string, body: unknown): Promise<void> => {
    const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) status.textContent = 'The bot answered HTTP ' + res.status + ': ' + (await res.text());
  };

  const renderBlocks = (m: Message, parent: HTMLElement): void => {
    for (const b of m.blocks) {
      if (b.type === 'header') parent.appendChild(el('h3', 'bk-header', b.text?.text ?? ''));
      else if (b.type === 'divider') parent.appendChild(el('hr', 'bk-divider'));
      else if (b.type === 'section') {
        const d = el('div', 'bk-section');
        textObject(b.text, d);
        parent.appendChild(d);
      } else if (b.type === 'context') {
        const d = el('div', 'bk-context');
        for (const e of b.elements ?? []) {
          const span = el('span', 'bk-context-el');
          textObject(e as Text, span);
          d.appendChild(span);
        }
        parent.appendChild(d);
      } else if (b.type === 'actions') {
        const d = el('div', 'bk-actions');
        for (const e of b.elements ?? []) {
          if (e.type !== 'button') continue;
          const label = typeof e.text === 'object' ? e.text.text : '';
          const button = el('button', 'bk-button' + (e.style === 'primary' ? ' primary' : ''), label);
          button.addEventListener('click', () => {
            button.disabled = true;
            void post('/sandbox/slack/action', { messageId: m.id, actionId: e.action_id });
          });
          d.appendChild(button);
        }
        parent.appendChild(d);
      }
    }
  };

  const renderMessage = (m: Message): HTMLElement => {
    const item = el('article', 'msg ' + (m.author === 'bot' ? 'bot' : 'user'));
    item.dataset['id'] = m.id;
    const head = el('div', 'msg-head');
    head.appendChild(el('b', undefined, m.author === 'bot' ? 'briefbot' : m.author === 'slackbot' ? 'Slackbot' : 'you'));
    if (m.author === 'bot') head.appendChild(el('span', 'app-badge', 'APP'));
    if (m.ephemeral && m.author !== 'user') head.appendChild(el('span', 'only-you', 'Only visible to you'));
    item.appendChild(head);
    if (m.blocks.length > 0) renderBlocks(m, item);
    else {
      const d = el('div', 'bk-section');
      mrkdwn(m.text, d);
      item.appendChild(d);
    }
    return item;
  };

  const channel = el('div', 'channel-head', '# general');
  const list = el('div', 'timeline');
  list.setAttribute('role', 'log');
  const form = el('form', 'composer');
  const input = el('input');
  input.name = 'command';
  input.placeholder = '/brief kenya malaysia   (try /brief help)';
  input.autocomplete = 'off';
  input.setAttribute('aria-label', 'Message #general');
  const status = el('div', 'status');
  form.appendChild(input);
  root.append(channel, list, status, form);

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const value = input.value.trim();
    if (value === '') return;
    const match = /^(\/\S+)\s*([\s\S]*)$/.exec(value);
    input.value = '';
    status.textContent = '';
    void post('/sandbox/slack/command', match ? { command: match[1], text: match[2] } : { command: '/brief', text: value });
  });

  let version = -1;
  const poll = async (): Promise<void> => {
    for (;;) {
      try {
        const res = await fetch('/sandbox/slack/timeline?since=' + version);
        const data = (await res.json()) as { version: number; messages: Message[] };
        if (data.version !== version) {
          version = data.version;
          list.replaceChildren(...data.messages.map(renderMessage));
          list.scrollTop = list.scrollHeight;
        }
      } catch {
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  };
  void poll();
}
