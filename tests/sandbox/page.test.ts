import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../fixtures/slack/test-bot.js';

let t: TestBot;
beforeEach(async () => {
  t = await startTestBot();
});
afterEach(async () => {
  await t.close();
});

const post = (path: string, body: unknown) =>
  fetch(new URL(path, t.bot.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('the sandbox page', () => {
  it('serves a shell with a tab and a section per pane, scripts as files under a strict CSP', async () => {
    const res = await fetch(t.bot.url);
    const html = await res.text();
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(html).toContain('data-pane="slack"');
    expect(html).toContain('<section class="pane" id="pane-slack"');
    expect(html).toContain('<script src="/sandbox/slack/pane.js" defer></script>');
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
    const js = await (await fetch(new URL('/sandbox/slack/pane.js', t.bot.url))).text();
    expect(js).toMatch(/^\(function slackPaneClient\(root\)/);
    expect(js).toContain('document.getElementById("pane-slack")');
  });

  it('sends a typed command through the stand-in and shows the answer in the timeline', async () => {
    const before = (await (await fetch(new URL('/sandbox/slack/timeline', t.bot.url))).json()) as { version: number };
    expect((await post('/sandbox/slack/command', { command: '/brief', text: 'kenya malaysia' })).status).toBe(200);
    await t.slack.waitFor(() => t.slack.messages.find((m) => m.author === 'bot'));
    const after = (await (await fetch(new URL(`/sandbox/slack/timeline?since=${before.version}`, t.bot.url))).json()) as {
      version: number;
      messages: { author: string; blocks: unknown[] }[];
    };
    expect(after.version).toBeGreaterThan(before.version);
    expect(after.messages.map((m) => m.author)).toEqual(['user', 'bot']);
    // The signed request went to /slack/events like Slack's would.
    expect(t.slack.deliveries[0]).toMatchObject({ kind: 'command', status: 200 });
  });

  it('clicks a button by message and action id, and refuses a click without them', async () => {
    await post('/sandbox/slack/command', { text: 'kenya' });
    const m = await t.slack.waitFor(() => t.slack.messages.find((x) => x.author === 'bot'));
    expect((await post('/sandbox/slack/action', { messageId: m.id, actionId: 'brief_sources' })).status).toBe(200);
    await t.slack.waitFor(() => t.slack.messages.filter((x) => x.author === 'bot').length === 2);
    expect((await post('/sandbox/slack/action', {})).status).toBe(400);
  });

  it('only passes a slash-command name through, never arbitrary text as the command', async () => {
    await post('/sandbox/slack/command', { command: '/brief <!channel>', text: 'help' });
    await t.slack.waitFor(() => t.slack.messages.find((x) => x.author === 'bot'));
    expect(new URLSearchParams(t.slack.deliveries[0]!.body).get('command')).toBe('/brief');
  });
});
