import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STAND_IN } from '../../../src/sandbox/teams/connector.js';
import { cardOf, cardText, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const conv = STAND_IN.conversations;

describe('Teams bot over HTTP (stand-in mode)', () => {
  it('answers a personal chat message with a brief card, replying to the message', async () => {
    const { status, activity } = await h.standIn.send({ scope: 'personal', text: 'brief ghana norway' });
    expect(status).toBe(200);
    const [reply] = await h.standIn.waitForReplies(conv.personal, 1);
    expect(reply!.replyToId).toBe(activity['id']);
    const card = cardOf(reply!.activity);
    expect(card['type']).toBe('AdaptiveCard');
    expect(card['version']).toBe('1.5');
    const t = cardText(card);
    expect(t).toContain('Brief: ghana norway');
    expect(t).toMatch(/facts about Ghana and Norway.* Showing 1–5/);
  });

  it('strips the @mention in a channel and answers in the thread conversation', async () => {
    const { status, activity } = await h.standIn.send({ scope: 'channel', text: 'fisheries' });
    expect(status).toBe(200);
    const [reply] = await h.standIn.waitForReplies(conv.channel, 1);
    expect(reply!.conversationId).toBe(`${conv.channel};messageid=${String(activity['id'])}`);
    const t = cardText(cardOf(reply!.activity));
    expect(t).toContain('Brief: fisheries');
    expect(t).not.toContain('briefbot');
    expect(t).toContain('Ghana and Norway signed a fisheries memorandum.');
  });

  it('answers help and sources in a group chat', async () => {
    await h.standIn.send({ scope: 'groupChat', text: 'help' });
    await h.standIn.send({ scope: 'groupChat', text: 'brief sources' });
    const [help, sources] = await h.standIn.waitForReplies(conv.groupChat, 2);
    expect(cardText(cardOf(help!.activity))).toContain('@briefbot kenya malaysia');
    const s = cardText(cardOf(sources!.activity));
    expect(s).toContain('3 articles, 8 facts.');
    expect(s).toContain('Example Forum');
  });

  it('pages with More: the Action.Submit value arrives as a message and continues at the offset', async () => {
    await h.standIn.send({ scope: 'personal', text: 'ghana' });
    const [first] = await h.standIn.waitForReplies(conv.personal, 1);
    const card = cardOf(first!.activity);
    const more = (card['actions'] as { type: string; title: string; data?: unknown }[]).find((a) => a.title.startsWith('More'));
    expect(more?.data).toEqual({ action: 'more', query: 'ghana', offset: 5 });
    const { status } = await h.standIn.send({
      scope: 'personal',
      value: more!.data as Record<string, unknown>,
      replyToId: first!.id,
    });
    expect(status).toBe(200);
    const [, second] = await h.standIn.waitForReplies(conv.personal, 2);
    const t = cardText(cardOf(second!.activity));
    expect(t).toContain('Showing 6–8');
    expect(t).toContain('**6.**');
    expect(t).not.toContain('More (');
  });

  it('answers a forged or stale button value politely, without running a search', async () => {
    await h.standIn.send({ scope: 'personal', value: { action: 'more', query: '', offset: -1 } });
    const [reply] = await h.standIn.waitForReplies(conv.personal, 1);
    expect(cardText(cardOf(reply!.activity))).toContain('older or unknown card');
  });

  it('rejects malformed activities with 400 and runs nothing', async () => {
    const post = (body: string) =>
      fetch(`${h.baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect((await post('{not json')).status).toBe(400);
    expect((await post('[]')).status).toBe(400);
    expect((await post(JSON.stringify({ type: 'message', text: 'ghana' }))).status).toBe(400);
    const noConversation = { type: 'message', channelId: 'msteams', serviceUrl: h.standIn.serviceUrl(), from: { id: 'u' }, recipient: { id: 'b' }, text: 'ghana' };
    expect((await post(JSON.stringify(noConversation))).status).toBe(400);
    expect(h.standIn.transcript().filter((r) => r.direction === 'from-bot')).toHaveLength(0);
  });

  it('in stand-in mode refuses activities naming any other serviceUrl (the bot would post there)', async () => {
    const { activity } = await h.standIn.send({ scope: 'personal', text: 'ghana' });
    await h.standIn.waitForReplies(conv.personal, 1);
    const res = await fetch(`${h.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...activity, id: 'other', serviceUrl: 'http://127.0.0.1:9/' }),
    });
    expect(res.status).toBe(403);
    expect(h.standIn.transcript().filter((r) => r.direction === 'from-bot')).toHaveLength(1);
  });

  it('greets with help when added to a conversation', async () => {
    const res = await fetch(`${h.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'conversationUpdate',
        id: 'cu1',
        channelId: 'msteams',
        serviceUrl: h.standIn.serviceUrl(),
        from: STAND_IN.user,
        recipient: STAND_IN.bot,
        conversation: { id: conv.groupChat, conversationType: 'groupChat', isGroup: true },
        membersAdded: [STAND_IN.bot],
      }),
    });
    expect(res.status).toBe(200);
    const [reply] = await h.standIn.waitForReplies(conv.groupChat, 1);
    expect(cardText(cardOf(reply!.activity))).toContain('How to ask');
  });
});

describe('onTurnError', () => {
  it('logs and answers politely when the core throws, and the HTTP answer is still 200', async () => {
    const { fixedCorpus } = await import('../../../src/brief/corpus.js');
    const { fixtureFactBase } = await import('../../fixtures/teams/corpus.js');
    const fb = fixtureFactBase();
    const broken = fixedCorpus({
      fb,
      searcher: {
        search: () => {
          throw new Error('index corrupted');
        },
        coverage: () => ({ entities: [], topics: [], facts: 0, articles: 0 }),
      },
    });
    const b = await startHarness({}, broken);
    try {
      const { status } = await b.standIn.send({ scope: 'personal', text: 'ghana' });
      expect(status).toBe(200);
      const [reply] = await b.standIn.waitForReplies(conv.personal, 1);
      expect(reply!.activity['text']).toMatch(/^Sorry, something went wrong/);
      expect(JSON.stringify(reply!.activity)).not.toContain('index corrupted');
    } finally {
      await b.close();
    }
  });
});
