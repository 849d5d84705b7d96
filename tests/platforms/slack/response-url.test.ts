import { afterEach, describe, expect, it } from 'vitest';
import { firstPostFails, type Fault } from '../../../src/sandbox/slack/faults.js';
import type { Delivery } from '../../../src/sandbox/slack/index.js';
import { eventually, startTestBot, type TestBot } from '../../fixtures/slack/test-bot.js';

/**
 * response_url posts against a Slack stand-in that fails on purpose, over real HTTP: every brief
 * arrives exactly once, within Slack's 5 uses per response_url.
 */
let t: TestBot | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const posts = (bot: TestBot) => bot.slack.calls.filter((c) => c.method === 'response_url');
const QUERIES = ['kenya', 'china', 'malaysia', 'kenya malaysia', 'sources', 'help'];

async function sendMany(bot: TestBot, n: number): Promise<Delivery[]> {
  const out: Delivery[] = [];
  for (let i = 0; i < n; i++) out.push(await bot.slack.sendCommand({ text: QUERIES[i % QUERIES.length]! }));
  return out;
}

/** Waits until the stand-in has seen `expectedPosts` response_url posts, then checks each command has one answer. */
async function expectEachAnsweredOnce(bot: TestBot, sent: Delivery[], expectedPosts: number): Promise<void> {
  const count = (url: string | undefined) => bot.slack.messages.filter((m) => m.author === 'bot' && m.responseUrl === url).length;
  await bot.slack.waitFor(() => posts(bot).length >= expectedPosts && sent.every((d) => count(d.responseUrl) >= 1), 20_000);
  expect(posts(bot)).toHaveLength(expectedPosts);
  expect(sent.map((d) => count(d.responseUrl))).toEqual(sent.map(() => 1));
  expect(sent.every((d) => d.status === 200)).toBe(true);
}


describe('response_url posts retried inside Slack limits', () => {
  it.each<[string, Fault]>([
    ['one 500 on every response_url', { kind: 'status', status: 500 }],
    ['one 503 on every response_url', { kind: 'status', status: 503 }],
    ['one connection reset on every response_url', { kind: 'reset' }],
    ['one 429 with Retry-After: 1 on every response_url', { kind: 'status', status: 429, retryAfterS: 1 }],
  ])('%s: every brief arrives exactly once', async (_name, fault) => {
    t = await startTestBot();
    t.slack.faults.responseUrl = firstPostFails(fault);
    const sent = await sendMany(t, 24);
    // One failed post and one good one per command: no more uses than needed.
    await expectEachAnsweredOnce(t, sent, 48);
    expect(posts(t).filter((c) => c.ok)).toHaveLength(24);
  });

  it('a hang past the timeout (then a reset) is retried: every brief arrives exactly once', async () => {
    t = await startTestBot({ env: { SLACK_RESPONSE_URL_TIMEOUT_MS: '400' } });
    t.slack.faults.responseUrl = firstPostFails({ kind: 'hang', ms: 1500 });
    const sent = await sendMany(t, 8);
    await expectEachAnsweredOnce(t, sent, 16);
    expect(t.logs.some((l) => l['msg'] === 'slack: response_url post failed; retrying' && String(l['reason']).includes('no answer within 400 ms'))).toBe(true);
  });

  it('a post taken but answered past the timeout is retried as a replacement: one answer each, never two', async () => {
    t = await startTestBot({ env: { SLACK_RESPONSE_URL_TIMEOUT_MS: '300' } });
    t.slack.faults.responseUrl = firstPostFails({ kind: 'late', ms: 1200 });
    const sent = await sendMany(t, 8);
    await expectEachAnsweredOnce(t, sent, 16);
    // The retry replaced the copy that had landed.
    const answers = t.slack.messages.filter((m) => m.author === 'bot' && m.via === 'response_url');
    expect(answers).toHaveLength(8);
    expect(answers.every((m) => m.version === 2)).toBe(true);
  });

  it('a slow answer within the timeout is waited for, not posted again', async () => {
    t = await startTestBot({ env: { SLACK_RESPONSE_URL_TIMEOUT_MS: '5000' } });
    t.slack.faults.responseUrl = firstPostFails({ kind: 'delay', ms: 800 });
    const sent = await sendMany(t, 8);
    await expectEachAnsweredOnce(t, sent, 8);
  });

  it('a response_url that always fails is tried at most 5 times (its uses), then given up, and the bot carries on', async () => {
    t = await startTestBot();
    t.slack.faults.responseUrl = () => ({ kind: 'status', status: 500 });
    await t.slack.sendCommand({ text: 'kenya' });
    const failed = await eventually(() => t!.logs.find((l) => l['msg'] === 'slack: response_url post failed'));
    expect(failed).toMatchObject({ status: 500, attempts: 5 });
    expect(posts(t)).toHaveLength(5);
    t.slack.faults.responseUrl = undefined;
    const d = await t.slack.sendCommand({ text: 'china' });
    await t.slack.waitFor(() => t!.slack.messages.find((m) => m.responseUrl === d.responseUrl));
  });

  it('a 404 (expired_url) is not retried', async () => {
    t = await startTestBot();
    await t.slack.sendCommand({ text: 'kenya', responseUrlExpired: true });
    await eventually(() => t!.logs.find((l) => l['msg'] === 'slack: response_url post failed'));
    expect(posts(t)).toHaveLength(1);
  });

  it('Post to channel after a 500: one public copy, the private one deleted, within 5 uses', async () => {
    t = await startTestBot();
    const d = await t.slack.sendCommand({ text: 'kenya malaysia' });
    const priv = await t.slack.waitFor(() => t!.slack.messages.find((m) => m.responseUrl === d.responseUrl));
    // Every post on the click's response_url fails once first (the public copy, then the deletion).
    const seen = new Map<string, number>();
    t.slack.faults.responseUrl = (p) => {
      const n = seen.get(p.id) ?? 0;
      seen.set(p.id, n + 1);
      return n === 0 || n === 2 ? { kind: 'status', status: 500 } : undefined;
    };
    await t.slack.clickButton({ messageId: priv.id, actionId: 'brief_post' });
    await t.slack.waitFor(() => priv.deleted);
    expect(t.slack.messages.filter((m) => m.author === 'bot' && !m.ephemeral)).toHaveLength(1);
  });
});
