import { afterEach, describe, expect, it } from 'vitest';
import { AnswerQueue } from '../../../src/platforms/slack/answer-queue.js';
import { headerOf, startTestBot, textOf, type TestBot } from '../../fixtures/slack/test-bot.js';

describe('AnswerQueue', () => {
  it('holds at most `max` places; a released place can be taken again', () => {
    const q = new AnswerQueue(2);
    const a = q.enter();
    const b = q.enter();
    expect(a && b).toBeTruthy();
    expect(q.enter()).toBeUndefined();
    expect(q.refused).toBe(1);
    a!.done();
    a!.done(); // twice is once
    expect(q.size).toBe(1);
    expect(q.enter()).toBeDefined();
    expect(q.enter()).toBeUndefined();
  });

  it('gives turns in arrival order, one per event-loop iteration', async () => {
    const q = new AnswerQueue(10);
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3].map(async (i) => {
      const p = q.enter()!;
      await p.turn();
      order.push(i);
      p.done();
    }));
    expect(order).toEqual([0, 1, 2, 3]);
    expect(q.size).toBe(0);
  });

  it('refuses a bound that is not a positive integer', () => {
    expect(() => new AnswerQueue(0)).toThrow();
    expect(() => new AnswerQueue(1.5)).toThrow();
  });
});

describe('the bound over HTTP', () => {
  let t: TestBot | undefined;
  afterEach(async () => {
    await t?.close();
  });

  it('past SLACK_ANSWER_QUEUE_MAX the ack says busy and nothing else follows; the others are answered once', async () => {
    t = await startTestBot({ env: { SLACK_ANSWER_QUEUE_MAX: '2' } });
    const bot = t;
    // Digest commands hold their place while they ask Slack about the channel and the user: a slow
    // Web API keeps two places taken for a while, deterministically.
    bot.slack.faults.webApi = ({ method }) => (method === 'auth.test' ? undefined : { kind: 'delay', ms: 1000 });
    const held = [await bot.slack.sendCommand({ text: 'digest daily 08:00 UTC ghana' }), await bot.slack.sendCommand({ text: 'digest daily 09:00 UTC togo' })];
    const busy = [await bot.slack.sendCommand({ text: 'kenya' }), await bot.slack.sendCommand({ text: 'china' })];
    expect([...held, ...busy].map((d) => d.status)).toEqual([200, 200, 200, 200]);
    expect(held.map((d) => d.responseBody)).toEqual(['', '']);
    for (const d of busy) expect(JSON.parse(d.responseBody)).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('try again') });
    // Slack shows an ack body to the user at once (the stand-in records it as Slack shows it).
    expect(bot.slack.messages.filter((m) => m.via === 'ack' && textOf(m).includes('busy'))).toHaveLength(2);
    await bot.slack.waitFor(() => held.every((d) => bot.slack.messages.some((m) => m.responseUrl === d.responseUrl)), 20_000);
    bot.slack.faults.webApi = undefined;
    // Places are free again; a later answer proves nothing else is still coming for the busy ones.
    const after = await bot.slack.sendCommand({ text: 'malaysia' });
    expect(after.responseBody).toBe('');
    await bot.slack.waitFor(() => bot.slack.messages.find((m) => m.responseUrl === after.responseUrl && headerOf(m) === 'Brief: malaysia'));
    for (const d of held) expect(bot.slack.messages.filter((m) => m.responseUrl === d.responseUrl)).toHaveLength(1);
    for (const d of busy) expect(bot.slack.messages.filter((m) => m.responseUrl === d.responseUrl)).toHaveLength(0);
    expect(bot.logs.filter((l) => l['msg'] === 'slack: answer queue full; the ack says busy')).toHaveLength(2);
  });

  it('a click while the queue is full is told, privately, to try again', async () => {
    t = await startTestBot({ env: { SLACK_ANSWER_QUEUE_MAX: '1' } });
    const bot = t;
    const first = await bot.slack.sendCommand({ text: 'kenya' });
    const page = await bot.slack.waitFor(() => bot.slack.messages.find((m) => m.responseUrl === first.responseUrl));
    bot.slack.faults.webApi = ({ method }) => (method === 'auth.test' ? undefined : { kind: 'delay', ms: 800 });
    await bot.slack.sendCommand({ text: 'digest daily 08:00 UTC ghana' });
    const click = await bot.slack.clickButton({ messageId: page.id, actionId: 'brief_sources' });
    expect(click.status).toBe(200);
    const told = await bot.slack.waitFor(() => bot.slack.messages.find((m) => m.responseUrl === click.responseUrl));
    expect(textOf(told)).toContain('try again');
    expect(told.ephemeral).toBe(true);
  });
});
