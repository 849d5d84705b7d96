/**
 * Browser code of the Teams pane: a conversation per scope (personal chat, group chat, channel),
 * a composer, and the bot's Adaptive Cards rendered by Microsoft's own `adaptivecards` renderer
 * (with markdown-it for TextBlock markdown, as Teams on the web does). Card buttons work: Submit
 * goes back to the bot through the stand-in as Teams would send it, OpenUrl opens the link.
 * User text reaches the DOM through textContent only.
 * Self-contained on purpose: it is served as `(<this function>)(root)`.
 */
export function teamsPaneClient(root: HTMLElement): void {
  type Rec = {
    id: string;
    direction: 'from-bot' | 'to-bot';
    scope: string;
    text?: string;
    card?: unknown;
    value?: unknown;
  };
  type AC = {
    AdaptiveCard: new () => {
      hostConfig: unknown;
      onExecuteAction: (action: { getJsonTypeName(): string; data?: unknown; url?: string }) => void;
      parse(json: unknown): void;
      render(): HTMLElement | undefined;
    };
    HostConfig: new (json: unknown) => unknown;
  };

  const scopes: [string, string][] = [
    ['personal', 'Personal chat'],
    ['groupChat', 'Group chat'],
    ['channel', 'Channel (@briefbot)'],
  ];
  let scope = 'personal';
  let version = -1;
  let records: Rec[] = [];

  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] => {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  const bar = el('div', 'teams-scopes');
  const list = el('div', 'teams-list');
  list.setAttribute('data-testid', 'teams-transcript');
  const form = el('form', 'teams-composer');
  const input = el('input');
  input.placeholder = 'brief kenya malaysia';
  input.setAttribute('aria-label', 'Message briefbot');
  input.setAttribute('data-testid', 'teams-input');
  const send = el('button', undefined, 'Send');
  send.type = 'submit';
  form.append(input, send);
  const status = el('div', 'teams-status');
  root.append(bar, list, form, status);

  for (const [id, label] of scopes) {
    const b = el('button', 'teams-scope' + (id === scope ? ' active' : ''), label);
    b.type = 'button';
    b.dataset['scope'] = id;
    b.addEventListener('click', () => {
      scope = id;
      bar.querySelectorAll('button').forEach((x) => x.classList.toggle('active', x === b));
      draw();
    });
    bar.appendChild(b);
  }

  const post = async (body: unknown): Promise<void> => {
    const res = await fetch('/sandbox/teams/send', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    status.textContent = res.ok ? '' : 'The bot answered ' + res.status;
  };

  const renderCard = (json: unknown, replyToId: string): HTMLElement => {
    const AdaptiveCards = (window as unknown as { AdaptiveCards?: AC }).AdaptiveCards;
    if (!AdaptiveCards) return el('pre', 'teams-raw', JSON.stringify(json, null, 2));
    const card = new AdaptiveCards.AdaptiveCard();
    card.hostConfig = new AdaptiveCards.HostConfig({ fontFamily: 'Segoe UI, Helvetica Neue, sans-serif' });
    card.onExecuteAction = (action) => {
      const type = action.getJsonTypeName();
      if (type === 'Action.Submit') void post({ scope, value: action.data, replyToId });
      else if (type === 'Action.OpenUrl' && typeof action.url === 'string' && /^https?:\/\//.test(action.url)) {
        window.open(action.url, '_blank', 'noopener,noreferrer');
      }
    };
    card.parse(json);
    return card.render() ?? el('div', undefined, '(empty card)');
  };

  const draw = (): void => {
    list.replaceChildren();
    for (const r of records.filter((x) => x.scope === scope)) {
      const row = el('div', 'teams-msg ' + (r.direction === 'to-bot' ? 'from-user' : 'from-bot'));
      row.dataset['id'] = r.id;
      row.appendChild(el('div', 'teams-author', r.direction === 'to-bot' ? 'You' : 'briefbot'));
      if (r.card !== undefined) {
        const holder = el('div', 'teams-card');
        holder.appendChild(renderCard(r.card, r.id));
        row.appendChild(holder);
      } else if (r.value !== undefined) {
        row.appendChild(el('div', 'teams-text teams-action', 'pressed a card button: ' + JSON.stringify(r.value)));
      } else {
        row.appendChild(el('div', 'teams-text', (r.text ?? '').replace(/<at>([^<]*)<\/at>/g, '@$1')));
      }
      list.appendChild(row);
    }
    list.scrollTop = list.scrollHeight;
  };

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (text === '') return;
    input.value = '';
    void post({ scope, text });
  });

  const loadScript = (src: string): Promise<void> =>
    new Promise((resolve) => {
      const s = document.createElement('script');
      s.src = src;
      s.onload = () => resolve();
      s.onerror = () => resolve();
      document.head.appendChild(s);
    });

  const poll = async (): Promise<void> => {
    for (;;) {
      try {
        const res = await fetch('/sandbox/teams/transcript?since=' + version);
        const body = (await res.json()) as { version: number; records: Rec[] };
        if (body.version !== version) {
          version = body.version;
          records = body.records;
          draw();
        }
      } catch {
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  };

  // markdown-it first: the card renderer picks it up from window when it renders TextBlocks.
  void loadScript('/sandbox/teams/markdown-it.js')
    .then(() => loadScript('/sandbox/teams/adaptivecards.js'))
    .then(() => {
      root.dataset['ready'] = 'true';
      return poll();
    });
}
